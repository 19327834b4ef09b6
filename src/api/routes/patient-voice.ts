/**
 * Patient voice: feedback from patient participation groups, Healthwatch and other fixed sources, recorded as
 * themes (with a sentiment) and a short summary against a practice or a provider. No patient details: every
 * free-text field is refused if it holds an NHS number (however written) and is length-limited. The commissioner
 * team records for its area's practices and for providers; a practice records its own PPG's feedback. Counts
 * leave the server suppressed as concern counts do (see patient-voice/service.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { nowIso, today } from '../../domain/clock.js';
import { allow, type Viewer } from '../access.js';
import { badRequest, forbidden } from '../errors.js';
import { route } from '../route.js';
import { withoutNhsNumber } from '../params.js';
import { IsoDate, OrgCode, requireArea, requireOrganisation, requirePractice } from './organisations.js';
import { countViewOf } from './providers.js';
import { insertFeedback, listFeedback, type FeedbackRow } from '../../db/repos/patient-voice.js';
import {
  NO_PERSONAL_DETAILS,
  SENTIMENTS,
  SOURCE_DETAIL_MAX,
  SUMMARY_MAX,
  VOICE_SOURCE_IDS,
  VOICE_SOURCES,
  VOICE_THEME_IDS,
  VOICE_THEMES,
} from '../../patient-voice/taxonomy.js';
import { voiceCounts, type VoiceCountView } from '../../patient-voice/service.js';

const PROVIDER_TYPES = ['trust', 'trust_site'];

export const FeedbackBody = z
  .object({
    subject: z.enum(['practice', 'provider']),
    org: OrgCode.shape.code,
    /** for a provider: the commissioning area recording it (default: the recorder's only area) */
    area: OrgCode.shape.code.optional(),
    source: z.enum(VOICE_SOURCE_IDS),
    sourceDetail: withoutNhsNumber(
      z.string().trim().max(SOURCE_DETAIL_MAX, `must be at most ${SOURCE_DETAIL_MAX} characters`),
    ).nullish(),
    receivedOn: IsoDate,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    themes: z
      .array(z.object({ theme: z.enum(VOICE_THEME_IDS), sentiment: z.enum(SENTIMENTS) }))
      .min(1, 'must name at least one theme')
      .max(VOICE_THEME_IDS.length)
      .refine((ts) => new Set(ts.map((t) => t.theme)).size === ts.length, 'must name each theme once'),
    summary: withoutNhsNumber(
      z
        .string()
        .trim()
        .min(10, 'must summarise the feedback (at least 10 characters)')
        .max(SUMMARY_MAX, `must be at most ${SUMMARY_MAX} characters`),
    ),
  })
  .describe(NO_PERSONAL_DETAILS);

/**
 * A practice's counts: its own practice's users count its records in full (they read every one of them);
 * everyone else as concern counts are viewed.
 */
async function practiceView(viewer: Viewer, practice: string): Promise<VoiceCountView> {
  if (await viewer.can('voice.record_ppg', { org: practice }))
    return { areas: null, raw: true, covers: 'Feedback about your practice.' };
  return concernLike(viewer);
}

/** The concern count view, read for feedback: the records of the viewer's own area in full, else all suppressed. */
async function concernLike(viewer: Viewer): Promise<VoiceCountView> {
  const v = await countViewOf(viewer);
  const areas = viewer.permissions.areasFor('concerns.commission') ?? [];
  return {
    areas: v.practices,
    raw: v.raw,
    covers: !v.raw
      ? 'Feedback recorded by every area, suppressed.'
      : v.practices === null
        ? 'Feedback recorded by every area.'
        : `Feedback recorded for your area (${areas.join(', ')}); other areas’ feedback is theirs to see.`,
  };
}

/** The records about an organisation this viewer may read: their own area's (or own practice's), none otherwise. */
async function readable(db: Database, viewer: Viewer, org: string, subject: 'practice' | 'provider') {
  if (subject === 'practice' && (await viewer.can('voice.record_ppg', { org })))
    return listFeedback(db, org, null);
  const own = await viewer.permissions.rawConcernPractices();
  if (own !== null && own.size === 0) return [];
  return listFeedback(db, org, own && [...own]);
}

const itemView = (f: FeedbackRow) => ({
  ...f,
  sourceLabel: VOICE_SOURCES[f.source],
  themes: f.themes.map((t) => ({ ...t, label: VOICE_THEMES[t.theme] })),
});

/** The fixed lists, for the form. */
const lists = {
  sources: VOICE_SOURCE_IDS.map((id) => ({ id, label: VOICE_SOURCES[id] })),
  themes: VOICE_THEME_IDS.map((id) => ({ id, label: VOICE_THEMES[id] })),
  sentiments: SENTIMENTS,
  summaryMax: SUMMARY_MAX,
  sourceDetailMax: SOURCE_DETAIL_MAX,
  warning: NO_PERSONAL_DETAILS,
};

/** Provider-scorecard block: the last 12 months' counts as this viewer may see them (null to the public). */
export async function providerVoice(db: Database, viewer: Viewer, provider: string) {
  if (!viewer.permissions.signedIn) return null;
  return voiceCounts(db, provider, await concernLike(viewer));
}

export function patientVoiceRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/patient-voice',
    summary:
      'Record patient feedback (PPG, Healthwatch and other sources) about a practice or a provider: themes with sentiments and a short summary, no patient details',
    tags: ['patient voice'],
    access: allow('voice.record'),
    body: FeedbackBody,
    handler: async ({ body, viewer, request, reply }) => {
      const org = await requireOrganisation(db, body.org);
      let area: string;
      if (body.subject === 'practice') {
        await requirePractice(db, org.code, 'feedback with subject "practice" is about a GP practice');
        if (await viewer.can('voice.record_area', { org: org.code })) area = org.code;
        else if (await viewer.can('voice.record_ppg', { org: org.code })) {
          if (body.source !== 'ppg')
            throw forbidden(
              `source: a practice records its own patient participation group’s feedback (ppg); ${VOICE_SOURCES[body.source]} is recorded by the commissioner team`,
            );
          area = org.code;
        } else
          throw forbidden(
            `org: you can record feedback only for ${viewer.permissions.holds('voice.record_ppg') ? 'your own practice' : 'your own area’s practices'}; ${org.code} is not one of them`,
          );
      } else {
        if (!PROVIDER_TYPES.includes(org.type))
          throw badRequest(
            `org: feedback with subject "provider" is about an NHS trust or its site; ${org.code} is a ${org.type}`,
          );
        const named = body.area ?? viewer.permissions.soleArea('voice.record_area');
        if (!viewer.permissions.holds('voice.record_area'))
          throw forbidden(
            'subject: a practice records feedback about its own practice; the commissioner team records feedback about providers',
          );
        if (!named)
          throw badRequest('area: name the commissioning area (an ICB or sub-ICB code) this is recorded for');
        if (!(await viewer.can('voice.record_area', { org: named })))
          throw forbidden(`area: you can record feedback only for your own area; ${named} is not yours`);
        area = (await requireArea(db, named)).code;
      }
      const t = today();
      if (body.receivedOn > t)
        throw badRequest(`receivedOn must not be in the future, got "${body.receivedOn}"`);
      if (body.periodFrom > body.periodTo)
        throw badRequest(
          `periodTo must be on or after periodFrom, got "${body.periodFrom}" to "${body.periodTo}"`,
        );
      if (body.periodTo > body.receivedOn)
        throw badRequest(
          `periodTo must be on or before receivedOn (the period covered ends before the feedback came in), got "${body.periodTo}"`,
        );
      const input = {
        subject: body.subject,
        org: org.code,
        area,
        source: body.source,
        sourceDetail: body.sourceDetail || null,
        receivedOn: body.receivedOn,
        periodFrom: body.periodFrom,
        periodTo: body.periodTo,
        summary: body.summary,
        themes: body.themes,
      };
      const id = await viewer.audited(
        request.ip,
        (made: number) => ({
          action: 'voice.recorded',
          target: `feedback ${made}`,
          outcome: 'success',
          // the summary is not copied into the audit trail: themes and where it came from are enough
          details: { subject: body.subject, org: org.code, area, source: body.source, themes: body.themes },
        }),
        (tx) => insertFeedback(tx, input, { userId: viewer.actor.userId, role: viewer.role }, nowIso()),
      );
      reply.code(201);
      const [made] = (await listFeedback(db, org.code, [area])).filter((f) => f.id === id);
      return itemView(made!);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/patient-voice',
    summary:
      'Patient feedback about a practice: counts by theme and sentiment over the last 12 months (suppressed outside its area) and the records you may read',
    tags: ['patient voice'],
    access: allow('voice.read'),
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requirePractice(db, params.code, 'this is the practice page’s patient feedback');
      const mayRecord =
        (await viewer.can('voice.record_area', { org: org.code })) ||
        (await viewer.can('voice.record_ppg', { org: org.code }));
      return {
        organisation: { code: org.code, name: org.name, type: org.type },
        counts: await voiceCounts(db, org.code, await practiceView(viewer, org.code)),
        items: (await readable(db, viewer, org.code, 'practice')).map(itemView),
        mayRecord,
        ppgOnly: mayRecord && !(await viewer.can('voice.record_area', { org: org.code })),
        lists,
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/patient-voice',
    summary:
      'Patient feedback about a provider: counts by theme and sentiment over the last 12 months (suppressed outside the area) and your area’s records',
    tags: ['patient voice'],
    access: allow('voice.read'),
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      if (!PROVIDER_TYPES.includes(org.type))
        throw badRequest(
          `${org.code} is a ${org.type}; this is patient feedback about an NHS trust or its site`,
        );
      return {
        organisation: { code: org.code, name: org.name, type: org.type },
        counts: await voiceCounts(db, org.code, await concernLike(viewer)),
        items: (await readable(db, viewer, org.code, 'provider')).map(itemView),
        mayRecord: viewer.permissions.holds('voice.record_area'),
        areas: viewer.permissions.areasFor('voice.record_area'),
        ppgOnly: false,
        lists,
      };
    },
  });
}

/**
 * Providers as GPs and commissioners see them: signals from concerns, the scorecard, surveillance status,
 * serious incidents, deadline settings, themes across providers and the side-by-side view for referral choice.
 * Counts of concerns leave the commissioner team only after small-number suppression (1–7 hidden, others to
 * the nearest 5, rates from the rounded counts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { today } from '../../domain/clock.js';
import { addCalendarDays } from '../../domain/working-days.js';
import { suppressedValue } from '../../stats/suppress.js';
import { allow, paramOrg, type Viewer } from '../access.js';
import type { Action, ConcernScope } from '../../auth/policy.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../route.js';
import { IdParams, withoutNhsNumber } from '../params.js';
import { OrgCode, requireOrganisation, IsoDate } from './organisations.js';
import { rethrow } from '../../concerns/routes.js';
import {
  getIncident,
  incidentDeadlines,
  INCIDENT_STATUSES,
  listIncidents,
  NEVER_EVENTS_2018,
  openIncident,
  updateIncident,
  type IncidentRow,
} from '../../concerns/incidents.js';
import { getConcerns } from '../../concerns/concerns.js';
import { providerSettings, saveProviderSettings } from '../../concerns/settings.js';
import {
  setSurveillance,
  surveillanceHistory,
  currentByArea,
  SURVEILLANCE_LEVELS,
  type SurveillanceLevel,
} from '../../concerns/surveillance.js';
import { patternsFor, providersWithConcerns, themes, type ProviderPatterns } from '../../concerns/signals.js';
import {
  aeSeries,
  concernSummary,
  measureTitles,
  REFERRAL_MEASURES,
  snapshotMeasures,
} from '../../concerns/scorecard.js';
import { HARM_IDS, SERVICES } from '../../concerns/taxonomy.js';
import { SUPPRESSION_NOTE } from '../suppression.js';
import { partiesFor } from '../../concerns/visibility.js';
import { providerVoice } from './patient-voice.js';

/**
 * Whose concerns a viewer counts, and whether unsuppressed: the commissioner team counts the concerns from its own
 * area's practices, in full (an administrator every practice's); everyone else (partners, the provider, practices)
 * counts every concern, suppressed. No commissioner sees another area's concerns unsuppressed.
 */
export interface CountView {
  /** practices whose concerns are counted (null: every practice) */
  practices: string[] | null;
  raw: boolean;
  /** what the counts cover, in words */
  covers: string;
}

export async function countViewOf(viewer: Viewer): Promise<CountView> {
  const own = await viewer.permissions.rawConcernPractices();
  if (own === null) return { practices: null, raw: true, covers: 'Concerns from every practice.' };
  if (own.size === 0)
    return { practices: null, raw: false, covers: 'Concerns from every practice, suppressed.' };
  const areas = viewer.permissions.areasFor('concerns.commission') ?? [];
  return {
    practices: [...own],
    raw: true,
    covers: `Concerns from the practices of your area (${areas.join(', ')}); other areas’ concerns are theirs to see.`,
  };
}

/** Keep only the concern ids this viewer may open (one query for all of them). */
async function visibleIds(db: Database, scope: ConcernScope, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const open = new Set(
    (await getConcerns(db, ids)).filter((c) => partiesFor(scope, c).length > 0).map((c) => c.id),
  );
  return ids.filter((id) => open.has(id));
}

const suppressList = (xs: number[]) => xs.map((x) => suppressedValue(x));

/** Patterns as this viewer (whose concern scope is given) may see them. */
function patternsView(view: CountView, visible: Set<number>, p: ProviderPatterns) {
  const raw = view.raw;
  const chart = (a: ProviderPatterns['overall']) => {
    if (!a) return null;
    if (raw) return a;
    const counts = suppressList(a.counts);
    const e = p.activity?.perMonth ?? 1;
    return {
      ...a,
      counts,
      rate: counts.map((c) => (c === null ? null : c / e)),
      cusum: { ...a.cusum, high: [], expected: [] },
    };
  };
  const signals = p.signals.map((s) => ({
    ...s,
    count: raw ? s.count : suppressedValue(s.count),
    summary: raw
      ? s.summary
      : `${s.categoryLabel}: ${s.method === 'cluster' ? 'a cluster of concerns' : s.method === 'spc' ? 'a month above the upper control limit' : 'a sustained rise'} (${s.from} to ${s.to})`,
    concernIds: s.concernIds.filter((id) => visible.has(id)),
  }));
  return {
    providerCode: p.providerCode,
    activity: p.activity,
    months: p.months,
    overall: chart(p.overall),
    byCategory: p.byCategory.map((c) => ({
      ...c,
      total: raw ? c.total : suppressedValue(c.total),
      analysis: chart(c.analysis),
    })),
    signals,
    suppressed: !raw,
    covers: view.covers,
    note: raw ? null : SUPPRESSION_NOTE,
  };
}

/** The concern ids behind these patterns that the viewer may open. */
async function openableIds(db: Database, viewer: Viewer, patterns: ProviderPatterns[]) {
  const ids = patterns.flatMap((p) => p.signals.flatMap((s) => s.concernIds));
  return new Set(await visibleIds(db, await viewer.permissions.concernScope(), [...new Set(ids)]));
}

/**
 * A provider's concern summary as this viewer may see it: raw for the commissioner team, otherwise counts
 * suppressed, intervals withheld and the rate rebuilt from the rounded count.
 */
function concernSummaryView(s: Awaited<ReturnType<typeof concernSummary>>, view: CountView) {
  if (view.raw) return { ...s, suppressed: false, covers: view.covers };
  const total = suppressedValue(s.total);
  const perYear = s.activity ? s.activity.perMonth * 12 : null;
  return {
    ...s,
    total,
    moderateOrWorse: suppressedValue(s.moderateOrWorse),
    interval: null,
    perThousand:
      // a rate rebuilt from a rounded count over a tiny denominator would say nothing true: withheld
      perYear && total !== null && !s.perThousand!.unstable
        ? { ...s.perThousand!, value: total / perYear, lower: null, upper: null }
        : null,
    byCategory: s.byCategory.map((c) => ({ ...c, count: suppressedValue(c.count) })),
    contractBreaches: s.contractBreaches.map((c) => ({ ...c, count: suppressedValue(c.count) })),
    suppressed: true,
    covers: view.covers,
    note: SUPPRESSION_NOTE,
  };
}

/** A provider's concern summary counted and suppressed as the viewer's count view says. */
const summaryFor = async (db: Database, view: CountView, provider: string, service?: string) =>
  concernSummaryView(await concernSummary(db, provider, service, view.practices), view);

function incidentView(i: IncidentRow) {
  return {
    ...i,
    neverEventLabel: i.neverEvent ? NEVER_EVENTS_2018[i.neverEvent] : null,
    deadlines: incidentDeadlines(i, today()),
  };
}

/**
 * The area a lead's change applies to: the one named, or the viewer's only area for the action; 400 when it
 * cannot be told, 403 when the viewer's grants do not cover it.
 */
async function areaFor(viewer: Viewer, action: Action, named: string | undefined): Promise<string> {
  const area = named ?? viewer.permissions.soleArea(action);
  if (!area) throw badRequest('area: name the commissioning area (an ICB or sub-ICB code) this is for');
  await viewer.require(
    action,
    { org: area },
    '',
    `Only ${area}’s own commissioners can change what applies to ${area}; you can change it for your own area.`,
  );
  return area;
}

/** The incident areas the viewer sees: those of their commissioner grants and below (null: every area). */
async function incidentAreas(viewer: Viewer): Promise<string[] | null> {
  if (!viewer.permissions.holds('incidents.record')) return null;
  const own = await viewer.permissions.organisationsFor('incidents.record');
  return own && [...own];
}

const Area = z.object({ area: OrgCode.shape.code.optional() });

/** Themes and signals as this viewer may see them, for the page and its download. */
export async function themesView(db: Database, viewer: Viewer) {
  const view = await countViewOf(viewer);
  const practices = view.practices;
  const t = await themes(db, practices);
  // the 40 providers with most concerns over the themes' own year (not since 1 January, which in
  // January would leave almost none)
  const since = addCalendarDays(today(), -365);
  const providers = (await providersWithConcerns(db, practices, since)).slice(0, 40);
  const patterns = await patternsFor(
    db,
    providers.map((p) => p.code),
    24,
    practices,
  );
  const visible = await openableIds(db, viewer, patterns);
  const names = new Map(providers.map((p) => [p.code, p.name]));
  const signals = patterns.flatMap((p) =>
    patternsView(view, visible, p).signals.map((s) => ({
      ...s,
      providerName: names.get(s.providerCode) ?? null,
    })),
  );
  // a viewer whose grants cover no practice reads everyone's concerns, so suppressed like every other count they see
  const rows = view.raw
    ? t.rows
    : t.rows.map((r) => ({
        ...r,
        last30: suppressedValue(r.last30),
        last90: suppressedValue(r.last90),
        last365: suppressedValue(r.last365),
      }));
  return {
    ...t,
    rows,
    suppressed: !view.raw,
    covers: view.covers,
    signals: signals.sort((a, b) => b.to.localeCompare(a.to)),
  };
}

export const ReferralQuery = z.object({
  service: z
    .string()
    .regex(/^\d{3}$/, 'must be a treatment function code')
    .optional(),
  providers: z
    .string()
    .regex(/^[A-Za-z0-9]{3,9}(,[A-Za-z0-9]{3,9}){0,19}$/, 'must be up to 20 ODS codes separated by commas')
    .optional(),
});

/** Providers side by side as this viewer may see them (counts suppressed as their view says), for the page and its download. */
export async function referralChoiceView(db: Database, viewer: Viewer, query: z.infer<typeof ReferralQuery>) {
  if (query.service && !SERVICES[query.service])
    throw badRequest(`service ${query.service} is not one Lantern knows`);
  const view = await countViewOf(viewer);
  const codes = query.providers
    ? query.providers.toUpperCase().split(',')
    : (await providersWithConcerns(db, view.practices, '1900-01-01', today())).slice(0, 8).map((p) => p.code);
  const rows = [];
  for (const code of codes) {
    const org = await requireOrganisation(db, code);
    const s = await summaryFor(db, view, org.code, query.service);
    rows.push({
      provider: { code: org.code, name: org.name },
      measures: await snapshotMeasures(db, org.code),
      // the side-by-side view gives rates only with their intervals: to those who see the counts in full
      concerns: {
        total: s.total,
        perThousand: view.raw ? s.perThousand : null,
        suppressed: s.suppressed,
        covers: view.covers,
      },
    });
  }
  return {
    service: query.service ? { code: query.service, label: SERVICES[query.service] } : null,
    /** the measures compared, with their titles, in column order */
    columns: await measureTitles(db, REFERRAL_MEASURES),
    note: 'Waiting times, cancer and diagnostics are trust-wide figures for one month of 2022 (the published snapshot); they are not broken down by specialty in the open data Lantern holds. Concern counts are for the last 12 months.',
    providers: rows,
    services: Object.entries(SERVICES).map(([code, label]) => ({ code, label })),
  };
}

export function providerRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/signals',
    summary:
      'Signals of rising or clustered concerns about a provider (u-chart, CUSUM, clusters), each linked to its concerns',
    tags: ['providers'],
    // a provider's own users see their trust only (404 for another: its existence is not confirmed)
    access: allow('providers.signals', paramOrg(), true),
    params: OrgCode,
    query: z.object({ months: z.coerce.number().int().min(6).max(120).default(24) }),
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const view = await countViewOf(viewer);
      const patterns = await patternsFor(db, [org.code], query.months, view.practices);
      return {
        provider: { code: org.code, name: org.name },
        asOf: today(),
        ...patternsView(view, await openableIds(db, viewer, patterns), patterns[0]),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/scorecard',
    summary:
      'A provider’s scorecard: public performance, concern rates and breaches, incidents and surveillance status',
    tags: ['providers'],
    access: { kind: 'public' },
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const signedIn = viewer.permissions.signedIn;
      const history = await surveillanceHistory(db, org.code);
      const byArea = currentByArea(history);
      // the most serious current status of any area, with every area's own beside it
      const current = byArea[0] ?? null;
      const seesIncidents = await viewer.can('providers.incidents', { org: org.code });
      return {
        provider: { code: org.code, name: org.name, type: org.type },
        ae: await aeSeries(db, org.code),
        snapshot: await snapshotMeasures(db, org.code),
        concerns: signedIn ? await summaryFor(db, await countViewOf(viewer), org.code) : null,
        patientVoice: await providerVoice(db, viewer, org.code),
        incidents: seesIncidents
          ? (await listIncidents(db, org.code, await incidentAreas(viewer))).map(incidentView)
          : null,
        surveillance: {
          current,
          level: current?.level ?? 'routine',
          label: SURVEILLANCE_LEVELS[current?.level ?? 'routine'],
          byArea: byArea.map((h) => ({ ...h, label: SURVEILLANCE_LEVELS[h.level] })),
          history,
        },
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/providers/:code/surveillance',
    summary:
      'Change a provider’s surveillance status (routine, enhanced surveillance, risk summit) with the rationale',
    tags: ['providers'],
    access: allow('providers.surveillance'),
    params: OrgCode,
    body: z.object({
      area: OrgCode.shape.code.optional(),
      level: z.enum(Object.keys(SURVEILLANCE_LEVELS) as [SurveillanceLevel, ...SurveillanceLevel[]]),
      reason: withoutNhsNumber(
        z.string().trim().min(10, 'must give the rationale (at least 10 characters)').max(5000),
      ),
      forum: withoutNhsNumber(z.string().trim().max(200)).nullish(),
      reviewOn: IsoDate.nullish(),
    }),
    handler: async ({ params, body, viewer, request }) => {
      const org = await requireOrganisation(db, params.code);
      const area = await areaFor(viewer, 'providers.surveillance', body.area);
      await viewer.audited(
        request.ip,
        {
          action: 'providers.surveillance',
          target: org.code,
          outcome: 'success',
          details: { ...body, area },
        },
        (tx) => setSurveillance(tx, org.code, area, body, viewer.actor.email),
      );
      return { history: await surveillanceHistory(db, org.code) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/settings',
    summary: 'A provider’s concern deadlines (working days) and serious-incident regime',
    tags: ['providers'],
    access: allow('providers.settings.read'),
    params: OrgCode,
    query: Area,
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const area = await areaFor(viewer, 'providers.settings.read', query.area);
      return { provider: org.code, area, ...(await providerSettings(db, org.code, area)) };
    },
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/providers/:code/settings',
    summary: 'Set a provider’s concern deadlines and serious-incident regime',
    tags: ['providers'],
    access: allow('providers.settings.write'),
    params: OrgCode,
    body: z.object({
      area: OrgCode.shape.code.optional(),
      acknowledge: z.number().int().min(1).max(60),
      triage: z.number().int().min(1).max(60),
      providerResponse: z.number().int().min(1).max(120),
      commissionerReview: z.number().int().min(1).max(120),
      incidentRegime: z.enum(['sif2015', 'psirf']),
    }),
    handler: async ({ params, body, viewer, request }) => {
      const org = await requireOrganisation(db, params.code);
      const area = await areaFor(viewer, 'providers.settings.write', body.area);
      await viewer.audited(
        request.ip,
        { action: 'providers.settings', target: org.code, outcome: 'success', details: { ...body, area } },
        (tx) => saveProviderSettings(tx, org.code, area, body, viewer.actor.email),
      );
      return { provider: org.code, area, ...(await providerSettings(db, org.code, area)) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/incidents',
    summary: 'Serious incidents and patient-safety incident responses at a provider, with their deadlines',
    tags: ['providers'],
    access: allow('providers.incidents', paramOrg(), true),
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const incidents = await listIncidents(db, org.code, await incidentAreas(viewer));
      return { incidents: incidents.map(incidentView) };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/incidents',
    summary: 'Record a serious incident (2015 framework) or a PSIRF patient-safety incident response',
    tags: ['providers'],
    access: allow('incidents.record'),
    body: z.object({
      provider: OrgCode.shape.code,
      area: OrgCode.shape.code.optional(),
      title: withoutNhsNumber(z.string().trim().min(3).max(300)),
      description: withoutNhsNumber(z.string().trim().min(3).max(5000)),
      harm: z.enum(HARM_IDS).nullish(),
      identifiedOn: IsoDate,
      reportedOn: IsoDate.nullish(),
      neverEvent: z.string().max(200).nullish(),
      dutyOfCandourOn: IsoDate.nullish(),
      responseType: z
        .enum(['psii', 'after_action_review', 'mdt_review', 'swarm_huddle', 'thematic_review', 'none'])
        .nullish(),
      regime: z.enum(['sif2015', 'psirf']).optional(),
    }),
    handler: async ({ body, viewer, request, reply }) => {
      const org = await requireOrganisation(db, body.provider);
      const area = await areaFor(viewer, 'incidents.record', body.area);
      const regime = body.regime ?? (await providerSettings(db, org.code, area)).incidentRegime;
      const id = await viewer
        .audited(
          request.ip,
          (made: number) => ({
            action: 'incidents.created',
            target: `incident ${made}`,
            outcome: 'success',
            details: { provider: org.code, area, regime },
          }),
          (tx) => openIncident(tx, viewer.actor, { ...body, provider: org.code, area, regime }),
        )
        .catch(rethrow);
      reply.code(201);
      return incidentView((await getIncident(db, id))!);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/incidents/:id',
    summary:
      'Update an incident: status, reported date, duty-of-candour date, response type, or add a document reference',
    tags: ['providers'],
    access: allow('incidents.record'),
    params: IdParams('an incident number'),
    body: z.object({
      status: z.enum(INCIDENT_STATUSES).optional(),
      reportedOn: IsoDate.optional(),
      dutyOfCandourOn: IsoDate.optional(),
      responseType: z.string().max(60).optional(),
      document: z
        .object({
          title: withoutNhsNumber(z.string().trim().min(2).max(200)),
          reference: z.string().trim().min(2).max(500),
        })
        .optional(),
    }),
    handler: async ({ params, body, viewer, request }) => {
      // only the area that recorded an incident changes it ('' before incidents had one: administrators)
      const incident = await getIncident(db, params.id);
      if (!incident || !(await viewer.can('incidents.record', { org: incident.areaCode || null })))
        throw notFound(`No incident ${params.id} that you can change.`);
      await viewer.audited(
        request.ip,
        { action: 'incidents.updated', target: `incident ${params.id}`, outcome: 'success', details: body },
        (tx) => updateIncident(tx, params.id, body),
      );
      return incidentView((await getIncident(db, params.id))!);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/themes',
    summary:
      'Themes: concerns per provider × category × service over the last 30, 90 and 365 days, with the signals behind them',
    tags: ['concerns'],
    access: allow('concerns.themes'),
    handler: async ({ viewer }) => themesView(db, viewer),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/referral-choice',
    summary:
      'Providers side by side for a service: waits, A&E, cancer and diagnostics, and concern rates, with intervals',
    tags: ['providers'],
    access: allow('referral_choice.read'),
    query: ReferralQuery,
    handler: async ({ query, viewer }) => referralChoiceView(db, viewer, query),
  });
}

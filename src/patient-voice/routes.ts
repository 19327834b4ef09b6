/**
 * Patient voice: feedback from patient participation groups, Healthwatch and other fixed sources, recorded as
 * themes (with a sentiment) and a short summary against a practice or a provider. No patient details: every
 * free-text field is refused if it holds an NHS number (however written) and is length-limited. The commissioner
 * team records for its area's practices and for providers; a practice records its own PPG's feedback. Counts
 * leave the server suppressed as concern counts do (see patient-voice/service.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { nowIso, today } from '../domain/clock.js';
import { allow } from '../api/access.js';
import { badRequest, forbidden } from '../api/errors.js';
import { route } from '../api/route.js';
import { requireArea, requireOrganisation, requirePractice } from '../organisations/lookup.js';
import { insertFeedback, listFeedback } from '../db/repos/patient-voice.js';
import { VOICE_SOURCES } from './taxonomy.js';
import { FeedbackBody, feedbackItem } from './contract.js';
import { itemView, PROVIDER_TYPES } from './visibility.js';

export function patientVoiceRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/patient-voice',
    summary:
      'Record patient feedback (PPG, Healthwatch and other sources) about a practice or a provider: themes with sentiments and a short summary, no patient details',
    tags: ['patient voice'],
    access: allow('voice.record'),
    body: FeedbackBody,
    responses: { 201: feedbackItem },
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
}

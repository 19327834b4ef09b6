/**
 * The improvement process with a practice: open a case by sharing the data, then each step (reply, peer review,
 * buddy, support plan and its agreement, reviews, escalation with an evidence pack, closure); and practices'
 * notes on their values. Who may see a case is decided per record: the commissioner team whose area holds the
 * practice, the practice itself, a peer-group lead covering it, and partners (NHS England) once it is escalated.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { participationIn } from './visibility.js';
import { today } from '../domain/clock.js';
import {
  buddySuggestions,
  caseChoices,
  evidencePack,
  getCase,
  isOverdue,
  listCases,
  stepsOf,
  takeStep,
  type CaseRow,
} from './service.js';
import { packHtml } from './pack.js';
import { allowedSteps, CLOSE_OUTCOMES, STAGE_LABEL, STEP_LABEL } from './workflow.js';
import { allow, type Viewer } from '../api/access.js';
import { conflict, notFound } from '../api/errors.js';
import { fileAnswer, route } from '../api/route.js';
import { IdParams } from '../api/params.js';
import {
  buddyAnswer,
  caseList,
  CaseListQuery,
  casePage,
  caseStepTaken,
  PackQuery,
  StepBody,
} from './contract.js';
import { rethrow } from './refusal.js';
import { sendDocument } from '../reports/send.js';
import { TIER_LABEL, type Tier } from '../variation/rules.js';

const Id = IdParams('a case number');

/** The case and what the viewer may do with it, or 404 when they may not see it. */
async function caseFor(db: Database, viewer: Viewer, id: number) {
  const c = await getCase(db, id);
  if (!c) throw notFound(`No improvement case ${id} that you can see.`);
  const who = await participationIn(viewer.permissions, c, async () =>
    (await stepsOf(db, c.id)).some((s) => s.kind === 'escalate'),
  );
  if (who.parties.length === 0 && !who.partnerReader)
    throw notFound(`No improvement case ${id} that you can see.`);
  return { c, ...who };
}

const summary = (c: CaseRow) => ({
  ...c,
  tierAtOpeningLabel: c.tierAtOpening ? (TIER_LABEL[c.tierAtOpening as Tier] ?? c.tierAtOpening) : null,
  stageLabel: STAGE_LABEL[c.stage],
  overdue: isOverdue(c),
});

export function improvementRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/improvement',
    summary:
      'Improvement cases the viewer may see (open by default; ?overdue=true for reviews past their date; ?practice= for one practice, with the indicators a new case could be about when the viewer may open one)',
    tags: ['improvement'],
    access: allow('improvement.read'),
    query: CaseListQuery,
    responses: { 200: caseList },
    handler: async ({ query, viewer }) => {
      const partnerOnly = viewer.permissions.onlyFor('improvement.escalated');
      const all = await listCases(db, {
        practices: query.practice ? [query.practice] : null,
        open: query.state === 'open',
        escalatedOnly: partnerOnly,
      });
      const cases = [];
      for (const c of all) {
        const who = await participationIn(viewer.permissions, c, async () => partnerOnly);
        if (who.parties.length === 0 && !who.partnerReader) continue;
        if (query.overdue === 'true' && !isOverdue(c)) continue;
        cases.push(summary(c));
      }
      // for one practice, to whoever may open a case with it: the indicators a case can be about
      const choices =
        query.practice && (await viewer.permissions.can('improvement.open', { org: query.practice }))
          ? await caseChoices(db, query.practice)
          : undefined;
      return { today: today(), cases, ...(choices ? { choices } : {}) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/improvement/:id',
    summary:
      'One improvement case: its stage, every step with who, when, why and evidence, and the steps open to you',
    tags: ['improvement'],
    access: allow('improvement.read'),
    params: Id,
    responses: { 200: casePage },
    handler: async ({ params, viewer }) => {
      const { c, parties, lead } = await caseFor(db, viewer, params.id);
      const commissioner = parties.includes('commissioner');
      const steps = (await stepsOf(db, c.id)).map((s) => ({
        ...s,
        kindLabel: STEP_LABEL[s.kind],
        // who acted is named to the commissioner team; others see the role and party
        actor: commissioner ? s.actor : null,
      }));
      return {
        case: summary(c),
        steps,
        parties,
        allowed: allowedSteps(c, parties, lead),
        stages: STAGE_LABEL,
        closeOutcomes: CLOSE_OUTCOMES,
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/improvement/:id/steps',
    summary: 'Take a step on an improvement case (409 names the steps open to you)',
    tags: ['improvement'],
    access: allow('improvement.read'),
    params: Id,
    body: StepBody,
    responses: { 200: caseStepTaken },
    handler: async ({ params, body, viewer, request }) => {
      const { c, parties, lead } = await caseFor(db, viewer, params.id);
      if (parties.length === 0) throw conflict('Partners read escalated cases; they take no steps.', {});
      await viewer
        .audited(
          request.ip,
          {
            action: `improvement.${body.kind}`,
            target: `case ${c.id}`,
            outcome: 'success',
            details: { practice: c.practiceCode, from: c.stage },
          },
          (tx) => takeStep(tx, c, viewer.actor, parties, lead, body),
        )
        .catch(rethrow);
      return { case: summary((await getCase(db, c.id))!) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/improvement/:id/buddies',
    summary:
      'Buddy suggestions: practices similar on case mix that do best on the indicators the case is about',
    tags: ['improvement'],
    access: allow('improvement.buddies'),
    params: Id,
    responses: { 200: buddyAnswer },
    handler: async ({ params, viewer }) => {
      const { c } = await caseFor(db, viewer, params.id);
      await viewer.require('improvement.buddies', { org: c.practiceCode }, `improvement case ${c.id}`);
      return {
        indicators: c.indicators,
        indicatorTitles: c.indicatorTitles,
        ...(await buddySuggestions(db, c.practiceCode, c.indicators)),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/improvement/:id/pack',
    summary:
      'The evidence pack of a case (format html, pdf or json): for the commissioner, and for partners once escalated',
    tags: ['improvement'],
    access: allow('improvement.pack'),
    params: Id,
    query: PackQuery,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    responses: {
      200: fileAnswer(
        'The evidence pack: an HTML page, a PDF download, or (format=json) its data',
        'text/html',
        'application/pdf',
        'application/json',
      ),
    },
    handler: async ({ params, query, viewer, reply, request }) => {
      const { c } = await caseFor(db, viewer, params.id);
      await viewer.require('improvement.pack', { org: c.practiceCode }, `improvement case ${c.id}`);
      const pack = await evidencePack(db, c);
      await viewer.audit(
        db,
        {
          action: 'improvement.pack',
          target: `case ${c.id}`,
          outcome: 'success',
          details: { practice: c.practiceCode, format: query.format },
        },
        request.ip,
      );
      if (query.format === 'json') return reply.send(pack);
      return reply.send(
        await sendDocument(
          reply,
          packHtml(pack),
          query.format,
          `evidence-pack-${c.practiceCode}-case-${c.id}`,
        ),
      );
    },
  });
}

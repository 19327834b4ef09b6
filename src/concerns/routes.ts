/**
 * Concerns about providers: the taxonomy, logging, the workflow with its deadlines, related concerns, and the
 * audited reveal of an NHS number. Who sees a concern is decided per record (visibility.ts partyFor): the
 * reporting practice, the commissioner team whose area holds the practice, and, once it has been sent to them,
 * the provider; what each of them sees of it is provider-visibility.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { allow } from '../api/access.js';
import { badRequest, conflict, forbidden } from '../api/errors.js';
import { route } from '../api/route.js';
import { acknowledge, createConcern, getConcern, revealNhsNumber, transition } from './concerns.js';
import { relatedConcerns } from './list.js';
import { ConcernInputError } from './errors.js';
import { saveCategory, taxonomy } from './categories.js';
import { IllegalTransition } from './workflow.js';
import { partiesFor } from './visibility.js';
import type { PatientKeys } from './nhs-number.js';
import { concernFor, concernListView, fullView } from './views.js';
import * as contract from './contract.js';

const CONCERN_USERS = allow('concerns.read');

/** For .catch(): a refused input becomes a 400 (or a 409 naming the allowed moves); anything else passes on. */
export const rethrow = (e: unknown): never => {
  throw inputError(e);
};

export const inputError = (e: unknown) =>
  e instanceof ConcernInputError
    ? badRequest(e.message)
    : e instanceof IllegalTransition
      ? conflict(e.message, { from: e.from, to: e.to, allowed: e.allowed })
      : e;

export function concernRoutes(app: FastifyInstance, db: Database, keys: PatientKeys): void {
  route(app, db, {
    method: 'GET',
    url: '/api/concerns/taxonomy',
    summary:
      'Concern categories (two levels, each mapped to an NRLS category), harm grades, contract standards, services and states',
    tags: ['concerns'],
    access: { kind: 'public' },
    responses: { 200: contract.taxonomy },
    handler: async () => taxonomy(db),
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/concerns/taxonomy/categories/:id',
    summary: 'Add, rename or retire a concern category (administrators)',
    tags: ['concerns'],
    access: allow('concerns.taxonomy'),
    params: contract.categoryParams,
    body: contract.categoryBody,
    responses: { 200: contract.taxonomy },
    handler: async ({ params, body, viewer, request }) => {
      await viewer
        .audited(
          request.ip,
          { action: 'concerns.category_saved', target: params.id, outcome: 'success', details: body },
          (tx) => saveCategory(tx, { id: params.id, ...body }),
        )
        .catch(rethrow);
      return taxonomy(db);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/concerns',
    summary: 'Log a concern about a provider (practice users); submitted unless kept as a draft',
    tags: ['concerns'],
    access: allow('concerns.report'),
    body: contract.newConcernBody,
    responses: { 201: contract.concernPage },
    handler: async ({ body, viewer, request, reply }) => {
      const practice = body.practice ?? viewer.permissions.soleArea('concerns.report');
      if (!practice) throw badRequest('practice: say which of your practices is reporting');
      await viewer.require(
        'concerns.report',
        { org: practice },
        '',
        `You do not report for practice ${practice}: report for your own practice.`,
      );
      const id = await viewer
        .audited(
          request.ip,
          (made: number) => ({
            action: 'concerns.created',
            target: `concern ${made}`,
            outcome: 'success',
            details: { provider: body.provider, draft: !!body.draft },
          }),
          (tx) =>
            createConcern(tx, keys, viewer.actor, {
              ...body,
              shareReporter: body.shareReporterWithProvider,
              practice,
              submit: !body.draft,
            }),
        )
        .catch(rethrow);
      const { concern, parties } = await concernFor(db, viewer, id);
      reply.code(201);
      return fullView(db, concern, parties);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns',
    summary: 'The concerns you can see, with their deadlines (filter by status, provider, overdue)',
    tags: ['concerns'],
    access: CONCERN_USERS,
    query: contract.concernListQuery,
    responses: { 200: contract.concernList },
    handler: async ({ query, viewer }) => concernListView(db, viewer, query),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/:id',
    summary: 'One concern with its deadlines, the moves you may make and its history',
    tags: ['concerns'],
    access: CONCERN_USERS,
    params: contract.concernIdParams,
    responses: { 200: contract.concernPage },
    handler: async ({ params, viewer }) => {
      const { concern, parties } = await concernFor(db, viewer, params.id);
      return fullView(db, concern, parties);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/concerns/:id/transitions',
    summary: 'Move a concern to another state with a reason (409 names the moves allowed)',
    tags: ['concerns'],
    access: CONCERN_USERS,
    params: contract.concernIdParams,
    body: contract.transitionBody,
    responses: { 200: contract.concernPage },
    handler: async ({ params, body, viewer, request }) => {
      const { concern, parties, scope } = await concernFor(db, viewer, params.id);
      if (body.incidentId && !parties.includes('commissioner'))
        throw forbidden('Only the commissioner links incidents.');
      if (body.duplicateOf) {
        const other = await getConcern(db, body.duplicateOf);
        if (!other || partiesFor(scope, other).length === 0)
          throw badRequest(`duplicateOf: no concern ${body.duplicateOf} that you can see`);
      }
      // an incident opened by escalation belongs to the area of the commissioner who escalates (asked before the
      // transaction: the embedded store has one connection)
      const area = (await viewer.permissions.owningArea('concerns.commission', concern.practiceCode)) ?? '';
      await viewer
        .audited(
          request.ip,
          {
            action: 'concerns.transition',
            target: `concern ${concern.id}`,
            outcome: 'success',
            details: { from: concern.status, to: body.to },
          },
          (tx) => transition(tx, concern, viewer.actor, parties, { ...body, area }),
        )
        .catch(rethrow);
      const after = await concernFor(db, viewer, params.id);
      return fullView(db, after.concern, after.parties);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/concerns/:id/acknowledge',
    summary: 'Acknowledge receipt of a submitted concern (commissioner team)',
    tags: ['concerns'],
    access: allow('concerns.acknowledge'),
    params: contract.concernIdParams,
    responses: { 200: contract.concernPage },
    handler: async ({ params, viewer }) => {
      const { concern } = await concernFor(db, viewer, params.id);
      await viewer.require('concerns.acknowledge', { org: concern.practiceCode }, `concern ${params.id}`);
      await db.transaction((tx) => acknowledge(tx, concern, viewer.actor)).catch(rethrow);
      const after = await concernFor(db, viewer, params.id);
      return fullView(db, after.concern, after.parties);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/:id/related',
    summary:
      'Concerns that may be the same problem (same patient, or same provider and category within 30 days)',
    tags: ['concerns'],
    access: allow('concerns.related'),
    params: contract.concernIdParams,
    responses: { 200: contract.relatedConcerns },
    handler: async ({ params, viewer }) => {
      const { concern, scope } = await concernFor(db, viewer, params.id);
      await viewer.require('concerns.related', { org: concern.practiceCode }, `concern ${params.id}`);
      // the service lists a reason that does not apply as null (service.ts, being split, keeps its own types)
      const related = await relatedConcerns(db, concern, scope);
      return { related: related.map((r) => ({ ...r, why: r.why.filter((w) => w !== null) })) };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/concerns/:id/nhs-number',
    summary: 'Reveal the patient’s NHS number (quality leads and administrators, with a reason; audited)',
    tags: ['concerns'],
    access: allow('concerns.reveal_nhs_number'),
    params: contract.concernIdParams,
    body: contract.revealBody,
    responses: { 200: contract.revealedNhsNumber },
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: async ({ params, body, viewer, request }) => {
      const { concern } = await concernFor(db, viewer, params.id);
      await viewer.require(
        'concerns.reveal_nhs_number',
        { org: concern.practiceCode },
        `concern ${params.id}`,
      );
      const nhsNumber = await viewer
        .audited(
          request.ip,
          {
            action: 'concerns.nhs_number_revealed',
            target: `concern ${concern.id}`,
            outcome: 'success',
            details: { reason: body.reason },
          },
          (tx) => revealNhsNumber(tx, keys, concern, viewer.actor, body.reason),
        )
        .catch(rethrow);
      return { id: concern.id, nhsNumber };
    },
  });
}

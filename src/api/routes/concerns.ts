/**
 * Concerns about providers: the taxonomy, logging, the workflow with its deadlines, related concerns, and the
 * audited reveal of an NHS number. Who sees a concern is decided per record (concerns/visibility.ts partyFor): the
 * reporting practice, the commissioner team whose area holds the practice, and, once it has been sent to them,
 * the provider, who never sees the reporter, the practice (unless the reporter agreed) or anything of the NHS number.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { allow, type Viewer } from '../access.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { route } from '../route.js';
import { idField, IdParams, withoutNhsNumber } from '../params.js';
import { IsoDate } from '../params.js';
import {
  acknowledge,
  ConcernInputError,
  createConcern,
  deadlinesOf,
  eventsOf,
  getConcern,
  listConcerns,
  relatedConcerns,
  revealNhsNumber,
  saveCategory,
  taxonomy,
  transition,
  type ConcernEvent,
  type ConcernRow,
} from '../../concerns/service.js';
import {
  IllegalTransition,
  allowedMoves,
  OUTCOMES,
  STATES,
  STATE_LABEL,
  NOTE_VISIBILITIES,
  type Party,
} from '../../concerns/workflow.js';
import { partiesFor } from '../../concerns/visibility.js';
import { CONTRACT_STANDARD_IDS, HARM_IDS, SERVICES } from '../../concerns/taxonomy.js';
import type { PatientKeys } from '../../concerns/nhs-number.js';
import { NRLS_CATEGORIES } from '../../concerns/taxonomy.js';

const CONCERN_USERS = allow('concerns.read');
const Id = IdParams('a concern number');

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

/** The viewer's scope and the concern, or 404 when they may not see it (its existence is not confirmed). */
async function concernFor(db: Database, viewer: Viewer, id: number) {
  const scope = await viewer.permissions.concernScope();
  const concern = await getConcern(db, id);
  const parties = concern ? partiesFor(scope, concern) : [];
  if (!concern || parties.length === 0) throw notFound(`No concern ${id} that you can see.`);
  return { scope, concern, parties };
}

/** A concern as this party may see it. Providers get neither the reporter nor anything of the NHS number. */
export function concernView(c: ConcernRow, party: Party) {
  const forProvider = party === 'provider';
  return {
    id: c.id,
    status: c.status,
    statusLabel: STATE_LABEL[c.status],
    provider: { code: c.providerCode, name: c.providerName },
    site: c.siteCode,
    service: c.service,
    serviceLabel: c.service ? (SERVICES[c.service] ?? `treatment function ${c.service}`) : null,
    category: {
      id: c.categoryId,
      label: c.categoryLabel,
      parentId: c.parentCategoryId,
      parentLabel: c.parentCategoryLabel,
    },
    harm: c.harm,
    description: c.description,
    eventDate: c.eventDate,
    contractStandard: c.contractStandard,
    nationalReference: c.nationalReference,
    urgent: c.urgent,
    practice: forProvider && !c.shareReporter ? null : { code: c.practiceCode, name: c.practiceName },
    reporter: forProvider && !c.shareReporter ? null : c.reporter,
    reporterHidden: forProvider && !c.shareReporter,
    hasNhsNumber: forProvider ? undefined : c.nhsNumberSealed !== null,
    duplicateOf: c.duplicateOf,
    outcome: c.outcome,
    incidentId: forProvider ? null : c.incidentId,
    synthetic: c.synthetic,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * The history as this party may see it: the practice's people are not named to the provider, and the commissioner's
 * internal notes reach only the commissioner team (the step is shown, its note is not).
 */
function eventView(e: ConcernEvent, party: Party, c: ConcernRow) {
  const hide = party === 'provider' && e.party === 'practice' && !c.shareReporter;
  const withheld = party !== 'commissioner' && e.visibility !== 'shared';
  const { details, ...rest } = e;
  return {
    ...rest,
    reason: withheld ? null : e.reason,
    actor: hide ? 'The reporting practice' : e.actor,
    role: hide ? null : e.role,
    details: party === 'provider' ? {} : details,
  };
}

async function fullView(db: Database, c: ConcernRow, parties: Party[]) {
  const party = parties[0];
  const deadlines = await deadlinesOf(db, c);
  return {
    ...concernView(c, party),
    viewingAs: party,
    due: Object.fromEntries(deadlines.filter((d) => !d.stopped).map((d) => [d.name, d.due])),
    deadlines,
    allowedTransitions: allowedMoves(c.status, parties),
    history: (await eventsOf(db, c.id))
      .filter((e) => party !== 'provider' || e.kind !== 'nhs_number_revealed')
      .map((e) => eventView(e, party, c)),
  };
}

const NewConcernBody = z.object({
  provider: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code'),
  site: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{5,9}$/, 'must be a site ODS code')
    .nullish(),
  service: z
    .string()
    .regex(/^\d{3}$/, 'must be a 3-digit treatment function code')
    .nullish(),
  category: z.string().min(1).max(80),
  description: withoutNhsNumber(
    z.string().trim().min(10, 'must say what happened (at least 10 characters)').max(5000),
  ),
  harm: z.enum(HARM_IDS),
  eventDate: IsoDate,
  contractStandard: z.enum(CONTRACT_STANDARD_IDS).nullish(),
  nationalReference: z.string().trim().max(40).nullish(),
  urgent: z.boolean().optional(),
  nhsNumber: z.string().max(20).nullish(),
  shareReporterWithProvider: z.boolean().optional(),
  /** the practice reporting (needed only when the user works for more than one) */
  practice: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,9}$/)
    .optional(),
  /** keep as a draft instead of submitting */
  draft: z.boolean().optional(),
});

export const ConcernListQuery = z.object({
  status: z.enum(STATES).optional(),
  provider: z.string().trim().toUpperCase().max(12).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

/** The concerns this viewer can see, as the list sends them, for the page and its download. */
export async function concernListView(db: Database, viewer: Viewer, query: z.infer<typeof ConcernListQuery>) {
  const scope = await viewer.permissions.concernScope();
  const rows = await listConcerns(db, scope, { ...query, overdue: query.overdue === 'true' });
  return {
    concerns: rows.map((r) => ({
      ...concernView(r.concern, r.party),
      viewingAs: r.party,
      deadlines: r.deadlines,
      overdue: r.deadlines.some((d) => d.overdue && !d.metOn),
      nextDue:
        r.deadlines
          .filter((d) => !d.metOn && !d.stopped)
          .map((d) => d.due)
          .sort()[0] ?? null,
    })),
  };
}

export function concernRoutes(app: FastifyInstance, db: Database, keys: PatientKeys): void {
  route(app, db, {
    method: 'GET',
    url: '/api/concerns/taxonomy',
    summary:
      'Concern categories (two levels, each mapped to an NRLS category), harm grades, contract standards, services and states',
    tags: ['concerns'],
    access: { kind: 'public' },
    handler: async () => taxonomy(db),
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/concerns/taxonomy/categories/:id',
    summary: 'Add, rename or retire a concern category (administrators)',
    tags: ['concerns'],
    access: allow('concerns.taxonomy'),
    params: z.object({
      id: z.string().regex(/^[a-z0-9_]{2,60}$/, 'must be lower-case letters, digits and _'),
    }),
    body: z.object({
      parentId: z.string().max(60).nullable(),
      label: withoutNhsNumber(z.string().trim().min(2).max(200)),
      nrls: z
        .enum(Object.keys(NRLS_CATEGORIES) as [string, ...string[]])
        .nullable()
        .default(null),
      retired: z.boolean().default(false),
    }),
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
    body: NewConcernBody,
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
    query: ConcernListQuery,
    handler: async ({ query, viewer }) => concernListView(db, viewer, query),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/:id',
    summary: 'One concern with its deadlines, the moves you may make and its history',
    tags: ['concerns'],
    access: CONCERN_USERS,
    params: Id,
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
    params: Id,
    body: z.object({
      to: z.enum(STATES),
      reason: withoutNhsNumber(z.string().trim().min(3, 'must say why').max(5000)),
      outcome: z.enum(OUTCOMES).optional(),
      duplicateOf: idField('a concern number').optional(),
      incidentId: idField('an incident number').optional(),
      /** the commissioner's note: internal to the commissioner team (the default) or shared with practice and provider */
      visibility: z.enum(NOTE_VISIBILITIES).optional(),
      regime: z.enum(['sif2015', 'psirf']).optional(),
    }),
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
    params: Id,
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
    params: Id,
    handler: async ({ params, viewer }) => {
      const { concern, scope } = await concernFor(db, viewer, params.id);
      await viewer.require('concerns.related', { org: concern.practiceCode }, `concern ${params.id}`);
      return { related: await relatedConcerns(db, concern, scope) };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/concerns/:id/nhs-number',
    summary: 'Reveal the patient’s NHS number (quality leads and administrators, with a reason; audited)',
    tags: ['concerns'],
    access: allow('concerns.reveal_nhs_number'),
    params: Id,
    body: z.object({
      reason: withoutNhsNumber(
        z.string().trim().min(10, 'must give the reason (at least 10 characters)').max(2000),
      ),
    }),
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

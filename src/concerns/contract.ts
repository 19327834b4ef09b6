/**
 * Concerns about providers: the requests and answers of /api/concerns/*. What each party sees of a concern is
 * decided in provider-visibility.ts; these schemas describe every field any party may be sent.
 */
import { z } from 'zod';
import { timestamp } from '../api/route.js';
import { idField, IdParams, withoutNhsNumber } from '../api/params.js';
import { isValidIsoDate } from '../domain/periods.js';
import { CONTRACT_STANDARD_IDS, HARM_IDS, NRLS_CATEGORIES } from './taxonomy.js';
import { NOTE_VISIBILITIES, OUTCOMES, STATES } from './workflow.js';

const isoDate = z.string().refine(isValidIsoDate, 'must be a date as YYYY-MM-DD');
const odsCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code');
const party = z.enum(['practice', 'commissioner', 'provider']);
const state = z.enum(STATES);

// ---- requests

export const concernIdParams = IdParams('a concern number');

export const newConcernBody = z.object({
  provider: odsCode,
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
  eventDate: isoDate,
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

export const concernListQuery = z.object({
  status: state.optional(),
  provider: z.string().trim().toUpperCase().max(12).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export type ConcernListQuery = z.infer<typeof concernListQuery>;

export const categoryParams = z.object({
  id: z.string().regex(/^[a-z0-9_]{2,60}$/, 'must be lower-case letters, digits and _'),
});
export const categoryBody = z.object({
  parentId: z.string().max(60).nullable(),
  label: withoutNhsNumber(z.string().trim().min(2).max(200)),
  nrls: z
    .enum(Object.keys(NRLS_CATEGORIES) as [string, ...string[]])
    .nullable()
    .default(null),
  retired: z.boolean().default(false),
});

export const transitionBody = z.object({
  to: state,
  reason: withoutNhsNumber(z.string().trim().min(3, 'must say why').max(5000)),
  outcome: z.enum(OUTCOMES).optional(),
  duplicateOf: idField('a concern number').optional(),
  incidentId: idField('an incident number').optional(),
  /** the commissioner's note: internal to the commissioner team (the default) or shared with practice and provider */
  visibility: z.enum(NOTE_VISIBILITIES).optional(),
  regime: z.enum(['sif2015', 'psirf']).optional(),
});

export const revealBody = z.object({
  reason: withoutNhsNumber(
    z.string().trim().min(10, 'must give the reason (at least 10 characters)').max(2000),
  ),
});

// ---- answers

const labelled = z.object({ id: z.string(), label: z.string() });

export const taxonomy = z.object({
  categories: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      retired: z.boolean(),
      items: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          retired: z.boolean(),
          nrlsCategory: z.string().nullable(),
          nrlsLabel: z.string().nullable(),
          contractStandard: z.string().nullable(),
        }),
      ),
    }),
  ),
  harmGrades: z
    .array(z.object({ id: z.enum(HARM_IDS), label: z.string(), description: z.string() }))
    .readonly(),
  contractStandards: z.array(labelled),
  services: z.array(z.object({ code: z.string(), label: z.string() })),
  states: z.array(labelled),
});

export const deadline = z.object({
  name: z.enum(['acknowledge', 'triage', 'providerResponse', 'commissionerReview']),
  label: z.string(),
  due: z.string(),
  metOn: z.string().nullable(),
  overdue: z.boolean(),
  /** working days left (negative when overdue); null once met */
  workingDaysLeft: z.number().int().nullable(),
  /** the concern ended (closed, redirected…) before this was needed */
  stopped: z.boolean(),
});

/** A concern as one party sees it (provider-visibility.ts): hidden parts are null, or absent (hasNhsNumber). */
export const concern = z.object({
  id: z.number().int(),
  status: state,
  statusLabel: z.string(),
  provider: z.object({ code: z.string(), name: z.string().nullable() }),
  site: z.string().nullable(),
  service: z.string().nullable(),
  serviceLabel: z.string().nullable(),
  category: z.object({ id: z.string(), label: z.string(), parentId: z.string(), parentLabel: z.string() }),
  harm: z.enum(HARM_IDS),
  description: z.string(),
  eventDate: z.string(),
  contractStandard: z.enum(CONTRACT_STANDARD_IDS).nullable(),
  nationalReference: z.string().nullable(),
  urgent: z.boolean(),
  /** null when the provider views and the reporter did not agree to be named */
  practice: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  reporter: z.string().nullable(),
  reporterHidden: z.boolean(),
  /** absent for the provider */
  hasNhsNumber: z.boolean().optional(),
  duplicateOf: z.number().int().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  incidentId: z.number().int().nullable(),
  synthetic: z.boolean(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});

export const concernEvent = z.object({
  id: z.number().int(),
  at: timestamp(),
  kind: z.string(),
  fromState: state.nullable(),
  toState: state.nullable(),
  actor: z.string(),
  role: z.string().nullable(),
  party,
  /** null when the note is internal to the commissioner team and the viewer is not */
  reason: z.string().nullable(),
  visibility: z.enum(NOTE_VISIBILITIES),
  details: z.record(z.string(), z.unknown()),
});

export const concernPage = concern.extend({
  viewingAs: party,
  /** the due day of each running deadline, by name */
  due: z.record(z.string(), z.string()),
  deadlines: z.array(deadline),
  allowedTransitions: z.array(state),
  history: z.array(concernEvent),
});

export const concernList = z.object({
  concerns: z.array(
    concern.extend({
      viewingAs: party,
      deadlines: z.array(deadline),
      overdue: z.boolean(),
      nextDue: z.string().nullable(),
    }),
  ),
});

export const relatedConcerns = z.object({
  related: z.array(
    z.object({
      id: z.number().int(),
      status: state,
      eventDate: z.string(),
      categoryLabel: z.string(),
      /** why it may be the same problem: 'same patient', 'same provider and category within 30 days' */
      why: z.array(z.string()),
    }),
  ),
});

export const revealedNhsNumber = z.object({ id: z.number().int(), nhsNumber: z.string() });

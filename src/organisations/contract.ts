/** The organisations API's contract: search, one organisation in its tree, its population and indicator values. */
import { z } from 'zod';
import { ORG_TYPES, OrganisationSummary } from '../domain/organisations.js';
import { catalogueEntry } from '../indicators/contract.js';
import { IsoDate } from '../api/params.js';

/** An organisation as lists show it (code, name, type, postcode, status, dates). */
export const organisationSummary = OrganisationSummary;

/** The shortest reference to an organisation, as most answers name one. */
export const organisationRef = z.object({ code: z.string(), name: z.string() });

/** An organisation reached by a link (a parent or child) as at a date. */
export const relatedOrganisation = organisationSummary.extend({
  relationship: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const organisationSearch = z.object({ results: z.array(organisationSummary) });

export const organisationPage = z.object({
  at: z.string(),
  organisation: organisationSummary.extend({
    attributes: z.record(z.string(), z.string()),
    typeLabel: z.string(),
  }),
  parents: z.array(relatedOrganisation),
  children: z.array(relatedOrganisation),
  history: z.array(relatedOrganisation.extend({ direction: z.enum(['parent', 'child']) })),
});

export const populationAnswer = z.object({
  code: z.string(),
  rows: z.array(
    z.object({
      date: z.string(),
      scheme: z.string(),
      sex: z.string(),
      ageBand: z.string(),
      patients: z.number(),
      loadId: z.number().int(),
    }),
  ),
});

/** Figures as local indicators' figures leave the server for someone outside their scope (see api/suppression.ts). */
const suppressed = { suppressed: z.literal(true).optional() };

/** One value of an organisation, with its provenance and its CCG and England benchmarks. */
export const valuePoint = z.object({
  indicatorCode: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  valueLabel: z.string().nullable(),
  definitionVersion: z.number().int(),
  loadId: z.number().int(),
  sourceFile: z.string(),
  loadedAt: z.string(),
  ccgCode: z.string().nullable(),
  ccgValue: z.number().nullable(),
  englandValue: z.number().nullable(),
  englandStatistic: z.string().nullable(),
  englandUnits: z.number().int().nullable(),
  qualityIssue: z.string().nullable(),
  ...suppressed,
});

export const organisationIndicators = z.object({
  code: z.string(),
  indicators: z.array(
    z.object({
      definition: catalogueEntry.nullable(),
      /** what the England benchmark covers, said plainly when far from every practice */
      englandLabel: z.string(),
      /** present when the figures are suppressed for this viewer */
      suppression: z.string().optional(),
      points: z.array(valuePoint),
    }),
  ),
});

/** Which indicators an organisation has values of, with their definitions: a page lists them, then asks each one's
 * series as it comes into view (`/api/organisations/{code}/indicators?indicator=`). */
export const organisationIndicatorList = z.object({
  code: z.string(),
  indicators: z.array(z.object({ code: z.string(), definition: catalogueEntry.nullable() })),
});

/** `indicator`: that indicator's series only (default every indicator's) */
export const OrganisationIndicatorsQuery = z.object({
  indicator: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'must be an indicator code')
    .optional(),
});

export const rollupAnswer = z.object({
  code: z.string(),
  indicator: z.string(),
  basis: z.enum(['then', 'now']),
  suppression: z.string().optional(),
  points: z.array(
    z.object({
      periodStart: z.string(),
      periodEnd: z.string(),
      practices: z.number().int(),
      numerator: z.number().nullable(),
      denominator: z.number().nullable(),
      value: z.number().nullable(),
      ...suppressed,
    }),
  ),
});

export const OrganisationSearchQuery = z.object({
  q: z.string().max(100).default(''),
  type: z.enum(ORG_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const RollupQuery = z.object({
  indicator: z.string().regex(/^[a-z0-9_]+$/),
  basis: z.enum(['then', 'now']).default('then'),
});

/** `at`: a date (default today) */
export const AtDateQuery = z.object({ at: IsoDate.optional() });

/** The top of the organisation tree (regions) as at a date. */
export const hierarchyAnswer = z.object({ at: z.string(), regions: z.array(organisationSummary) });

/**
 * The FHIR R4 answers under /fhir, described loosely: each resource's type and the elements Lantern sets (their
 * inner structure is FHIR's, see docs/fhir.md). Sent as application/fhir+json, or application/json when a client
 * accepts only that.
 */
import { z } from 'zod';
import { mediaAnswer } from '../api/route.js';
import { isValidIsoDate } from '../domain/periods.js';

export const FHIR_JSON = 'application/fhir+json';

/** A FHIR JSON answer: documented and checked under both media types the server sends it as. */
export const fhirAnswer = <S extends z.ZodType>(schema: S) =>
  mediaAnswer(schema, FHIR_JSON, 'application/json');

const element = z.record(z.string(), z.unknown());
const elements = z.array(element);
const extension = z.array(z.object({ url: z.string() }).loose());
const identifier = z.array(z.object({ system: z.string(), value: z.string() }));
const reference = z.object({ reference: z.string(), display: z.string().optional() }).loose();

/** Any resource: its type and its elements. */
export const resource = z.object({ resourceType: z.string() }).loose();

export const capabilityStatement = z.object({
  resourceType: z.literal('CapabilityStatement'),
  url: z.string(),
  name: z.string(),
  title: z.string(),
  status: z.string(),
  date: z.string(),
  publisher: z.string(),
  description: z.string(),
  kind: z.string(),
  software: element,
  implementation: element,
  fhirVersion: z.string(),
  format: z.array(z.string()),
  rest: elements,
});

export const organization = z.object({
  resourceType: z.literal('Organization'),
  id: z.string(),
  identifier,
  active: z.boolean(),
  type: elements,
  name: z.string(),
  address: z.array(z.object({ postalCode: z.string(), country: z.string() })).optional(),
  partOf: reference.optional(),
});

export const measure = z.object({
  resourceType: z.literal('Measure'),
  id: z.string(),
  extension,
  url: z.string(),
  identifier,
  version: z.string(),
  name: z.string(),
  title: z.string(),
  status: z.string(),
  publisher: z.string(),
  description: z.string(),
  topic: elements,
  scoring: element,
  improvementNotation: element.optional(),
  group: elements.optional(),
});

export const measureReport = z.object({
  resourceType: z.literal('MeasureReport'),
  extension: extension.optional(),
  status: z.string(),
  type: z.enum(['individual', 'summary']),
  measure: z.string(),
  subject: reference,
  period: z.object({ start: z.string(), end: z.string() }),
  improvementNotation: element.optional(),
  group: elements,
});

export const searchSet = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })),
  entry: z.array(z.object({ resource, search: z.object({ mode: z.enum(['match', 'include']) }) })),
});

export const operationOutcome = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(
    z.object({
      severity: z.enum(['fatal', 'error', 'warning', 'information']),
      code: z.string(),
      diagnostics: z.string(),
      expression: z.array(z.string()).optional(),
    }),
  ),
});

// ---- requests

/** `_format` is FHIR's way to ask for a format in the address; JSON is the only one served. */
export const formatQuery = { _format: z.enum(['json', 'application/json', FHIR_JSON]).optional() };
export const MEASURE_ID = /^[A-Za-z0-9\-_.]{1,64}$/;
export const metadataQuery = z.object({ ...formatQuery, mode: z.enum(['full']).optional() });
export const organizationQuery = z.object({
  ...formatQuery,
  date: z.string().refine(isValidIsoDate, 'must be a date as YYYY-MM-DD').optional(),
});
export const measureParams = z.object({
  id: z.string().regex(MEASURE_ID, 'must be a Measure id (an indicator code)'),
});
export const measureReportSearch = z.object({
  ...formatQuery,
  subject: z.string().max(120),
  measure: z.string().max(200),
  period: z.string().max(20).optional(),
  practices: z.enum(['true', 'false']).default('false'),
});

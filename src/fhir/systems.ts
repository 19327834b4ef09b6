/**
 * The URLs Lantern's FHIR resources use: the NHS and HL7 code systems it follows (UK Core conventions) and its own
 * code system and extensions, under one Lantern base. docs/fhir.md lists them with what each means.
 */

/** The base of Lantern's own canonical URLs (measures, code systems, extensions). */
export const LANTERN_FHIR_BASE = 'https://lantern.invalid/fhir';

export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const INDICATOR_SYSTEM = `${LANTERN_FHIR_BASE}/Id/indicator-code`;
export const ORGANISATION_TYPE_SYSTEM = `${LANTERN_FHIR_BASE}/CodeSystem/organisation-type`;

export const MEASURE_SCORING_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-scoring';
export const MEASURE_POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';
export const IMPROVEMENT_NOTATION_SYSTEM =
  'http://terminology.hl7.org/CodeSystem/measure-improvement-notation';
export const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

export const EXTENSION = {
  /** the funnel reading of an individual report (complex: expected, limits, flags) */
  funnelReading: `${LANTERN_FHIR_BASE}/StructureDefinition/funnel-reading`,
  /** a measure's multiplier: value = numerator ÷ denominator × multiplier */
  multiplier: `${LANTERN_FHIR_BASE}/StructureDefinition/measure-multiplier`,
  /** a measure's unit as Lantern shows it (%, per 1,000, …) */
  unit: `${LANTERN_FHIR_BASE}/StructureDefinition/measure-unit`,
  /** whether an indicator is published open data (false: a local indicator, suppressed for non-members) */
  published: `${LANTERN_FHIR_BASE}/StructureDefinition/measure-published`,
  /** how many practices a summary report's counts are summed over */
  practices: `${LANTERN_FHIR_BASE}/StructureDefinition/summary-practices`,
  /** the note that a report's counts are shown suppressed */
  suppression: `${LANTERN_FHIR_BASE}/StructureDefinition/suppression-note`,
} as const;

/** FHIR ids allow letters, digits, '-' and '.': an indicator code's underscores become hyphens in its Measure id. */
export const measureId = (code: string) => code.replace(/_/g, '-');
/** The indicator code a Measure id (or an indicator code itself) stands for. */
export const indicatorCodeOf = (id: string) => id.toLowerCase().replace(/-/g, '_');
export const measureUrl = (code: string) => `${LANTERN_FHIR_BASE}/Measure/${measureId(code)}`;

/** A FHIR resource as JSON: its type and anything else. */
export interface Resource {
  resourceType: string;
  [key: string]: unknown;
}

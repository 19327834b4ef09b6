/**
 * MeasureReport: an organisation's figures for one indicator and period. An individual report is a practice's (or
 * any organisation's own stored) numerator, denominator and score, with the funnel page's reading of it in the
 * funnel-reading extension; a summary report is an area's practices summed as they were then. Counts a viewer
 * sees suppressed are absent with a data-absent-reason of `masked`, never a value; a count the source did not
 * give is absent with `unknown`.
 */
import type { CatalogueEntry } from '../db/repos/indicators.js';
import type { z } from 'zod';
import type { measureReport } from './contract.js';
import type { FunnelRow } from '../variation/funnel.js';
import { suppressFigures, SUPPRESSION_NOTE } from '../api/suppression.js';
import { improvementNotation, populationCode } from './measure.js';
import { organizationReference } from './organization.js';
import { DATA_ABSENT_REASON, EXTENSION, measureUrl } from './systems.js';

export interface ReportFigures {
  periodStart: string;
  periodEnd: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface ReportInput {
  def: CatalogueEntry;
  subject: { code: string; name: string };
  figures: ReportFigures;
  type: 'individual' | 'summary';
  /** show the counts suppressed (a local indicator outside the viewer's scope) */
  suppressed: boolean;
  /** the funnel page's row for this practice and period (individual reports, unsuppressed only) */
  funnel?: { row: FunnelRow; method: string; comparator: string } | null;
  /** how many practices a summary's counts are summed over */
  practices?: number;
}

const absent = (reason: 'masked' | 'unknown') => ({
  extension: [{ url: DATA_ABSENT_REASON, valueCode: reason }],
});

/**
 * A count as FHIR carries it: the value, or no value with why (`_count` holds the primitive's extension): masked
 * when there was a figure the viewer sees suppressed, unknown when the source gave none.
 */
function count(shown: number | null, had: number | null): Record<string, unknown> {
  if (shown !== null) return { count: shown };
  return { _count: absent(had !== null ? 'masked' : 'unknown') };
}

const flagCode = (f: FunnelRow['flag_95']) => (f === '' ? 'within' : f);

/** The funnel reading as a complex extension; figures that are not finite numbers are left out. */
function funnelExtension(f: NonNullable<ReportInput['funnel']>) {
  const r = f.row;
  const decimals: Array<[string, number]> = [
    ['expected', r.expected],
    ['lower95', r.lower_95],
    ['upper95', r.upper_95],
    ['lower998', r.lower_99_8],
    ['upper998', r.upper_99_8],
    ['zAdjusted', r.z_adjusted],
  ];
  return {
    url: EXTENSION.funnelReading,
    extension: [
      { url: 'comparator', valueCode: f.comparator },
      ...decimals.filter(([, v]) => Number.isFinite(v)).map(([url, v]) => ({ url, valueDecimal: v })),
      { url: 'flag95', valueCode: flagCode(r.flag_95) },
      { url: 'flag998', valueCode: flagCode(r.flag_99_8) },
      { url: 'method', valueString: f.method },
    ],
  };
}

export function measureReportResource(input: ReportInput): z.input<typeof measureReport> {
  const { def, figures } = input;
  const shown = input.suppressed ? suppressFigures(figures, def.multiplier) : figures;
  const notation = improvementNotation(def.direction);
  const funnel = !input.suppressed && input.funnel ? [funnelExtension(input.funnel)] : [];
  const extension = [
    ...funnel,
    ...(input.practices !== undefined ? [{ url: EXTENSION.practices, valueInteger: input.practices }] : []),
    ...(input.suppressed ? [{ url: EXTENSION.suppression, valueString: SUPPRESSION_NOTE }] : []),
  ];
  return {
    resourceType: 'MeasureReport',
    ...(extension.length ? { extension } : {}),
    status: 'complete',
    type: input.type,
    measure: measureUrl(def.code),
    subject: organizationReference(input.subject),
    period: { start: figures.periodStart, end: figures.periodEnd },
    ...(notation ? { improvementNotation: notation } : {}),
    group: [
      {
        population: [
          { code: populationCode('numerator'), ...count(shown.numerator, figures.numerator) },
          { code: populationCode('denominator'), ...count(shown.denominator, figures.denominator) },
        ],
        measureScore:
          shown.value !== null && Number.isFinite(shown.value)
            ? { value: shown.value, ...(def.unit ? { unit: def.unit } : {}) }
            : absent(input.suppressed && figures.value !== null ? 'masked' : 'unknown'),
      },
    ],
  };
}

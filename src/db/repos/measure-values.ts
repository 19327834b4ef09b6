/** Indicator values as FHIR MeasureReports need them: one indicator, some organisations, optionally one period. */
import type { Queryable } from '../connect.js';

export interface MeasureValue {
  org: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  definitionVersion: number;
  /** why the value cannot be right as published (src/domain/value-quality.ts), or null */
  qualityIssue: string | null;
}

/** The current values of an indicator for the organisations, in period order (every period when none is named). */
export async function currentValuesOf(
  db: Queryable,
  indicator: string,
  orgs: string[],
  periodStart: string | null,
): Promise<MeasureValue[]> {
  if (orgs.length === 0) return [];
  return db.query<MeasureValue>(
    `SELECT v.org_code AS org, o.name, v.period_start AS "periodStart", v.period_end AS "periodEnd",
            v.numerator, v.denominator, v.value, v.definition_version AS "definitionVersion", v.quality_issue AS "qualityIssue"
       FROM indicator_values v JOIN organisations o ON o.code = v.org_code
      WHERE v.indicator_code = $1 AND v.current AND v.org_code = ANY($2::text[])
        AND ($3::date IS NULL OR v.period_start = $3::date)
      ORDER BY v.period_start, v.org_code`,
    [indicator, orgs, periodStart],
  );
}

/** The periods (start, end) in which an indicator has current values, oldest first. */
export async function periodsWithValues(
  db: Queryable,
  indicator: string,
): Promise<Array<{ periodStart: string; periodEnd: string }>> {
  return db.query(
    `SELECT DISTINCT period_start AS "periodStart", period_end AS "periodEnd" FROM indicator_values
      WHERE indicator_code = $1 AND current ORDER BY period_start`,
    [indicator],
  );
}

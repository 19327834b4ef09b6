/** Workforce figures per practice-year, read back from the three workforce indicators' current values. */
import type { Queryable } from '../connect.js';

/**
 * The workforce reader stores patients and GP FTE as patients_per_gp_fte's numerator and denominator, nurse FTE and
 * direct patient care FTE as the numerators of nurse_fte_per_1000 and dpc_fte_per_1000 (patients the denominator).
 */
export const WORKFORCE_INDICATORS = [
  'patients_per_gp_fte',
  'nurse_fte_per_1000',
  'dpc_fte_per_1000',
] as const;

export interface WorkforceRow {
  practice: string;
  periodStart: string;
  periodEnd: string;
  patients: number | null;
  gpFte: number | null;
  nurseFte: number | null;
  dpcFte: number | null;
}

/** Every year of the given practices, oldest first. */
export async function workforceRows(db: Queryable, practices: string[]): Promise<WorkforceRow[]> {
  if (practices.length === 0) return [];
  return db.query<WorkforceRow>(
    `SELECT org_code AS practice, period_start::text AS "periodStart", period_end::text AS "periodEnd",
            coalesce(max(numerator) FILTER (WHERE indicator_code = 'patients_per_gp_fte'),
                     max(denominator) FILTER (WHERE indicator_code <> 'patients_per_gp_fte')) AS patients,
            max(denominator) FILTER (WHERE indicator_code = 'patients_per_gp_fte') AS "gpFte",
            max(numerator) FILTER (WHERE indicator_code = 'nurse_fte_per_1000') AS "nurseFte",
            max(numerator) FILTER (WHERE indicator_code = 'dpc_fte_per_1000') AS "dpcFte"
       FROM indicator_values
      WHERE current AND org_code = ANY($1::text[]) AND indicator_code = ANY($2::text[])
      GROUP BY org_code, period_start, period_end
      ORDER BY org_code, period_start`,
    [practices, [...WORKFORCE_INDICATORS]],
  );
}

/**
 * Per year, the median and 90th centile of patients per GP FTE over every practice in the store with a returned
 * GP FTE (values flagged "not returned" carry a quality issue and are left out).
 */
export async function patientsPerGpFteDistribution(
  db: Queryable,
): Promise<Array<{ periodStart: string; practices: number; median: number; p90: number }>> {
  return db.query(
    `SELECT period_start::text AS "periodStart", count(*)::int AS practices,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY value) AS p90
       FROM indicator_values
      WHERE current AND indicator_code = 'patients_per_gp_fte' AND value IS NOT NULL AND quality_issue IS NULL
      GROUP BY period_start ORDER BY period_start`,
  );
}

/** A provider's published activity and performance (indicator_values of trusts) for its scorecard and rates. */
import type { Queryable } from '../connect.js';

export interface LatestReferrals {
  value: number;
  /** the month's first day */
  period: string;
}

/** The provider's latest month of GP referrals (more than none), or null. */
export async function latestGpReferrals(db: Queryable, provider: string): Promise<LatestReferrals | null> {
  const [ref] = await db.query<LatestReferrals>(
    `SELECT value, period_start AS period FROM indicator_values
      WHERE indicator_code = 'gp_referrals' AND org_code = $1 AND current AND value > 0
      ORDER BY period_start DESC LIMIT 1`,
    [provider],
  );
  return ref ?? null;
}

export interface MeanAttendances {
  /** null when there are no monthly values */
  value: number | null;
  months: number;
}

/** The mean of the provider's latest 12 monthly A&E attendance counts. */
export async function meanAeAttendances(db: Queryable, provider: string): Promise<MeanAttendances> {
  const [ae] = await db.query<MeanAttendances>(
    `SELECT avg(value) AS value, count(*)::int AS months FROM (
       SELECT value FROM indicator_values WHERE indicator_code = 'ae_attendances_all' AND org_code = $1 AND current
        AND period_end - period_start < 40 ORDER BY period_start DESC LIMIT 12) x`,
    [provider],
  );
  return ae!;
}

export interface AeMonth {
  period: string;
  attendances: number;
  within: number | null;
  pct: number | null;
}

/** The provider's monthly A&E attendances and those seen within 4 hours, oldest first. */
export function aeMonths(db: Queryable, provider: string): Promise<AeMonth[]> {
  return db.query<AeMonth>(
    `SELECT a.period_start AS period, a.value AS attendances, w.numerator AS within, w.value AS pct
       FROM indicator_values a
       LEFT JOIN indicator_values w ON w.org_code = a.org_code AND w.indicator_code = 'ae_within_4h_all'
        AND w.period_start = a.period_start AND w.period_end = a.period_end AND w.current
      WHERE a.indicator_code = 'ae_attendances_all' AND a.org_code = $1 AND a.current AND a.period_end - a.period_start < 40
      ORDER BY a.period_start`,
    [provider],
  );
}

export interface IndicatorTitle {
  code: string;
  title: string;
}

/** The newest title of each of these indicators that is defined. */
export function indicatorTitles(db: Queryable, codes: readonly string[]): Promise<IndicatorTitle[]> {
  return db.query<IndicatorTitle>(
    `SELECT DISTINCT ON (code) code, title FROM indicators WHERE code = ANY($1) ORDER BY code, version DESC`,
    [codes],
  );
}

export interface SnapshotMeasure {
  code: string;
  title: string;
  unit: string;
  direction: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** the median across trusts with a value for the same period */
  median: number | null;
  trusts: number;
}

/** The provider's 2022 snapshot values, each with the median across trusts. */
export function snapshotMeasureRows(db: Queryable, provider: string): Promise<SnapshotMeasure[]> {
  return db.query<SnapshotMeasure>(
    `WITH mine AS (
       SELECT v.indicator_code, v.numerator, v.denominator, v.value, v.period_start, v.period_end
         FROM indicator_values v WHERE v.org_code = $1 AND v.current AND v.period_start = '2022-01-01' AND v.period_end = '2022-12-31')
     SELECT m.indicator_code AS code, d.title, d.unit, d.direction, m.numerator, m.denominator, m.value,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.value) FROM indicator_values o
              WHERE o.indicator_code = m.indicator_code AND o.current AND o.period_start = m.period_start AND o.period_end = m.period_end) AS median,
            (SELECT count(*)::int FROM indicator_values o
              WHERE o.indicator_code = m.indicator_code AND o.current AND o.period_start = m.period_start AND o.period_end = m.period_end) AS trusts
       FROM mine m JOIN LATERAL (SELECT title, unit, direction FROM indicators d WHERE d.code = m.indicator_code ORDER BY version DESC LIMIT 1) d ON true
      ORDER BY m.indicator_code`,
    [provider],
  );
}

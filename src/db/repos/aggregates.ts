import type { Queryable } from '../connect.js';

/** The code Lantern uses for England in aggregates (the ONS code for England). */
export const ENGLAND = 'E92000001';

/**
 * Recompute benchmark aggregates for the indicators a load touched (all when null). Practices are grouped by their
 * CCG as at the period start; England covers every organisation of the type that holds the values.
 */
export async function refreshAggregates(
  tx: Queryable,
  only: Array<{ indicator: string; periodStart: string }> | null,
): Promise<void> {
  // restricted to the indicators a load touched (filtering periods too planned badly on a table just loaded,
  // before it has statistics), or everything
  const filter = only ? 'AND v.indicator_code = ANY($1::text[])' : '';
  const params = only ? [[...new Set(only.map((o) => o.indicator))]] : [];
  await tx.query(
    `DELETE FROM indicator_aggregates ${only ? 'WHERE indicator_code = ANY($1::text[])' : ''}`,
    params,
  );
  const summary = `
      CASE WHEN bool_and(v.numerator IS NOT NULL AND v.denominator IS NOT NULL) AND sum(v.denominator) > 0 AND d.method IN ('proportion', 'rate', 'ratio')
           THEN 'pooled' ELSE 'median' END AS statistic,
      sum(v.numerator), sum(v.denominator),
      CASE WHEN bool_and(v.numerator IS NOT NULL AND v.denominator IS NOT NULL) AND sum(v.denominator) > 0 AND d.method IN ('proportion', 'rate', 'ratio')
           THEN sum(v.numerator) / sum(v.denominator) * max(d.multiplier)
           ELSE percentile_cont(0.5) WITHIN GROUP (ORDER BY v.value) END,
      count(*)`;
  const defs = `(SELECT DISTINCT ON (code) code, method, multiplier FROM indicators ORDER BY code, version DESC) d`;
  await tx.query(
    `INSERT INTO indicator_aggregates (indicator_code, period_start, period_end, area_code, statistic, numerator, denominator, value, units)
     SELECT v.indicator_code, v.period_start, v.period_end, '${ENGLAND}', ${summary}
       FROM indicator_values v JOIN organisations o ON o.code = v.org_code JOIN ${defs} ON d.code = v.indicator_code
      WHERE v.current AND v.value IS NOT NULL AND o.type IN ('practice', 'trust') ${filter}
      GROUP BY v.indicator_code, v.period_start, v.period_end, o.type, d.method
     ON CONFLICT DO NOTHING`,
    params,
  );
  await tx.query(
    `INSERT INTO indicator_aggregates (indicator_code, period_start, period_end, area_code, statistic, numerator, denominator, value, units)
     SELECT v.indicator_code, v.period_start, v.period_end, l.parent_code, ${summary}
       FROM indicator_values v
       JOIN organisation_links l ON l.child_code = v.org_code AND l.relationship = 'practice_sub_icb'
            AND l.valid_from <= v.period_start AND (l.valid_to IS NULL OR l.valid_to > v.period_start)
       JOIN ${defs} ON d.code = v.indicator_code
      WHERE v.current AND v.value IS NOT NULL ${filter}
      GROUP BY v.indicator_code, v.period_start, v.period_end, l.parent_code, d.method`,
    params,
  );
}

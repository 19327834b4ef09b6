/**
 * The spread of practices' values over time: for each period, the deciles (10th to 90th percentiles, as
 * percentile_cont) of every practice's value in England, or in an area as it was then (its practices' CCG links at
 * the period), with the number of practices.
 */
import type { Queryable } from '../db/connect.js';

export const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export async function decilesOverTime(db: Queryable, indicator: string, area: string | null) {
  const rows = await db.query<{ periodStart: string; practices: number; deciles: number[] }>(
    `SELECT v.period_start AS "periodStart", count(*)::int AS practices,
            percentile_cont($3::float8[]) WITHIN GROUP (ORDER BY v.value) AS deciles
       FROM indicator_values v
       JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
       LEFT JOIN organisation_links c ON c.child_code = v.org_code AND c.relationship = 'practice_sub_icb'
            AND c.valid_from <= v.period_start AND (c.valid_to IS NULL OR c.valid_to > v.period_start)
       LEFT JOIN LATERAL (SELECT l.parent_code FROM organisation_links l WHERE l.child_code = c.parent_code
                             AND l.relationship = 'sub_icb_icb' ORDER BY l.valid_from DESC LIMIT 1) icb ON true
      WHERE v.indicator_code = $1 AND v.current AND v.value IS NOT NULL
        AND ($2::text IS NULL OR c.parent_code = $2 OR icb.parent_code = $2)
      GROUP BY v.period_start ORDER BY v.period_start`,
    [indicator, area, DECILES],
  );
  return rows.filter((r) => r.practices >= 10);
}

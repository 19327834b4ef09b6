/**
 * The spread of practices' values over time: for each period, the deciles (10th to 90th percentiles, as
 * percentile_cont) of every practice's value in England, or in an area as it was then (its practices' CCG links at
 * the period), with the number of practices.
 */
import type { Queryable } from '../db/connect.js';
import { practiceQuantilesOverTime } from '../db/repos/practice-values.js';
import { cachedForDataVersion } from '../db/store-cache.js';

export const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** The periods with at least 10 practices' values (a sort of every value of the indicator: kept for the data version). */
export function decilesOverTime(db: Queryable, indicator: string, area: string | null) {
  return cachedForDataVersion(
    db,
    `deciles:${indicator}:${area ?? 'england'}`,
    async () => {
      const rows = await practiceQuantilesOverTime(db, indicator, area, DECILES);
      return rows.filter((r) => r.practices >= 10);
    },
    { weight: (rows) => rows.length },
  );
}

import type { Queryable } from '../connect.js';

/**
 * Run a statement that RETURNs `inserted` per row it changed, answering the two counts instead of a row per change
 * (thousands of result rows cost PGlite more than the statement).
 */
export async function changeCounts(
  tx: Queryable,
  statement: string,
  params: unknown[] = [],
): Promise<{ inserted: number; updated: number }> {
  const [r] = await tx.query<{ inserted: number; touched: number }>(
    `WITH changed AS (${statement}) SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, count(*)::int AS touched FROM changed`,
    params,
  );
  return { inserted: r.inserted, updated: r.touched - r.inserted };
}

/** The planner's statistics of the tables a load grows, refreshed inside the load when it outgrew them. */
import type { Queryable } from '../connect.js';

/** Tables a load can grow by a good part: its values, and the organisations and links of a reference file. */
export type GrownTable = 'indicator_values' | 'organisations' | 'organisation_links';

/**
 * Refresh a table's statistics inside the load's transaction when the load added a good part of it (at least
 * `share` of the rows its statistics know of, or the table was never analysed): a large file changes the table's
 * shape more than its statistics know (they are refreshed only after the commit, and only where autovacuum runs),
 * and without fresh ones PostgreSQL planned the benchmarks as nested loops, 140 s for QOF 2019-20, and a national
 * compute read each period by a nested loop over 17 practices it thought the geography held (6,500). A month
 * added to a large store leaves its shape as it was, and the analysis (a sample of up to 30,000 pages) cost more
 * than the month's copy. Answers whether it analysed.
 */
export async function analyzeIfOutgrown(
  tx: Queryable,
  table: GrownTable,
  added: number,
  share: number,
): Promise<boolean> {
  const [known] = await tx.query<{ rows: number }>(
    `SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = $1::regclass`,
    [table],
  );
  const rows = known?.rows ?? -1;
  if (rows >= 0 && added < rows * share) return false;
  await tx.query(`ANALYZE ${table}`);
  return true;
}

import type { Queryable } from '../connect.js';
import { cachedUntilNextLoad } from '../store-cache.js';

export interface LoadRow {
  id: number;
  source: string;
  fileName: string;
  checksum: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsUnchanged: number;
  rowsSuperseded: number;
  warnings: string[];
  startedAt: string;
  finishedAt: string | null;
}

export async function listLoads(db: Queryable, limit = 200): Promise<LoadRow[]> {
  return db.query<LoadRow>(
    `SELECT id, source, file_name AS "fileName", checksum, rows_read AS "rowsRead", rows_accepted AS "rowsAccepted",
            rows_unchanged AS "rowsUnchanged", rows_superseded AS "rowsSuperseded", warnings, started_at AS "startedAt", finished_at AS "finishedAt"
       FROM loads ORDER BY id DESC LIMIT $1`,
    [limit],
  );
}

export async function storeCounts(
  db: Queryable,
): Promise<{ organisations: number; loads: number; values: number }> {
  // asked by every page (its footer); counting the values takes a scan of the largest table, so it is kept until the next load
  return cachedUntilNextLoad(db, 'store-counts', async () => {
    const [r] = await db.query<{ organisations: number; loads: number; values: number }>(
      `SELECT (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM loads)::int AS loads,
              (SELECT count(*) FROM indicator_values WHERE current)::int AS values`,
    );
    return r;
  });
}

/** Loads by one reader whose file name matches a LIKE pattern (`lantern fetch` names its loads publication/period/file), oldest first. */
export async function loadIdsNamedLike(db: Queryable, source: string, pattern: string): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    'SELECT id FROM loads WHERE source = $1 AND file_name LIKE $2 ORDER BY id',
    [source, pattern],
  );
  return rows.map((r) => r.id);
}

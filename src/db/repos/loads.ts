import type { Queryable } from '../connect.js';
import { cachedForDataVersion } from '../store-cache.js';

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
  // asked by every page (its footer); counting the values takes a scan of the largest table, so it is kept for the data version (a load moves it)
  return cachedForDataVersion(db, 'store-counts', async () => {
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

/** The first load of a file by a reader (same checksum), or null when it was never loaded. */
export async function loadIdOfFile(db: Queryable, source: string, checksum: string): Promise<number | null> {
  const [r] = await db.query<{ id: number }>(
    'SELECT id FROM loads WHERE checksum = $1 AND source = $2 ORDER BY id LIMIT 1',
    [checksum, source],
  );
  return r?.id ?? null;
}

/**
 * Wait for any other transaction loading the same file (reader and checksum) to end, and keep others waiting
 * until this one ends: the lock is the transaction's, released however it ends. A hash collision between two
 * different files only makes one wait for the other.
 */
export async function lockFileLoad(tx: Queryable, source: string, checksum: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`load:${source}:${checksum}`]);
}

/**
 * More sort memory for the rest of the transaction: the benchmark refresh groups every value a load wrote, by
 * sorting them when the table has no statistics yet (as just after a load); the default 4 MB would spill a large
 * file's values to disk.
 */
export async function raiseLoadWorkMem(tx: Queryable): Promise<void> {
  await tx.query(`SET LOCAL work_mem = '64MB'`);
}

/** Record a load begun; answers its id. */
export async function insertLoad(
  tx: Queryable,
  l: { source: string; file: string; checksum: string; rowsRead: number },
): Promise<number> {
  const [{ id }] = await tx.query<{ id: number }>(
    'INSERT INTO loads (source, file_name, checksum, rows_read) VALUES ($1, $2, $3, $4) RETURNING id',
    [l.source, l.file, l.checksum, l.rowsRead],
  );
  return id;
}

/** Record a load's outcome: its counts and warnings, finished now. */
export async function finishLoad(
  tx: Queryable,
  id: number,
  r: { rowsAccepted: number; rowsUnchanged: number; rowsSuperseded: number; warnings: string[] },
): Promise<void> {
  await tx.query(
    `UPDATE loads SET rows_accepted = $2, rows_unchanged = $3, rows_superseded = $4, warnings = $5::jsonb, finished_at = now() WHERE id = $1`,
    [id, r.rowsAccepted, r.rowsUnchanged, r.rowsSuperseded, JSON.stringify(r.warnings)],
  );
}

/**
 * Registered populations as a load writes them: copied straight in when no (date, scheme) of the file is stored
 * yet, else copied into a staging table and merged (changed counts updated, new rows added).
 */
import type { Queryable } from '../connect.js';
import { copyRows } from '../copy.js';
import { changeCounts } from './change-counts.js';

/** Columns of a population row, in the order the loader copies them. */
export const POPULATION_COLUMNS = ['org_code', 'date', 'scheme', 'sex', 'age_band', 'patients', 'load_id'];

/** The cells of row i, in POPULATION_COLUMNS order. */
export type PopulationCells = (i: number) => unknown[];

/** Whether any population is stored for one of the (date, scheme) pairs. */
export async function populationsStoredFor(
  tx: Queryable,
  keys: Array<{ date: string; scheme: string }>,
): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM populations p JOIN unnest($1::date[], $2::text[]) AS k(d, s) ON p.date = k.d AND p.scheme = k.s LIMIT 1`,
    [keys.map((k) => k.date), keys.map((k) => k.scheme)],
  );
  return rows.length > 0;
}

/** Copy rows into the table, where none of them can be stored already. */
export async function copyPopulations(
  tx: Queryable,
  count: number,
  cells: PopulationCells,
  progress?: (done: number) => void,
): Promise<void> {
  await copyRows(tx, 'populations', POPULATION_COLUMNS, count, cells, progress);
}

/**
 * Copy rows through a staging table dropped at commit and merge them: a stored row whose count differs is
 * updated (recorded as this load's), a new one inserted, an equal one left alone.
 */
export async function mergePopulations(
  tx: Queryable,
  count: number,
  cells: PopulationCells,
  progress?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  const columns = POPULATION_COLUMNS;
  await tx.query(
    `CREATE TEMP TABLE staging_populations (LIKE populations INCLUDING DEFAULTS) ON COMMIT DROP`,
  );
  await copyRows(tx, 'staging_populations', columns, count, cells, progress);
  await tx.query('ANALYZE staging_populations');
  return changeCounts(
    tx,
    `INSERT INTO populations (${columns.join(',')}) SELECT ${columns.join(',')} FROM staging_populations
     ON CONFLICT (org_code, date, scheme, sex, age_band) DO UPDATE SET patients = excluded.patients, load_id = excluded.load_id
     WHERE populations.patients <> excluded.patients RETURNING (xmax = 0) AS inserted`,
  );
}

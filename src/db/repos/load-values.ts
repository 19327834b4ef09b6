/**
 * Indicator values as a load writes them: copied straight in when no current value shares an (indicator, period)
 * with the file, else copied into a staging table, changed values superseded (kept in the history) and new ones
 * added.
 */
import type { Queryable } from '../connect.js';
import { copyRows } from '../copy.js';
import { changeCounts } from './change-counts.js';

/** Columns of an indicator value as published, in the order the loader copies them (then its quality issue). */
export const VALUE_COLUMNS = [
  'indicator_code',
  'definition_version',
  'org_code',
  'period_start',
  'period_end',
  'numerator',
  'denominator',
  'value',
  'value_label',
  'load_id',
];
/** What the loader copies: the value and why it cannot be right as published (or null). */
const COPIED = [...VALUE_COLUMNS, 'quality_issue'];

/** The cells of value i: VALUE_COLUMNS, then the quality issue. */
export type ValueCells = (i: number) => unknown[];

/**
 * Whether any current value is stored for one of the (indicator, period start) pairs. One probe of the current key
 * (period_start, indicator_code first) per pair: as a join with LIMIT 1 the planner chose a scan of the whole table,
 * so a file's load cost grew with every month stored before it.
 */
export async function currentValuesStoredFor(
  tx: Queryable,
  periods: Array<{ indicator: string; periodStart: string }>,
): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM unnest($1::text[], $2::date[]) AS k(i, d)
      WHERE EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_code = k.i AND v.period_start = k.d AND v.current)
      LIMIT 1`,
    [periods.map((p) => p.indicator), periods.map((p) => p.periodStart)],
  );
  return rows.length > 0;
}

/** Copy values into the table, where none of them can supersede a stored one. */
export async function copyValues(
  tx: Queryable,
  count: number,
  cells: ValueCells,
  progress?: (done: number) => void,
): Promise<void> {
  await copyRows(tx, 'indicator_values', COPIED, count, cells, progress);
}

/**
 * Copy values through a staging table dropped at commit and merge them: a current value whose figures differ is
 * superseded by the load (it stays in the history), and a value with no current one for its organisation and
 * period is inserted. Answers how many were superseded and inserted.
 */
export async function mergeValues(
  tx: Queryable,
  count: number,
  cells: ValueCells,
  loadId: number,
  progress?: (done: number) => void,
): Promise<{ superseded: number; inserted: number }> {
  const columns = COPIED;
  await tx.query(
    `CREATE TEMP TABLE staging_values (indicator_code text, definition_version int, org_code text, period_start date, period_end date,
       numerator float8, denominator float8, value float8, value_label text, load_id int, quality_issue text) ON COMMIT DROP`,
  );
  await copyRows(tx, 'staging_values', columns, count, cells, progress);
  await tx.query('ANALYZE staging_values');
  const key =
    'v.indicator_code = s.indicator_code AND v.org_code = s.org_code AND v.period_start = s.period_start AND v.period_end = s.period_end';
  const superseded = (
    await changeCounts(
      tx,
      `UPDATE indicator_values v SET current = false, superseded_by_load = $1 FROM staging_values s
        WHERE v.current AND ${key}
          AND (v.numerator, v.denominator, v.value, v.value_label, v.definition_version) IS DISTINCT FROM (s.numerator, s.denominator, s.value, s.value_label, s.definition_version)
       RETURNING false AS inserted`,
      [loadId],
    )
  ).updated;
  const inserted = (
    await changeCounts(
      tx,
      `INSERT INTO indicator_values (${columns.join(',')}) SELECT ${columns.map((c) => `s.${c}`).join(',')} FROM staging_values s
        WHERE NOT EXISTS (SELECT 1 FROM indicator_values v WHERE v.current AND ${key}) RETURNING true AS inserted`,
    )
  ).inserted;
  return { superseded, inserted };
}

/**
 * Every indicator value stored (current and superseded): an exact count, for the embedded store's capacity check
 * when valuesAtMost cannot settle it. Exact because an estimate (pg_class.reltuples) is only as fresh as the last
 * ANALYZE, and loads of fewer than 10,000 values do not analyse; it reads the whole table (about 1.9 s for 4.2
 * million values on PGlite on a loaded 2-core machine: README).
 */
export async function countValues(db: Queryable): Promise<number> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM indicator_values');
  return r!.n;
}

/**
 * The least a stored value's row can take in the table's main file: a line pointer (4 bytes), the tuple header
 * (24), definition_version, period_start, period_end and load_id (4 each), two non-empty codes and `current`
 * (at least 1 each). Dead rows and page headers only add to the file, never take from it (nor does the id that
 * rows written before migration 0026 still carry).
 */
const MIN_VALUE_ROW_BYTES = 40;

/** An upper bound on the values stored, from the size of the table's main file alone (no read of the rows). */
export async function valuesAtMost(db: Queryable): Promise<number> {
  const [r] = await db.query<{ bytes: number }>(
    `SELECT pg_relation_size('indicator_values', 'main')::bigint AS bytes`,
  );
  return Math.floor(r!.bytes / MIN_VALUE_ROW_BYTES);
}

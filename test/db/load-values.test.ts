/**
 * What a load asks of the values table before and after it writes: whether a file's periods already hold current
 * values, whether the tables it grows have outgrown their statistics, and the planner left as it was after the
 * benchmarks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineIndicators, indicatorCode, practiceCode, writeGeography } from '../../bench/scale-data.js';
import { GENERIC_COLUMNS } from '../../src/ingest/readers/generic.js';
import type { Database, Queryable } from '../../src/db/connect.js';
import { refreshAggregates } from '../../src/db/repos/aggregates.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { currentValuesStoredFor } from '../../src/db/repos/load-values.js';
import { analyzeIfOutgrown } from '../../src/db/repos/table-statistics.js';
import { describeEachDatabase } from './databases.js';

describeEachDatabase('the values table during a load', (t) => {
  let db: Database;
  let analysedWhenNew = false;
  beforeAll(async () => {
    db = await t.open();
    // a new store's table has never been analysed: a load of any size analyses it
    analysedWhenNew = await analyzeIfOutgrown(db, 'indicator_values', 1, 0.25);
    // one indicator over three months for 40 practices; March's values all superseded (none current)
    await db.query(
      `INSERT INTO indicator_values (indicator_code, definition_version, org_code, period_start, period_end, value, load_id, current)
       SELECT 'ind_a', 1, 'P' || lpad(p::text, 3, '0'), m, (m + interval '1 month - 1 day')::date, p, 1, m <> date '2024-03-01'
         FROM generate_series(1, 40) p, unnest(array[date '2024-01-01', date '2024-02-01', date '2024-03-01']) m`,
    );
  });
  afterAll(() => t.dispose(db));

  it('finds current values for a file’s (indicator, period) pairs, and none where only superseded ones are stored', async () => {
    const pairs = (...p: Array<[string, string]>) =>
      p.map(([indicator, periodStart]) => ({ indicator, periodStart }));
    expect(await currentValuesStoredFor(db, pairs(['ind_a', '2024-02-01']))).toBe(true);
    expect(await currentValuesStoredFor(db, pairs(['ind_b', '2024-02-01'], ['ind_a', '2024-02-01']))).toBe(
      true,
    );
    expect(await currentValuesStoredFor(db, pairs(['ind_a', '2024-03-01']))).toBe(false);
    expect(await currentValuesStoredFor(db, pairs(['ind_a', '2024-04-01'], ['ind_b', '2024-01-01']))).toBe(
      false,
    );
    expect(await currentValuesStoredFor(db, [])).toBe(false);
  });

  it('analyses the table when it was never analysed or a load adds its share of it, not for a small addition', async () => {
    expect(analysedWhenNew).toBe(true);
    await db.transaction(async (tx) => {
      await tx.query('ANALYZE indicator_values');
      // 120 rows known: 29 is less than a quarter, 30 is a quarter
      expect(await analyzeIfOutgrown(tx, 'indicator_values', 29, 0.25)).toBe(false);
      expect(await analyzeIfOutgrown(tx, 'indicator_values', 30, 0.25)).toBe(true);
    });
  });

  it('leaves hash-only planning to the benchmarks of a load: the transaction plans as before afterwards', async () => {
    const read = (tx: Queryable) =>
      tx.query<{ nestloop: string; sort: string; jit: string }>(
        `SELECT current_setting('enable_nestloop') AS nestloop, current_setting('enable_sort') AS sort,
                current_setting('jit') AS jit`,
      );
    const [before, after] = await db.transaction(async (tx) => {
      const before = await read(tx);
      await refreshAggregates(tx, [{ indicator: 'ind_a', periodStart: '2024-02-01' }]);
      return [before, await read(tx)];
    });
    expect(before[0]).toMatchObject({ nestloop: 'on', sort: 'on' });
    expect(after).toEqual(before);
  });

  it('writes each (indicator, period)’s values together, though the file gives each practice’s side by side', async () => {
    const sizes = { practices: 30, indicators: 3, months: 2, icbs: 1 };
    const dir = mkdtempSync(join(tmpdir(), 'lantern-cluster-'));
    try {
      await ingestFile(db, writeGeography(dir, sizes));
      await defineIndicators(db, sizes);
      // practice-major, as a QOF row or an extract by practice gives them: both months of all three indicators
      const lines = [GENERIC_COLUMNS.join(',')];
      for (let p = 0; p < sizes.practices; p++)
        for (const period of ['2015-04', '2015-05'])
          for (let k = 0; k < sizes.indicators; k++)
            lines.push(`${indicatorCode(k)},${practiceCode(p)},${period},${p + k},100,`);
      const file = join(dir, 'practice_major.csv');
      writeFileSync(file, lines.join('\n') + '\n');
      await ingestFile(db, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // in the table's own order (ctid), each (indicator, period) is one run of rows
    const rows = await db.query<{ key: string }>(
      `SELECT indicator_code || ' ' || period_start AS key FROM indicator_values
        WHERE indicator_code LIKE 'scale_%' ORDER BY ctid`,
    );
    expect(rows).toHaveLength(30 * 3 * 2);
    const runs = rows.filter((r, i) => i === 0 || rows[i - 1]!.key !== r.key).map((r) => r.key);
    expect(runs).toHaveLength(6);
    expect(new Set(runs).size).toBe(6);
  });

  it('analyses the organisations and links a geography file adds, within its load', async () => {
    const known = () =>
      db.query<{ table: string; rows: number }>(
        `SELECT relname AS table, reltuples::float8 AS rows FROM pg_class
          WHERE relname IN ('organisations', 'organisation_links') ORDER BY relname`,
      );
    // never analysed: the planner knows nothing of them (it took 6,500 practices for 17 and read a national
    // compute's every period by a nested loop)
    expect((await known()).every((r) => r.rows <= 0)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-geography-'));
    try {
      const file = writeGeography(dir, { practices: 600, indicators: 1, months: 1, icbs: 3 });
      await ingestFile(db, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [links, organisations] = await known();
    expect(organisations!.rows).toBeGreaterThanOrEqual(600);
    expect(links!.rows).toBeGreaterThanOrEqual(600);
  });
});

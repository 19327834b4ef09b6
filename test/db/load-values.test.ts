/**
 * What a load asks of the values table before and after it writes: whether a file's periods already hold current
 * values, whether the table has outgrown its statistics, and the planner left as it was after the benchmarks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/connect.js';
import { refreshAggregates } from '../../src/db/repos/aggregates.js';
import { analyzeValuesIfOutgrown, currentValuesStoredFor } from '../../src/db/repos/load-values.js';
import { describeEachDatabase } from './databases.js';

describeEachDatabase('the values table during a load', (t) => {
  let db: Database;
  let analysedWhenNew = false;
  beforeAll(async () => {
    db = await t.open();
    // a new store's table has never been analysed: a load of any size analyses it
    analysedWhenNew = await analyzeValuesIfOutgrown(db, 1, 0.25);
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
      expect(await analyzeValuesIfOutgrown(tx, 29, 0.25)).toBe(false);
      expect(await analyzeValuesIfOutgrown(tx, 30, 0.25)).toBe(true);
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
});

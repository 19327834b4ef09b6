/** Bulk writes by COPY: every cell as CSV, NULL as an empty field, ±Infinity kept (a funnel's z with no events). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { copyRows, csvChunks } from '../../src/db/copy.js';
import { describeEachDatabase } from './databases.js';

it('writes cells as CSV: NaN and null as empty, empty text quoted, infinities by name', () => {
  expect([...csvChunks(1, () => [NaN, null, '', -Infinity, Infinity, 0.5, 'a,"b"'])]).toEqual([
    ',,"",-Infinity,Infinity,0.5,"a,""b"""\n',
  ]);
});

describeEachDatabase('COPY round trip', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  it('stores what it was given, 25,000 rows in several chunks', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => [
      i,
      i % 3 === 0 ? -Infinity : i % 3 === 1 ? null : i / 7,
      i % 2 ? `t${i}` : '',
    ]);
    const got = await db.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE copied (n int, x float8, s text) ON COMMIT DROP');
      await copyRows(tx, 'copied', ['n', 'x', 's'], rows.length, (i) => rows[i]);
      return tx.query<{ n: number; x: number | null; s: string }>('SELECT n, x, s FROM copied ORDER BY n');
    });
    expect(got.map((r) => [r.n, r.x, r.s])).toEqual(rows);
  });
});

/**
 * Answers cached on the data version: kept while nothing they depend on changes, computed afresh once a write
 * moves the version (whoever wrote), computed once for concurrent asks, and not kept when they fail.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { readDataVersion } from '../../src/db/data-version.js';
import { cachedForDataVersion } from '../../src/db/store-cache.js';
import { insertLoad } from '../../src/db/repos/loads.js';
import { describeEachDatabase } from './databases.js';

describeEachDatabase('answers cached on the data version', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(async () => {
    if (db) await t.dispose(db);
  });

  it('is computed once while the data version stands, and again once a write moves it', async () => {
    let computed = 0;
    const ask = () => cachedForDataVersion(db, 'test:count', async () => ++computed);
    expect(await ask()).toBe(1);
    expect(await ask()).toBe(1);
    const before = await readDataVersion(db);
    // a load recorded (drizzle/0022) moves the version, as does any write to a table results depend on
    await insertLoad(db, { source: 'test', file: 'x.csv', checksum: 'x', rowsRead: 0 });
    expect(await readDataVersion(db)).toBeGreaterThan(before);
    expect(await ask()).toBe(2);
    await db.query(`UPDATE tier_rule_sets SET note = note WHERE false`);
    expect(await ask()).toBe(3);
  });

  it('shares one computation between concurrent asks', async () => {
    let computed = 0;
    const ask = () =>
      cachedForDataVersion(db, 'test:shared', async () => {
        computed++;
        await new Promise((r) => setTimeout(r, 50));
        return computed;
      });
    expect(await Promise.all([ask(), ask(), ask()])).toEqual([1, 1, 1]);
    expect(computed).toBe(1);
  });

  it('does not keep a failed computation', async () => {
    let calls = 0;
    const ask = () =>
      cachedForDataVersion(db, 'test:fails-once', async () => {
        if (++calls === 1) throw new Error('the first try fails');
        return 'answered';
      });
    await expect(ask()).rejects.toThrow('the first try fails');
    expect(await ask()).toBe('answered');
  });
});

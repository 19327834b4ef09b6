/**
 * Answers cached on the data version: kept while nothing they depend on changes, computed afresh once a write
 * moves the version (whoever wrote), computed once for concurrent asks, and not kept when they fail.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { readDataVersion } from '../../src/db/data-version.js';
import {
  cachedEachForDataVersion,
  cachedForDataVersion,
  PINNED_MAX,
  resetCache,
} from '../../src/db/store-cache.js';
import { currentRules, evaluateCached } from '../../src/variation/service.js';
import { insertLoad } from '../../src/db/repos/loads.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { reconcileLinkLifetimes } from '../../src/ingest/link-lifetimes.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
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

  it('a server start on a store already reconciled moves nothing: every kept answer stands', async () => {
    // each `lantern serve` start reconciles the links with the organisations' lifetimes; its statements wrote no
    // rows yet moved the version (170 → 174), so every process made every answer again after any process started
    await ingestFolder(db, writeSyntheticArea());
    await reconcileLinkLifetimes(db);
    const before = await readDataVersion(db);
    expect(await reconcileLinkLifetimes(db)).toBe(0);
    expect(await readDataVersion(db)).toBe(before);
    // a link beyond its organisation's close is still ended, and that moves the version
    const [link] = await db.query<{ child: string; from: string }>(
      `SELECT child_code AS child, valid_from::text AS "from" FROM organisation_links
        WHERE relationship = 'practice_sub_icb' AND valid_to IS NULL ORDER BY child_code LIMIT 1`,
    );
    await db.query(`UPDATE organisations SET close_date = '2030-01-01', status = 'closed' WHERE code = $1`, [
      link!.child,
    ]);
    const closed = await readDataVersion(db);
    expect(await reconcileLinkLifetimes(db)).toBeGreaterThan(0);
    expect(await readDataVersion(db)).toBeGreaterThan(closed);
    const [after] = await db.query<{ to: string }>(
      `SELECT valid_to::text AS "to" FROM organisation_links
        WHERE child_code = $1 AND relationship = 'practice_sub_icb' AND valid_from = $2`,
      [link!.child, link!.from],
    );
    expect(after!.to).toBe('2030-01-02');
    const settled = await readDataVersion(db);
    expect(await reconcileLinkLifetimes(db)).toBe(0);
    expect(await readDataVersion(db)).toBe(settled);
  }, 120_000);

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

  it('a pinned answer is kept while the version stands whatever its weight, and let go once it moves', async () => {
    resetCache(db, 10);
    try {
      let computed = 0;
      const big = () => cachedForDataVersion(db, 'test:pinned', async () => ++computed, { pinned: true });
      const weighed = () =>
        cachedForDataVersion(db, 'test:weighed', async () => ++computed, { weight: () => 11 });
      const small = () => cachedForDataVersion(db, 'test:small', async () => ++computed, { weight: () => 1 });
      expect(await big()).toBe(1);
      expect(await big()).toBe(1);
      // the same weight unpinned would be let go as soon as it is made
      expect(await weighed()).toBe(2);
      expect(await weighed()).toBe(3);
      expect(await small()).toBe(4);
      // pinned answers beyond PINNED_MAX let the least recently asked go; the budget's answers stay
      for (let i = 0; i < PINNED_MAX; i++)
        await cachedForDataVersion(db, `test:pinned-${i}`, async () => i, { pinned: true });
      expect(await big()).toBe(5);
      expect(await small()).toBe(4);
      await insertLoad(db, { source: 'test', file: 'pinned.csv', checksum: 'pinned', rowsRead: 0 });
      expect(await big()).toBe(6);
      expect(await big()).toBe(6);
    } finally {
      resetCache(db);
    }
  });

  it('the tier evaluation that every tier page reads is made once per data version, though it outweighs the budget', async () => {
    // at national scale (6,500 practices × 100 indicators) the evaluation weighed 656,500 rows against a budget of
    // 250,000, so it was let go as soon as made and made again (13 s) for each practice's tier asked
    await ingestFolder(db, writeSyntheticArea());
    const rules = (await currentRules(db))!;
    const first = await evaluateCached(db, rules);
    expect(first.decisions.size).toBeGreaterThan(10);
    resetCache(db, first.decisions.size);
    try {
      const made = await evaluateCached(db, rules);
      expect(made).not.toBe(first);
      expect(await evaluateCached(db, rules)).toBe(made);
    } finally {
      resetCache(db);
    }
  }, 120_000);

  it('many answers each on its own key: only those not held are made, together, and one left out is kept as none', async () => {
    const asked: string[][] = [];
    const each = (keys: string[]) =>
      cachedEachForDataVersion<number>(db, keys, async (missing) => {
        asked.push(missing);
        return new Map(missing.filter((k) => k !== 'test:each:none').map((k) => [k, Number(k.slice(-1))]));
      });
    expect([...(await each(['test:each:1', 'test:each:2']))]).toEqual([
      ['test:each:1', 1],
      ['test:each:2', 2],
    ]);
    expect([...(await each(['test:each:2', 'test:each:3', 'test:each:none', 'test:each:3']))]).toEqual([
      ['test:each:2', 2],
      ['test:each:3', 3],
      ['test:each:none', null],
    ]);
    expect(asked).toEqual([
      ['test:each:1', 'test:each:2'],
      ['test:each:3', 'test:each:none'],
    ]);
    expect((await each(['test:each:none', 'test:each:1'])).get('test:each:none')).toBeNull();
    expect(asked).toHaveLength(2);
    await insertLoad(db, { source: 'test', file: 'each.csv', checksum: 'each', rowsRead: 0 });
    await each(['test:each:1']);
    expect(asked.at(-1)).toEqual(['test:each:1']);
  });

  it('many answers: concurrent asks share one making, and a failed making is not kept', async () => {
    let calls = 0;
    const each = (keys: string[]) =>
      cachedEachForDataVersion<string>(db, keys, async (missing) => {
        calls++;
        await new Promise((r) => setTimeout(r, 30));
        if (calls === 1) throw new Error('the first making fails');
        return new Map(missing.map((k) => [k, `made ${calls}`]));
      });
    const [a, b] = await Promise.allSettled([each(['test:fail:1']), each(['test:fail:1'])]);
    expect(a.status === 'rejected' && (a.reason as Error).message).toBe('the first making fails');
    expect(b.status === 'rejected' && (b.reason as Error).message).toBe('the first making fails');
    expect(calls).toBe(1);
    const [c, d] = await Promise.all([each(['test:fail:1']), each(['test:fail:1'])]);
    expect(c.get('test:fail:1')).toBe('made 2');
    expect(d.get('test:fail:1')).toBe('made 2');
    expect(calls).toBe(2);
  });
});

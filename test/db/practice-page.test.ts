/**
 * What a practice's page costs the database, on both databases: its sections each ask for the practice's own values
 * (found by an index on the organisation, not a scan of every value), and the spine chart's spread of every
 * practice is worked out once per load, not once per visit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Queryable } from '../../src/db/connect.js';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { practiceSpine } from '../../src/variation/spine.js';
import {
  latestValuesForOrganisation,
  valuesForOrganisation,
  type ValuePoint,
} from '../../src/db/repos/indicators.js';
import { storeCounts } from '../../src/db/repos/loads.js';
import { describeEachDatabase } from './databases.js';
import { defineLocalIndicator, genericCsv } from '../api/sessions.js';

describeEachDatabase('a practice page’s queries', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
  }, 300_000);
  afterAll(async () => {
    if (db) await t.dispose(db);
  });

  it('a practice’s current values are read through an index on the organisation', async () => {
    const plan = await db.transaction(async (tx) => {
      // the synthetic area is small enough that a scan would be cheaper: ask the planner what it can do
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT indicator_code FROM indicator_values WHERE org_code = 'Z10005' AND current`,
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/indicator_values_org_idx/);
  });

  it('a practice’s latest values are, per indicator, the last with a value of its whole series, with the same benchmarks', async () => {
    const practices = await db.query<{ code: string }>(
      `SELECT code FROM organisations WHERE type = 'practice' ORDER BY code`,
    );
    expect(practices.length).toBeGreaterThan(30);
    let compared = 0;
    for (const { code } of practices) {
      const expected = new Map<string, ValuePoint>();
      for (const v of await valuesForOrganisation(db, code))
        if (v.value !== null) expected.set(v.indicatorCode, v);
      const latest = await latestValuesForOrganisation(db, code);
      expect(latest, code).toEqual([...expected.values()]);
      compared += latest.length;
    }
    expect(compared).toBeGreaterThan(practices.length * 5);
    // a series whose last period has counts but no value: the latest value is the one before
    const [last] = await db.query<{ indicator: string; period: string; value: number }>(
      `SELECT indicator_code AS indicator, period_start::text AS period, value FROM indicator_values
        WHERE org_code = 'Z10005' AND current AND indicator_code = 'antibiotic_items_per_starpu'
        ORDER BY period_start DESC LIMIT 1`,
    );
    await db.query(
      `UPDATE indicator_values SET value = NULL WHERE org_code = 'Z10005' AND current
          AND indicator_code = $1 AND period_start = $2`,
      [last!.indicator, last!.period],
    );
    try {
      const abx = (await latestValuesForOrganisation(db, 'Z10005')).find(
        (v) => v.indicatorCode === last!.indicator,
      )!;
      expect(abx.periodStart < last!.period).toBe(true);
      expect(abx.value).not.toBeNull();
    } finally {
      await db.query(
        `UPDATE indicator_values SET value = $3 WHERE org_code = 'Z10005' AND current
            AND indicator_code = $1 AND period_start = $2`,
        [last!.indicator, last!.period, last!.value],
      );
    }
  });

  it('the counts in every page’s footer are counted once per load', async () => {
    let scans = 0;
    const counting: Queryable = {
      query(text, params) {
        if (/count\(\*\) FROM indicator_values/.test(text)) scans++;
        return db.query(text, params);
      },
      queryArrays: (text, params) => db.queryArrays(text, params),
      copyCsv: (table, columns, chunks) => db.copyCsv(table, columns, chunks),
    };
    const first = await storeCounts(counting);
    expect(await storeCounts(counting)).toEqual(first);
    expect(scans).toBe(1);
    const [{ n }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM indicator_values WHERE current',
    );
    expect(first.values).toBe(n);
  });

  it('the spine’s spread leaves out values that cannot be right, as every comparison does', async () => {
    const before = (await practiceSpine(db, 'Z10005')).find((r) => r.spread)!;
    const impossible = before.spread!.max * 1000 + 1;
    // another practice's value made impossible and flagged, as a load flags a register above its list size
    const changed = await db.query(
      `UPDATE indicator_values SET value = $1, quality_issue = 'numerator exceeds its denominator (above 100%)'
        WHERE indicator_code = $2 AND period_start = $3 AND org_code = 'Z10006' AND current RETURNING org_code`,
      [impossible, before.indicator, before.periodStart],
    );
    expect(changed).toHaveLength(1);
    // the spread is kept until the next load: load something
    await defineLocalIndicator(db);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-spine-q-'));
    writeFileSync(join(dir, 'local.csv'), genericCsv([['local_dna_rate', 'Z10007', '2024-05', 2, 40]]));
    await ingestFile(db, join(dir, 'local.csv'));
    const after = (await practiceSpine(db, 'Z10005')).find((r) => r.indicator === before.indicator)!;
    expect(after.spread!.practices).toBe(before.spread!.practices - 1);
    expect(after.spread!.max).toBeLessThan(impossible);
    expect(after.spread!.max).toBeLessThanOrEqual(before.spread!.max);
  });

  it('the spine’s spread of every practice is computed once per load, for every practice with the same periods', async () => {
    let spreads = 0;
    const counting: Queryable = {
      query(text, params) {
        if (/percentile_cont/.test(text)) spreads++;
        return db.query(text, params);
      },
      queryArrays: (text, params) => db.queryArrays(text, params),
      copyCsv: (table, columns, chunks) => db.copyCsv(table, columns, chunks),
    };
    const first = await practiceSpine(counting, 'Z10005');
    const second = await practiceSpine(counting, 'Z10006');
    expect(first.length).toBeGreaterThan(0);
    expect(first.map((r) => r.periodStart)).toEqual(second.map((r) => r.periodStart));
    // the same spread, and asked for once
    expect(second.map((r) => r.spread)).toEqual(first.map((r) => r.spread));
    expect(spreads).toBe(1);
    await practiceSpine(counting, 'Z10005');
    expect(spreads).toBe(1);
    // a load may change any practice's value: the next visit works the spread out afresh
    await defineLocalIndicator(db);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-spine-'));
    writeFileSync(join(dir, 'local.csv'), genericCsv([['local_dna_rate', 'Z10005', '2024-05', 3, 41]]));
    await ingestFile(db, join(dir, 'local.csv'));
    await practiceSpine(counting, 'Z10005');
    expect(spreads).toBe(2);
  });
});

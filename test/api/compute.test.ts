/**
 * Stored results (`lantern compute`), on both databases: every stored row equals the funnel the API computes on the
 * fly for the same indicator and period; a second run recomputes nothing; a newer value for one practice in one
 * period recomputes that period alone, and its stored result follows the new value.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { computeResults } from '../../src/variation/compute.js';
import { funnelFor } from '../../src/variation/service.js';
import { listIndicators } from '../../src/db/repos/indicators.js';
import { describeEachDatabase } from '../db/databases.js';

describeEachDatabase('stored funnel results', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
  }, 300_000);
  afterAll(async () => {
    if (db) await t.dispose(db);
  });

  let first: Awaited<ReturnType<typeof computeResults>>;
  it('computes every period of every practice indicator with counts, with progress', async () => {
    const seen: number[] = [];
    first = await computeResults(db, { onProgress: (done) => seen.push(done) });
    expect(first.computed).toBeGreaterThan(10);
    expect(first.computed + first.notFitted).toBe(first.periods);
    expect(first.unchanged).toBe(0);
    expect(seen.at(-1)).toBe(first.computed + first.notFitted);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM variation_results`);
    expect(n).toBe(first.results);
  });

  it('stores exactly what the funnel computes on the fly', async () => {
    const [pick] = await db.query<{ code: string; period: string }>(
      `SELECT indicator_code AS code, period_start AS period FROM variation_computations WHERE practices > 0 ORDER BY indicator_code, period_start DESC LIMIT 1`,
    );
    const def = (await listIndicators(db)).find((d) => d.code === pick!.code)!;
    const live = await funnelFor(db, def, { area: null, comparator: 'england', period: pick!.period });
    const stored = await db.query<Record<string, number | string>>(
      `SELECT org_code AS code, numerator, denominator, value, expected, z, z_adjusted, lower_95, upper_95, lower_99_8, upper_99_8, flag_95, flag_99_8, p
         FROM variation_results WHERE indicator_code = $1 AND period_start = $2 ORDER BY org_code`,
      [pick!.code, pick!.period],
    );
    expect(stored.length).toBe(live.rows.length);
    const liveByCode = new Map(live.rows.map((r) => [r.code, r]));
    for (const s of stored) {
      const l = liveByCode.get(String(s.code))! as unknown as Record<string, number | string>;
      for (const k of Object.keys(s)) {
        if (typeof s[k] === 'number') expect(s[k]).toBeCloseTo(l[k] as number, 12);
        else expect(s[k]).toBe(l[k]);
      }
    }
    const [c] = await db.query<{ phi: number; version: number; method: string }>(
      `SELECT phi, definition_version AS version, method FROM variation_computations WHERE indicator_code = $1 AND period_start = $2`,
      [pick!.code, pick!.period],
    );
    expect(c).toMatchObject({ version: def.version, method: live.method });
    expect(c!.phi).toBeCloseTo(live.phi, 12);
  });

  it('is incremental: unchanged inputs are not recomputed; a newer value recomputes its period alone', async () => {
    const again = await computeResults(db);
    expect(again).toMatchObject({ computed: 0, unchanged: first.periods });

    // a newer load supersedes one practice's value in one period (as `lantern ingest` does)
    const [v] = await db.query<{ id: number; code: string; org: string; period: string; numerator: number }>(
      `SELECT v.id::int, v.indicator_code AS code, v.org_code AS org, v.period_start AS period, v.numerator
         FROM indicator_values v JOIN variation_results r ON r.indicator_code = v.indicator_code
          AND r.period_start = v.period_start AND r.org_code = v.org_code
        WHERE v.current ORDER BY v.indicator_code, v.period_start, v.org_code LIMIT 1`,
    );
    const before = await db.query<{ period: string; at: string }>(
      `SELECT period_start AS period, computed_at AS at FROM variation_computations WHERE indicator_code = $1`,
      [v!.code],
    );
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE indicator_values SET current = false WHERE id = $1`, [v!.id]);
      await tx.query(
        `INSERT INTO indicator_values (indicator_code, definition_version, org_code, period_start, period_end, numerator, denominator, value, load_id)
         SELECT indicator_code, definition_version, org_code, period_start, period_end, numerator + 5, denominator,
                (numerator + 5) / denominator * (value / nullif(numerator / denominator, 0)), load_id
           FROM indicator_values WHERE id = $1`,
        [v!.id],
      );
    });
    const third = await computeResults(db);
    expect(third).toMatchObject({ computed: 1, unchanged: first.periods - 1 });
    const [stored] = await db.query<{ numerator: number }>(
      `SELECT numerator FROM variation_results WHERE indicator_code = $1 AND period_start = $2 AND org_code = $3`,
      [v!.code, v!.period, v!.org],
    );
    expect(stored!.numerator).toBe(v!.numerator + 5);
    const after = new Map(
      (
        await db.query<{ period: string; at: string }>(
          `SELECT period_start AS period, computed_at AS at FROM variation_computations WHERE indicator_code = $1`,
          [v!.code],
        )
      ).map((r) => [r.period, r.at]),
    );
    for (const b of before)
      if (b.period === v!.period) expect(after.get(b.period)).not.toBe(b.at);
      else expect(after.get(b.period)).toBe(b.at);
  });

  it('stores the same in worker threads as in this thread', async () => {
    const stored = () =>
      db.query(
        `SELECT indicator_code, period_start, org_code, numerator, denominator, value, expected, z, z_adjusted, lower_95, upper_95, lower_99_8, upper_99_8, flag_95, flag_99_8, p
           FROM variation_results ORDER BY indicator_code, period_start, org_code`,
      );
    const computations = () =>
      db.query(
        `SELECT indicator_code, period_start, method, practices, phi, tau2, change FROM variation_computations ORDER BY 1, 2`,
      );
    const inThread = await computeResults(db, { force: true, workers: 0 });
    const [rows, fits] = [await stored(), await computations()];
    const inWorkers = await computeResults(db, { force: true, workers: 2 });
    expect(inWorkers).toEqual(inThread);
    expect(await stored()).toEqual(rows);
    expect(await computations()).toEqual(fits);
    expect(rows.length).toBe(inThread.results);
  });
});

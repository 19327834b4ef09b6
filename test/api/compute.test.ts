/**
 * Stored funnels (`lantern compute`), on both databases: every practice's figures derived from a stored fit equal
 * the funnel the API computes on the fly for the same indicator and period, in every fitted period of every
 * indicator; nothing is stored per practice; a second run recomputes nothing; a newer value for one practice in one
 * period recomputes that period alone, its figures follow the new value, and until then no figures are read against
 * the fit made before it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { computeResults } from '../../src/variation/compute.js';
import { funnelFor } from '../../src/variation/service.js';
import { listIndicators } from '../../src/db/repos/indicators.js';
import { countedPeriods } from '../../src/db/repos/practice-values.js';
import { funnelTypeFor } from '../../src/variation/funnel.js';
import { indicatorFigures, practiceFigures } from '../../src/variation/stored-results.js';
import { practiceSpine } from '../../src/variation/spine.js';
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
    // a fit per period, nothing per practice
    const [{ fits, practices }] = await db.query<{ fits: number; practices: number }>(
      `SELECT count(*)::int AS fits, coalesce(sum(practices), 0)::int AS practices FROM variation_computations WHERE fit_type IS NOT NULL`,
    );
    expect(fits).toBe(first.computed);
    expect(practices).toBeGreaterThanOrEqual(first.results);
    const [{ table }] = await db.query<{ table: string | null }>(
      `SELECT to_regclass('variation_results')::text AS table`,
    );
    expect(table).toBeNull();
  });

  it('gives, from each stored fit, exactly the funnel computed on the fly: every fitted period of every indicator', async () => {
    const fitted = await db.query<{
      code: string;
      period: string;
      phi: number | null;
      method: string;
      version: number;
    }>(
      `SELECT indicator_code AS code, period_start AS period, phi, method, definition_version AS version
         FROM variation_computations WHERE fit_type IS NOT NULL ORDER BY 1, 2`,
    );
    expect(fitted.length).toBe(first.computed);
    const defs = await listIndicators(db);
    const types = new Set<string>();
    let compared = 0;
    for (const f of fitted) {
      const def = defs.find((d) => d.code === f.code)!;
      const live = await funnelFor(db, def, { area: null, comparator: 'england', period: f.period });
      types.add(live.type);
      expect(f, `${f.code} ${f.period}`).toMatchObject({ version: def.version, method: live.method });
      if (live.type !== 'continuous') expect(f.phi).toBe(live.phi);
      const derived = (await indicatorFigures(db, f.code, [f.period])).get(f.period)!;
      // practices without a z-score (an amount of 0) have no figures to derive
      const liveRows = live.rows.filter((r) => !Number.isNaN(r.z));
      expect(derived.map((r) => r.code)).toEqual(liveRows.map((r) => r.code));
      derived.forEach((r, i) => {
        const l = liveRows[i]! as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries(r))
          if (k !== 'name' && k !== 'ccg' && k !== 'icb')
            expect(v, `${f.code} ${f.period} ${r.code} ${k}`).toBe(l[k]);
      });
      compared += derived.length;
    }
    expect(compared).toBe(first.results);
    // the synthetic area has proportions and rates (amounts are read back on real workforce data, amounts.test.ts)
    expect([...types].sort()).toEqual(['proportion', 'rate']);
  });

  /** Per period, the practices with countable counts, counted from every current value (as before issue 17). */
  const countedFromValues = (code: string, proportion: boolean) =>
    db.query<{ periodStart: string; periodEnd: string; practices: number }>(
      `SELECT v.period_start AS "periodStart", min(v.period_end) AS "periodEnd",
              (count(*) FILTER (WHERE o.code IS NOT NULL AND v.numerator >= 0 AND v.denominator > 0
                                  AND v.quality_issue IS NULL AND (NOT $2 OR v.numerator <= v.denominator)))::int AS practices
         FROM indicator_values v LEFT JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
        WHERE v.indicator_code = $1 AND v.current
        GROUP BY v.period_start ORDER BY v.period_start DESC`,
      [code, proportion],
    );

  it('counts each period’s practices from its current fit: the number the values give, in every period of every indicator', async () => {
    const defs = await listIndicators(db);
    let periods = 0;
    for (const def of defs) {
      const proportion = funnelTypeFor(def) === 'proportion';
      const expected = await countedFromValues(def.code, proportion);
      expect(await countedPeriods(db, def.code, proportion), def.code).toEqual(expected);
      periods += expected.length;
    }
    expect(periods).toBeGreaterThanOrEqual(first.periods);
    // the fitted periods are answered from their fits, not counted again: a fit's count moved moves the answer
    const moved = await db
      .transaction(async (tx) => {
        await tx.query(
          `UPDATE variation_computations SET practices = practices + 1000 WHERE fit_type IS NOT NULL`,
        );
        const out = new Map<string, number>();
        for (const def of defs)
          for (const p of await countedPeriods(tx, def.code, funnelTypeFor(def) === 'proportion'))
            out.set(`${def.code}@${p.periodStart}`, p.practices);
        throw Object.assign(new Error('roll back'), { out });
      })
      .catch((e: { out?: Map<string, number> }) => e.out!);
    const fitted = await db.query<{ code: string; period: string; practices: number }>(
      `SELECT indicator_code AS code, period_start AS period, practices FROM variation_computations`,
    );
    let fromFits = 0;
    for (const f of fitted) {
      const answer = moved.get(`${f.code}@${f.period}`);
      if (answer !== undefined && answer >= 1000) {
        expect(answer, `${f.code} ${f.period}`).toBe(f.practices + 1000);
        fromFits++;
      }
    }
    expect(fromFits).toBe(first.computed);
  });

  it('is incremental: unchanged inputs are not recomputed; a newer value recomputes its period alone', async () => {
    const again = await computeResults(db);
    expect(again).toMatchObject({ computed: 0, unchanged: first.periods });

    // a newer load supersedes one practice's value in one period (as `lantern ingest` does)
    // a practice's latest value of a published proportion, read on its spine against the stored funnel
    const [v] = await db.query<{ code: string; org: string; period: string; numerator: number }>(
      `SELECT DISTINCT ON (v.org_code) v.indicator_code AS code, v.org_code AS org, v.period_start AS period, v.numerator
         FROM indicator_values v JOIN indicators i ON i.code = v.indicator_code AND i.method = 'proportion' AND i.published
         JOIN variation_computations c ON c.indicator_code = v.indicator_code AND c.period_start = v.period_start
          AND c.fit_type IS NOT NULL
        WHERE v.current AND v.numerator + 5 <= v.denominator
          AND v.period_start = (SELECT max(period_start) FROM indicator_values w
                                 WHERE w.indicator_code = v.indicator_code AND w.org_code = v.org_code AND w.current)
        ORDER BY v.org_code, v.indicator_code LIMIT 1`,
    );
    const spineReading = async () =>
      (await practiceSpine(db, v!.org)).find((r) => r.indicator === v!.code)!.reading;
    expect(await spineReading()).not.toBeNull();
    const before = await db.query<{ period: string; at: string }>(
      `SELECT period_start AS period, computed_at AS at FROM variation_computations WHERE indicator_code = $1`,
      [v!.code],
    );
    await db.transaction(async (tx) => {
      // the value's row is known by its key; once superseded, by its key and not being current
      const key = [v!.code, v!.org, v!.period];
      const where = 'indicator_code = $1 AND org_code = $2 AND period_start = $3';
      await tx.query(`UPDATE indicator_values SET current = false WHERE ${where} AND current`, key);
      await tx.query(
        `INSERT INTO indicator_values (indicator_code, definition_version, org_code, period_start, period_end, numerator, denominator, value, load_id)
         SELECT indicator_code, definition_version, org_code, period_start, period_end, numerator + 5, denominator,
                (numerator + 5) / denominator * (value / nullif(numerator / denominator, 0)), load_id
           FROM indicator_values WHERE ${where} AND NOT current`,
        key,
      );
    });
    // until the period is computed again, its old fit is not read: not against the new counts, nor as before
    expect(await practiceFigures(db, v!.org, [[v!.code, v!.period]])).toEqual([]);
    expect((await indicatorFigures(db, v!.code, [v!.period])).size).toBe(0);
    expect(await spineReading()).toBeNull();
    // nor is the fit's count of practices: the period is counted from its values until it is computed again
    await db.query(
      `UPDATE variation_computations SET practices = practices + 1000 WHERE indicator_code = $1 AND period_start = $2`,
      [v!.code, v!.period],
    );
    const counted = (await countedPeriods(db, v!.code, true)).find((p) => p.periodStart === v!.period)!;
    expect(counted.practices).toBeLessThan(1000);
    expect(counted).toEqual(
      (await countedFromValues(v!.code, true)).find((p) => p.periodStart === v!.period),
    );
    const third = await computeResults(db);
    expect(third).toMatchObject({ computed: 1, unchanged: first.periods - 1 });
    const [now] = await practiceFigures(db, v!.org, [[v!.code, v!.period]]);
    expect(now!.figures.numerator).toBe(v!.numerator + 5);
    expect(await spineReading()).not.toBeNull();
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
    const computations = () =>
      db.query(
        `SELECT indicator_code, period_start, method, practices, phi, tau2, change, fit_type, target, multiplier,
                adjustment, k, centre, spread
           FROM variation_computations ORDER BY 1, 2`,
      );
    const inThread = await computeResults(db, { force: true, workers: 0 });
    const fits = await computations();
    const inWorkers = await computeResults(db, { force: true, workers: 2 });
    expect(inWorkers).toEqual(inThread);
    expect(await computations()).toEqual(fits);
    expect(fits.filter((f) => f.fit_type !== null).length).toBe(inThread.computed);
  });
});

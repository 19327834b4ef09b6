/**
 * Amounts are not counts (issue 14, finding 3). Staff full-time equivalents and money per patient were fitted as
 * Poisson counts: the answer depended on the unit (nurse FTE in tenths multiplied φ by ten and low flags from 18 to
 * 312), and the 547 practices with 0 direct-patient-care FTE got z = −∞. They are now compared on the log scale with
 * a robust spread: the unit cannot matter, a 0 is not compared (with the reason), and none is tier evidence.
 */
import { describe, expect, it } from 'vitest';
import { fitFunnel, practiceValues } from '../../src/variation/funnel.js';
import { computeResults } from '../../src/variation/compute.js';
import { indicatorFigures } from '../../src/variation/stored-results.js';
import { listIndicators } from '../../src/db/repos/indicators.js';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA } from '../shared-data.js';
import { ANON, call } from './sessions.js';
import { serverOnSharedFiles } from './shared-files-server.js';

const FILES = ['ods/epraccur_2021-11.csv', 'workforce/gp_workforce_by_practice_2023-2025.csv'];

for (const t of HAS_SHARED_DATA ? DATABASES.slice(0, 1) : []) {
  describe(`amounts on real workforce data [${t.name}]`, () => {
    const rig = serverOnSharedFiles(t, FILES, 600_000);

    it('staff per 1,000 patients are compared on the log scale: a 0 is not compared and says why, no z is −∞', async () => {
      const r = await call(rig.app, ANON, { method: 'GET', url: '/api/indicators/dpc_fte_per_1000/funnel' });
      expect(r.statusCode, r.body).toBe(200);
      const f = r.json();
      expect(f.type).toBe('continuous');
      expect(f.phi).toBeNull();
      expect(f.not_computed.phi).toMatch(/an amount is compared on the log scale with a robust spread/);
      expect(f.method).toMatch(/robust spread \(1\.4826 × the median absolute deviation/);
      const zero = f.rows.filter((x: { numerator: number }) => x.numerator === 0);
      expect(zero.length).toBeGreaterThan(100);
      for (const x of zero) {
        expect(x.z).toBeNull();
        expect(x.not_computed.z).toMatch(/a value of 0 or less has no logarithm/);
        expect(x.flag_99_8).toBe('');
      }
      // every other practice has a finite z-score, and the limits are one pair for all list sizes
      const rest = f.rows.filter((x: { numerator: number }) => x.numerator > 0);
      expect(rest.every((x: { z: number | null }) => Number.isFinite(x.z))).toBe(true);
      expect(new Set(rest.map((x: { upper_99_8: number }) => x.upper_99_8)).size).toBe(1);
    });

    it('a stored amount comparison gives every practice exactly the figures of the live one, zeros not compared', async () => {
      const report = await computeResults(rig.db, { indicators: ['dpc_fte_per_1000'] });
      expect(report.computed).toBeGreaterThan(0);
      const [latest] = await rig.db.query<{ p: string }>(
        `SELECT max(period_start) AS p FROM variation_computations WHERE indicator_code = 'dpc_fte_per_1000' AND fit_type = 'continuous'`,
      );
      const def = (await listIndicators(rig.db)).find((d) => d.code === 'dpc_fte_per_1000')!;
      const live = fitFunnel(def, await practiceValues(rig.db, 'dpc_fte_per_1000', latest!.p))!;
      const derived = (await indicatorFigures(rig.db, 'dpc_fte_per_1000', [latest!.p])).get(latest!.p)!;
      const compared = live.rows.filter((r) => r.numerator > 0);
      expect(compared.length).toBeGreaterThan(5000);
      expect(derived.map((r) => r.code)).toEqual(compared.map((r) => r.code));
      derived.forEach((r, i) => {
        const l = compared[i]!;
        expect([r.z_adjusted, r.p, r.expected, r.lower_99_8, r.upper_99_8, r.flag_95, r.flag_99_8]).toEqual([
          l.z_adjusted,
          l.p,
          l.expected,
          l.lower_99_8,
          l.upper_99_8,
          l.flag_95,
          l.flag_99_8,
        ]);
      });
    });

    it('the same staff counted in tenths of an FTE give the same z-scores and flags (the Poisson fit did not)', async () => {
      const [latest] = await rig.db.query<{ p: string }>(
        `SELECT max(period_start) AS p FROM indicator_values WHERE indicator_code = 'nurse_fte_per_1000'`,
      );
      const rows = await practiceValues(rig.db, 'nurse_fte_per_1000', latest!.p);
      const def = { method: 'rate', multiplier: 1000, numeratorKind: 'continuous' };
      const tenths = rows.map((r) => ({ ...r, numerator: r.numerator === null ? null : r.numerator * 10 }));
      const [a, b] = [fitFunnel(def, rows)!, fitFunnel({ ...def, multiplier: 100 }, tenths)!];
      expect(a.rows.length).toBeGreaterThan(5000);
      a.rows.forEach((x, i) => {
        const y = b.rows[i]!;
        if (Number.isNaN(x.z)) expect(Number.isNaN(y.z)).toBe(true);
        else expect(y.z).toBeCloseTo(x.z, 9);
        expect(y.flag_99_8).toBe(x.flag_99_8);
      });
      // as counts (the method before) the unit changes the verdicts
      const asCounts = { method: 'rate', multiplier: 1000, numeratorKind: 'events' };
      const lows = (f: NonNullable<ReturnType<typeof fitFunnel>>) =>
        f.rows.filter((x) => x.flag_99_8 === 'low').length;
      expect(lows(fitFunnel({ ...asCounts, multiplier: 100 }, tenths)!)).toBeGreaterThan(
        2 * lows(fitFunnel(asCounts, rows)!),
      );
    });

    it('no amount is adoptable as tier evidence: the first rule set finds nothing to judge here', async () => {
      const r = await call(rig.app, ANON, { method: 'GET', url: '/api/tiers/rules' });
      // workforce and payments are amounts; nothing else with counts is loaded: no rule set can be made
      expect(r.statusCode).toBe(404);
    });
  });
}

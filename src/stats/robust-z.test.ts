import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareWithCentre, MAD_TO_SD, robustLogComparison } from './robust-z.js';

describe('robustLogComparison', () => {
  it('centres on the median log value and scales by 1.4826 × MAD, worked by hand', () => {
    // ln values 0, ln2, ln4, ln8, ln16 → median ln4; |deviations| 2ln2, ln2, 0, ln2, 2ln2 → MAD ln2
    const r = robustLogComparison([1, 2, 4, 8, 16], [0.95]);
    expect(r.typical).toBeCloseTo(4, 12);
    expect(r.spread).toBeCloseTo(1.482602218505602 * Math.LN2, 12);
    expect(r.z[4]).toBeCloseTo((2 * Math.LN2) / (1.482602218505602 * Math.LN2), 12);
    expect(MAD_TO_SD).toBeCloseTo(1.482602218505602, 12);
    // the 95% limits are typical × exp(±1.959964 × spread)
    expect(r.upper[0]).toBeCloseTo(4 * Math.exp(1.959963984540054 * r.spread), 10);
  });

  it('does not depend on the unit: the same z, p and flags for FTE and FTE in tenths (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 5, maxLength: 60 }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (xs, unit) => {
          const a = robustLogComparison(xs, [0.95, 0.998]);
          const b = robustLogComparison(
            xs.map((x) => x * unit),
            [0.95, 0.998],
          );
          for (let i = 0; i < xs.length; i++) {
            if (a.spread === 0) continue;
            // relative: near-tied values give a tiny spread and z-scores in the hundreds of thousands
            expect(Math.abs(b.z[i]! - a.z[i]!)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(a.z[i]!)));
          }
          expect(b.k).toBe(a.k);
        },
      ),
    );
  });

  it('treats values that differ only by rounding as having no spread: z = 0, not ±hundreds of thousands', () => {
    const r = robustLogComparison(
      [0.01, 0.01, 0.010000000000000009, 0.01000000000000002, 0.010000000000000009],
      [0.95],
    );
    expect(r.spread).toBe(0);
    expect([...r.z]).toEqual([0, 0, 0, 0, 0]);
    // a real difference of one in a million is still a spread
    expect(robustLogComparison([1, 1.000001, 1.000002, 1.000003, 1.000004], [0.95]).spread).toBeGreaterThan(
      0,
    );
  });

  it('leaves values ≤ 0 out of the estimate with a NaN z-score and no flag, instead of z = −∞', () => {
    const r = robustLogComparison([0, 1, 2, 3, 4], [0.95]);
    expect(r.k).toBe(4);
    expect(Number.isNaN(r.z[0])).toBe(true);
    expect(r.flag[0]![0]).toBe(0);
  });

  it('is not moved by one extreme unit (a non-robust SD would be)', () => {
    const base = [10, 11, 12, 13, 14, 15, 16];
    const a = robustLogComparison(base, [0.95]);
    const b = robustLogComparison([...base, 1e6], [0.95]);
    expect(b.spread / a.spread).toBeLessThan(1.5);
    expect(b.flag[0]![7]).toBe(1);
  });

  it('refuses fewer than 3 positive values', () => {
    expect(() => robustLogComparison([0, 1, 2], [0.95])).toThrow(/at least 3 positive values, got 2/);
  });
});

describe('compareWithCentre', () => {
  it('gives each amount exactly robustLogComparison’s figures, alone or among others (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 5, maxLength: 60 }),
        fc.nat(),
        (values, pick) => {
          fc.pre(values.filter((v) => v > 0).length >= 3);
          const full = robustLogComparison(values, [0.95, 0.998]);
          const again = compareWithCentre(values, full, [0.95, 0.998]);
          expect(again).toEqual(full);
          const i = pick % values.length;
          const one = compareWithCentre([values[i]!], full, [0.95, 0.998]);
          expect([one.z[0], one.flag[1]![0], one.upper]).toEqual([full.z[i], full.flag[1]![i], full.upper]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splineBasis, splineKnots } from './splines.js';

const KNOTS = [0.1, 0.25, 0.5, 0.8];

describe('splineBasis', () => {
  it('is x itself in its first column and zero in the others at and below the first knot', () => {
    expect(splineBasis(0.05, KNOTS)).toEqual([0.05, 0, 0]);
    expect(splineBasis(0.1, KNOTS)).toEqual([0.1, 0, 0]);
  });

  it('matches the truncated-power formula worked by hand at a point between knots', () => {
    // x = 0.3: (x − t1)³₊ = 0.008, (x − t2)³₊ = 0.000125, (x − t3)³₊ = (x − t4)³₊ = 0; norm = 0.7² = 0.49
    const [x, c1, c2] = splineBasis(0.3, KNOTS);
    expect(x).toBe(0.3);
    expect(c1).toBeCloseTo(0.008 / 0.49, 15);
    expect(c2).toBeCloseTo(0.000125 / 0.49, 15);
  });

  it('is linear beyond the last knot (second differences vanish) and cubic inside', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.85, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (x, h) => {
          const a = splineBasis(x, KNOTS);
          const b = splineBasis(x + h, KNOTS);
          const c = splineBasis(x + 2 * h, KNOTS);
          for (let j = 0; j < a.length; j++) expect(c[j]! - 2 * b[j]! + a[j]!).toBeCloseTo(0, 9);
        },
      ),
    );
    // inside, the second difference of a non-linear column is not zero
    const [a, b, c] = [0.3, 0.35, 0.4].map((x) => splineBasis(x, KNOTS)[1]!);
    expect(Math.abs(c! - 2 * b! + a!)).toBeGreaterThan(1e-6);
  });

  it('is continuous with a continuous slope at every knot', () => {
    const eps = 1e-7;
    for (const t of KNOTS) {
      const [l, m, r] = [t - eps, t, t + eps].map((x) => splineBasis(x, KNOTS));
      for (let j = 0; j < m!.length; j++) {
        expect(Math.abs(r![j]! - l![j]!)).toBeLessThan(1e-6);
        const slopeLeft = (m![j]! - l![j]!) / eps;
        const slopeRight = (r![j]! - m![j]!) / eps;
        expect(slopeRight).toBeCloseTo(slopeLeft, 4);
      }
    }
  });

  it('refuses too few or unordered knots, naming them', () => {
    expect(() => splineBasis(1, [0, 1])).toThrow(/at least 3 knots, got 2/);
    expect(() => splineBasis(1, [0, 2, 1])).toThrow(/strictly increasing, got 0, 2, 1/);
  });
});

describe('splineKnots', () => {
  it("places 4 knots at the 5th, 35th, 65th and 95th centiles (R's type 7 quantiles)", () => {
    const x = Array.from({ length: 101 }, (_, i) => i); // quantile p of 0..100 is 100p
    expect(splineKnots(x)).toEqual([5, 35, 65, 95]);
  });
});

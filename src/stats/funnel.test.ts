import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reference, expectAllClose, expectClose } from '../../test/reference.js';
import { computeFunnel, evaluateFunnel, evaluateZScores, funnelCurves, trimmedSquareMean } from './funnel.js';
import { mulberry32, rbinom } from './random.js';

describe('funnel: proportions (arcsine, winsorised, additive τ²)', () => {
  const c = reference.funnel_proportion;
  const r = computeFunnel(c.numerator, c.denominator, { type: 'proportion', multiplier: 1 });
  it('estimates target, z, φ and τ² as the reference', () => {
    expectClose(r.target, c.target, 'target');
    expectAllClose(r.z, c.z, 'z');
    expectClose(r.phi, c.phi, 'phi');
    expectClose(r.tau2, c.tau2, 'tau2');
    expect(r.adjustment).toBe('additive');
  });
  it('gives adjusted z, p and limits at each unit as the reference', () => {
    expectAllClose(r.zAdjusted, c.z_adjusted, 'z_adjusted');
    expectAllClose(r.p, c.p, 'p');
    expectAllClose(r.lower[0], c.lower_95, 'lower95');
    expectAllClose(r.upper[0], c.upper_95, 'upper95');
    expectAllClose(r.lower[1], c.lower_99_8, 'lower998');
    expectAllClose(r.upper[1], c.upper_99_8, 'upper998');
  });
  it('multiplicative φ inflates the limits by √φ', () => {
    const m = computeFunnel(c.numerator, c.denominator, {
      type: 'proportion',
      multiplier: 1,
      overdispersion: 'multiplicative',
    });
    expect(m.phi).toBeGreaterThan(c.mult_threshold);
    expect(m.adjustment).toBe('multiplicative');
    expectAllClose(m.zAdjusted, c.mult_z_adjusted, 'mult z');
    expectAllClose(m.lower[1], c.mult_lower_99_8, 'mult lower');
    expectAllClose(m.upper[1], c.mult_upper_99_8, 'mult upper');
  });
  it('without adjustment uses exact binomial limits (Spiegelhalter interpolation)', () => {
    const e = computeFunnel(c.numerator, c.denominator, {
      type: 'proportion',
      multiplier: 1,
      overdispersion: 'none',
    });
    expect(e.adjustment).toBe('none');
    expectAllClose(e.lower[1], c.exact_lower_99_8, 'exact lower');
    expectAllClose(e.upper[1], c.exact_upper_99_8, 'exact upper');
    expectAllClose(e.zAdjusted, c.z, 'unadjusted z');
  });
  it('flags a unit exactly when its value lies outside its limits', () => {
    for (let i = 0; i < r.value.length; i++) {
      const f = r.value[i] > r.upper[1][i] ? 1 : r.value[i] < r.lower[1][i] ? -1 : 0;
      expect(r.flag[1][i]).toBe(f);
    }
    expect(r.flag[1].some((f) => f !== 0)).toBe(true);
  });
  it('refuses a numerator above its denominator and a zero denominator', () => {
    expect(() => computeFunnel([5], [4])).toThrow(/exceeds/);
    expect(() => computeFunnel([0], [0])).toThrow(/> 0/);
  });
});

describe('funnel: ratios (SHMI log scale, truncated φ)', () => {
  const c = reference.funnel_ratio;
  const r = computeFunnel(c.observed, c.expected, { type: 'ratio', multiplier: 1 });
  it('agrees with the reference on z, φ, τ² and adjusted limits, with a zero count present', () => {
    expectAllClose(r.z, c.z, 'z');
    expect(r.k).toBe(c.k);
    expectClose(r.phi, c.phi, 'phi');
    expectClose(r.tau2, c.tau2, 'tau2');
    expectAllClose(r.zAdjusted, c.z_adjusted, 'z_adjusted');
    expectAllClose(r.lower[1], c.lower_99_8, 'lower998');
    expectAllClose(r.upper[1], c.upper_99_8, 'upper998');
  });
  it('unadjusted limits are exact Poisson with E standing in for O', () => {
    const e = computeFunnel(c.observed, c.expected, { type: 'ratio', multiplier: 1, overdispersion: 'none' });
    expectAllClose(e.lower[0], c.exact_lower_95, 'lower95');
    expectAllClose(e.upper[0], c.exact_upper_95, 'upper95');
  });
});

describe('funnel: rates are ratios against exposure × target rate', () => {
  it('a rate funnel equals the ratio funnel on E = exposure × pooled rate, scaled', () => {
    const o = [3, 10, 25, 40, 80, 7, 0, 150];
    const n = [1000, 2500, 6000, 9000, 20000, 1500, 800, 30000];
    const rr = computeFunnel(o, n, { type: 'rate', multiplier: 1000 });
    const pooled = o.reduce((a, b) => a + b) / n.reduce((a, b) => a + b);
    const ratio = computeFunnel(
      o,
      n.map((x) => x * pooled),
      { type: 'ratio', multiplier: 1 },
    );
    expectAllClose(rr.z, Array.from(ratio.z), 'z');
    expectAllClose(
      rr.upper[1],
      Array.from(ratio.upper[1]).map((u) => u * pooled * 1000),
      'upper',
    );
    expectClose(rr.value[0], 3, 'value per 1000');
  });
});

describe('funnel properties', () => {
  it('limits narrow as precision grows and widen with φ > 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.02, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (target, tau2) => {
          const base = {
            type: 'proportion' as const,
            target,
            multiplier: 1,
            levels: [0.998],
            k: 10,
            phi: 2,
            tau2,
            adjustment: 'additive' as const,
          };
          const precisions = [10, 50, 100, 500, 1000, 5000];
          const a = funnelCurves({ ...base, tau2: 0, adjustment: 'none' }, precisions);
          const b = funnelCurves(base, precisions);
          for (let i = 1; i < precisions.length; i++) {
            if (a.upper[0][i] - a.lower[0][i] > a.upper[0][i - 1] - a.lower[0][i - 1] + 1e-9) return false;
            if (b.upper[0][i] - b.lower[0][i] > b.upper[0][i - 1] - b.lower[0][i - 1] + 1e-9) return false;
          }
          const m1 = funnelCurves({ ...base, phi: 1.5, adjustment: 'multiplicative' }, [200]);
          const m0 = funnelCurves({ ...base, phi: 1, adjustment: 'multiplicative' }, [200]);
          return m1.upper[0][0] >= m0.upper[0][0] && m1.lower[0][0] <= m0.lower[0][0];
        },
      ),
    );
  });
});

describe('funnel simulation (seeded): no true outliers', () => {
  it('99.8% limits flag about 0.2% of in-control units', () => {
    const rand = mulberry32(20261122);
    let flags = 0;
    let units = 0;
    for (let rep = 0; rep < 200; rep++) {
      const n = Array.from({ length: 100 }, () => 200 + Math.floor(rand() * 3000));
      const x = n.map((ni) => rbinom(rand, ni, 0.2));
      const f = computeFunnel(x, n, {
        type: 'proportion',
        multiplier: 1,
        target: 0.2,
        overdispersion: 'none',
      });
      for (let i = 0; i < 100; i++) flags += f.flag[1][i] !== 0 ? 1 : 0;
      units += 100;
    }
    const rateObserved = flags / units;
    // binomial sampling error on 20,000 units: sd ≈ 0.00032; allow 4 sd
    expect(Math.abs(rateObserved - 0.002)).toBeLessThan(4 * Math.sqrt((0.002 * 0.998) / units));
  });
});

describe('funnel: consistent φ (the trimmed mean of z² scaled to its value for normal z-scores)', () => {
  /** E[min(max(Z, −c), c)²] or E[Z² | |Z| < c] for a standard normal Z, by Simpson's rule on a fine grid. */
  function integrate(c: number, how: 'winsorise' | 'truncate'): number {
    const n = 20000;
    const h = (2 * c) / n;
    const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    let inner = 0;
    let mass = 0;
    for (let i = 0; i <= n; i++) {
      const x = -c + i * h;
      const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      inner += w * x * x * phi(x);
      mass += w * phi(x);
    }
    inner *= h / 3;
    mass *= h / 3;
    return how === 'truncate' ? inner / mass : inner + (1 - mass) * c * c;
  }

  it('trimmedSquareMean equals the normal integral for winsorising and truncation', () => {
    for (const trim of [0.05, 0.1, 0.2]) {
      const c = qnormFor(trim);
      expect(trimmedSquareMean(trim, 'truncate')).toBeCloseTo(integrate(c, 'truncate'), 9);
      expect(trimmedSquareMean(trim, 'winsorise')).toBeCloseTo(integrate(c, 'winsorise'), 9);
    }
    expect(trimmedSquareMean(0, 'truncate')).toBe(1);
  });

  it('recovers the true φ of overdispersed ratios where the reference estimate runs at about 0.44 × φ (seeded)', () => {
    const rand = mulberry32(42);
    const k = 4000;
    const e = Float64Array.from({ length: k }, () => 50 + 950 * rand());
    // z on the log scale with true sd 1.5 × the Poisson one: φ = 2.25
    const o = e.map((ei) => Math.max(0, Math.round(ei * Math.exp((1.5 * normal(rand)) / Math.sqrt(ei)))));
    const reference = computeFunnel(o, e, { type: 'ratio', overdispersion: 'additive' });
    const consistent = computeFunnel(o, e, {
      type: 'ratio',
      overdispersion: 'additive',
      dispersion: 'consistent',
    });
    expect(consistent.phi).toBeGreaterThan(2.25 * 0.93);
    expect(consistent.phi).toBeLessThan(2.25 * 1.07);
    expect(reference.phi / consistent.phi).toBeCloseTo(trimmedSquareMean(0.1, 'truncate'), 1);
  });
});

/** Φ⁻¹(1 − trim) by bisection on the normal integral: independent of the library quantile. */
function qnormFor(trim: number): number {
  let lo = 0;
  let hi = 6;
  const upperTail = (x: number) => {
    // ∫ₓ^∞ φ by Simpson on [x, 10]
    const n = 20000;
    const h = (10 - x) / n;
    let s = 0;
    for (let i = 0; i <= n; i++) {
      const t = x + i * h;
      s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp((-t * t) / 2);
    }
    return (s * h) / 3 / Math.sqrt(2 * Math.PI);
  };
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (upperTail(mid) > trim) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Box–Muller normal from the seeded uniform stream. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

describe('evaluateFunnel: units placed against a fit already made', () => {
  const units = fc
    .array(
      fc.record({ n: fc.integer({ min: 1, max: 5000 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { minLength: 5, maxLength: 40 },
    )
    .map((us) => ({ n: us.map((u) => u.n), o: us.map((u) => Math.round(u.share * u.n)) }));
  const types = fc.constantFrom('proportion' as const, 'rate' as const, 'ratio' as const);
  const overdispersion = fc.constantFrom('none' as const, 'additive' as const, 'multiplicative' as const);

  it('gives each unit exactly the figures computeFunnel gave it, alone or among others (property)', () => {
    fc.assert(
      fc.property(units, types, overdispersion, fc.nat(), (u, type, od, pick) => {
        // a ratio's denominator is an expected count; a rate's an exposure: any positive number will do
        const full = computeFunnel(u.o, u.n, { type, overdispersion: od, multiplier: 100 });
        const again = evaluateFunnel(full, u.o, u.n);
        for (const key of ['value', 'z', 'zAdjusted', 'p'] as const)
          expect(Array.from(again[key]), key).toEqual(Array.from(full[key]));
        for (let l = 0; l < full.levels.length; l++) {
          expect(Array.from(again.lower[l]!)).toEqual(Array.from(full.lower[l]!));
          expect(Array.from(again.upper[l]!)).toEqual(Array.from(full.upper[l]!));
          expect(Array.from(again.flag[l]!)).toEqual(Array.from(full.flag[l]!));
        }
        // the z-scores alone (a CUSUM's points): the same, bit for bit
        const zs = evaluateZScores(full, u.o, u.n);
        for (const key of ['value', 'z', 'zAdjusted'] as const)
          expect(Array.from(zs[key]), `z-scores alone: ${key}`).toEqual(Array.from(full[key]));
        // one unit on its own: what a practice's page derives from the stored fit
        const i = pick % u.n.length;
        const one = evaluateFunnel(full, [u.o[i]!], [u.n[i]!]);
        expect([one.zAdjusted[0], one.upper[1]![0], one.flag[0]![0]]).toEqual([
          full.zAdjusted[i],
          full.upper[1]![i],
          full.flag[0]![i],
        ]);
      }),
      { numRuns: 200 },
    );
  });

  it('places a new unit by the fit’s target and spread (hand-worked: proportion, additive)', () => {
    const fit = {
      type: 'proportion' as const,
      target: 0.2,
      multiplier: 100,
      levels: [0.95],
      k: 10,
      phi: 3,
      tau2: 0.01,
      adjustment: 'additive' as const,
    };
    const r = evaluateFunnel(fit, [30], [100]);
    const sd = Math.sqrt(1 / 400 + 0.01);
    expect(r.zAdjusted[0]).toBeCloseTo((Math.asin(Math.sqrt(0.3)) - Math.asin(Math.sqrt(0.2))) / sd, 14);
    expect(r.lower[0]![0]).toBeCloseTo(
      100 * Math.sin(Math.asin(Math.sqrt(0.2)) - 1.959963984540054 * sd) ** 2,
      12,
    );
    expect(r.value[0]).toBe(30);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lnFactorial, poissonGlm, poissonDeviance } from './glm.js';
import { mulberry32, rpois } from './random.js';

describe('Poisson regression', () => {
  it('reproduces Dobson’s worked example (R ?glm: counts ~ outcome + treatment)', () => {
    // Dobson (1990) An Introduction to Generalized Linear Models, p. 93; the example in R's glm help page.
    const counts = [18, 17, 15, 20, 10, 20, 25, 13, 12];
    const x = counts.map((_, i) => {
      const outcome = i % 3;
      const treatment = Math.floor(i / 3);
      return [
        1,
        outcome === 1 ? 1 : 0,
        outcome === 2 ? 1 : 0,
        treatment === 1 ? 1 : 0,
        treatment === 2 ? 1 : 0,
      ];
    });
    const f = poissonGlm(x, counts);
    // Treatment totals are equal (50 each), so the MLE is closed-form: outcome totals 63, 40, 47 over 3 treatments.
    expect(f.coefficients[0]).toBeCloseTo(Math.log(63 / 3), 10);
    expect(f.coefficients[1]).toBeCloseTo(Math.log(40 / 63), 10);
    expect(f.coefficients[2]).toBeCloseTo(Math.log(47 / 63), 10);
    expect(f.coefficients[3]).toBeCloseTo(0, 10);
    expect(f.coefficients[4]).toBeCloseTo(0, 10);
    // the deviances, from the closed-form fitted values: μ = total(outcome) / 3
    const mu = counts.map((_, i) => [63, 40, 47][i % 3] / 3);
    expect(f.deviance).toBeCloseTo(poissonDeviance(counts, mu), 10);
    expect(f.deviance).toBeCloseTo(5.129141, 5); // as R prints it: "Residual deviance: 5.1291 on 4 degrees of freedom"
    expect(f.nullDeviance).toBeCloseTo(10.58145, 4); // "Null deviance: 10.5814 on 8 degrees of freedom"
    expect(f.dfResidual).toBe(4);
    expect(f.aic).toBeCloseTo(56.76132, 4); // "AIC: 56.761"
    // Standard errors in closed form for this balanced design: Var(β0) = 1/63 + 1/50 − 1/150, Var(outcome2) =
    // 1/63 + 1/40; R prints 1.709e-01 and 2.022e-01
    expect(f.standardErrors[0]).toBeCloseTo(Math.sqrt(1 / 63 + 1 / 50 - 1 / 150), 8);
    expect(f.standardErrors[1]).toBeCloseTo(Math.sqrt(1 / 63 + 1 / 40), 8);
    expect(f.standardErrors[3]).toBeCloseTo(0.2, 10); // treatment effects: √(1/50 + 1/50) exactly
  });

  it('ln n! agrees with the exact sum of logs, including past the switch to Stirling', () => {
    let exact = 0;
    for (let n = 1; n <= 400; n++) {
      exact += Math.log(n);
      expect(Math.abs(lnFactorial(n) - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    }
    expect(lnFactorial(0)).toBe(0);
  });

  it('with only an intercept and an offset, the fit is the pooled rate', () => {
    const y = [3, 10, 0, 7];
    const exposure = [100, 400, 50, 250];
    const f = poissonGlm(
      y.map(() => [1]),
      y,
      exposure.map(Math.log),
    );
    expect(Math.exp(f.coefficients[0])).toBeCloseTo(20 / 800, 12);
    expect(f.deviance).toBeCloseTo(f.nullDeviance, 10);
  });

  it('solves the score equations: Xᵀ(y − μ) = 0 at the fit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const rand = mulberry32(seed);
        const n = 60;
        const x = Array.from({ length: n }, () => [1, rand() * 2 - 1, rand()]);
        const off = Array.from({ length: n }, () => Math.log(100 + rand() * 900));
        const y = x.map((r, i) => rpois(rand, Math.exp(off[i] - 3 + 0.5 * r[1] - 0.3 * r[2])));
        const f = poissonGlm(x, y, off);
        expect(f.converged).toBe(true);
        for (let a = 0; a < 3; a++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += x[i][a] * (y[i] - f.fitted[i]);
          expect(Math.abs(s)).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('recovers known coefficients from a large simulated set', () => {
    const rand = mulberry32(9);
    const n = 6500;
    const x = Array.from({ length: n }, () => [1, rand(), rand() * 40]);
    const off = Array.from({ length: n }, () => Math.log(2000 + rand() * 12000));
    const y = x.map((r, i) => rpois(rand, Math.exp(off[i] - 4 + 1.2 * r[1] + 0.01 * r[2])));
    const f = poissonGlm(x, y, off);
    expect(f.coefficients[1]).toBeCloseTo(1.2, 1);
    expect(f.coefficients[2]).toBeCloseTo(0.01, 2);
    expect(Math.abs(f.coefficients[1] - 1.2)).toBeLessThan(4 * f.standardErrors[1]);
    expect(f.dispersion).toBeGreaterThan(0.9);
    expect(f.dispersion).toBeLessThan(1.1);
  });

  it('refuses collinear covariates and too few observations', () => {
    expect(() =>
      poissonGlm(
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
        [1, 2, 3],
      ),
    ).toThrow(/full rank/);
    expect(() =>
      poissonGlm(
        [
          [1, 0],
          [1, 1],
        ],
        [1, 2],
      ),
    ).toThrow(/more than 2 observations/);
  });
});

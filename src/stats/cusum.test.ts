import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  poissonCusum,
  bernoulliCusum,
  solvePoissonCusumH,
  poissonCusumArl,
  ewma,
  normalCusum,
  normalCusumArl,
} from './cusum.js';
import { mulberry32, rnorm, rpois } from './random.js';
import { expectClose } from '../../test/reference.js';

describe('Poisson CUSUM', () => {
  it('accumulates W = O ln R − (R − 1)E, floors at 0 and resets after a signal (hand calculation)', () => {
    const ln2 = Math.log(2);
    const r = poissonCusum([0, 3, 4, 1], [1, 1, 1, 1], 2, 2.5);
    // period 1: max(0, 0 − 1) = 0; period 2: 3ln2 − 1 = 1.0794; period 3: + 4ln2 − 1 = 2.8520 > 2.5 → signal, reset
    expectClose(r.high[0], 0, 'c1');
    expectClose(r.high[1], 3 * ln2 - 1, 'c2');
    expectClose(r.high[2], 3 * ln2 - 1 + 4 * ln2 - 1, 'c3');
    expect(Array.from(r.signalHigh)).toEqual([0, 0, 1, 0]);
    expectClose(r.high[3], Math.max(0, ln2 - 1), 'c4 after reset');
    // lower arm: W = −O ln R − (1/R − 1)E; period 1: 0.5
    expectClose(r.low[0], -0.5, 'low1');
  });
  it('Bernoulli CUSUM weights follow Steiner et al. (2000)', () => {
    const r = bernoulliCusum([1, 0], [0.2, 0.2], 2, 10);
    const w1 = Math.log(2) - Math.log(1 - 0.2 + 2 * 0.2);
    expectClose(r.high[0], w1, 'w1');
    expectClose(r.high[1], Math.max(0, w1 - Math.log(1.2)), 'w2');
  });
  it('the ARL grows with h', () => {
    expect(poissonCusumArl(5, 2, 4)).toBeGreaterThan(poissonCusumArl(5, 2, 3));
  });
  it('simulation (seeded): the in-control ARL is within 10% of the target, and a 1.5× shift is detected', () => {
    const expected = 5;
    const target = 100;
    const h = solvePoissonCusumH(expected, 2, target);
    const rand = mulberry32(7);
    const runs: number[] = [];
    for (let rep = 0; rep < 2000; rep++) {
      let c = 0;
      let t = 0;
      for (;;) {
        t++;
        c = Math.max(0, c + rpois(rand, expected) * Math.log(2) - expected);
        if (c > h || t > 100000) break;
      }
      runs.push(t);
    }
    const arl = runs.reduce((a, b) => a + b) / runs.length;
    expect(Math.abs(arl - target) / target).toBeLessThan(0.1);
    // true 1.5× shift: detection within 24 periods and median delay
    const delays: number[] = [];
    for (let rep = 0; rep < 2000; rep++) {
      let c = 0;
      let t = 0;
      for (;;) {
        t++;
        c = Math.max(0, c + rpois(rand, expected * 1.5) * Math.log(2) - expected);
        if (c > h || t > 100000) break;
      }
      delays.push(t);
    }
    delays.sort((a, b) => a - b);
    const within24 = delays.filter((d) => d <= 24).length / delays.length;
    const median = delays[delays.length / 2];
    console.log(
      `CUSUM E=5/period R=2, h=${h.toFixed(4)}: in-control ARL ${arl.toFixed(1)} (target ${target}); 1.5× shift: P(detect ≤ 24) = ${within24.toFixed(3)}, median delay ${median}`,
    );
    expect(median).toBeLessThan(target / 3);
  });
});

describe('EWMA', () => {
  it('smooths with λ and widens its limits to the asymptote', () => {
    const r = ewma([10, 12, 8], { lambda: 0.5, target: 10, sigma: 1, L: 3 });
    expectClose(r.ewma[0], 10, 'z1');
    expectClose(r.ewma[1], 11, 'z2');
    expectClose(r.ewma[2], 9.5, 'z3');
    expectClose(r.upper[0], 10 + 3 * Math.sqrt((0.5 / 1.5) * (1 - 0.25)), 'u1');
    expect(r.upper[2]).toBeGreaterThan(r.upper[0]);
  });
});

describe('the control limit at large expected counts', () => {
  it('never gives a false-alarm rate above the target: when even h → 0 is too strict, h is the smallest value', () => {
    const h = solvePoissonCusumH(800, 1.2, 120);
    expect(h).toBeLessThan(1e-5);
    // the ARL at that h is at least the target: the rate of false alarms is at most 1/120
    expect(poissonCusumArl(800, 1.2, h)).toBeGreaterThanOrEqual(120);
  });
});

describe('tabular CUSUM of standardised values', () => {
  it('accumulates z − k and −z − k, signals above h and restarts (hand-worked series)', () => {
    // k = 0.5, h = 2: upper 0.5, 2.0, 3.5 > 2 → signal, restart at 0; lower 2.5 > 2 → signal, then 0 + 1 − 0.5
    const r = normalCusum([1, 2, 2, 0, -3, -1], 0.5, 2);
    expect(Array.from(r.high)).toEqual([0.5, 2, 3.5, 0, 0, 0]);
    expect(Array.from(r.signalHigh)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(r.low)).toEqual([-0, -0, -0, -0, -2.5, -0.5]);
    expect(Array.from(r.signalLow)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('carries its sums out of the last period, after any restart (the hand-worked series)', () => {
    // upper: 0.5, 2.0, 3.5 → restart at 0, then 0, 0, 0; lower: 0, 0, 0, 0, 2.5 → restart at 0, then 0.5
    expect(normalCusum([1, 2, 2, 0, -3, -1], 0.5, 2).carry).toEqual({ high: 0, low: -0.5 });
    expect(normalCusum([1, 2], 0.5, 2).carry).toEqual({ high: 2, low: 0 });
    // from that carry, the third period signals as in the whole run
    const rest = normalCusum([2, 0, -3, -1], 0.5, 2, { high: 2, low: 0 });
    expect(Array.from(rest.high)).toEqual([3.5, 0, 0, 0]);
    expect(Array.from(rest.signalHigh)).toEqual([1, 0, 0, 0]);
    expect(() => normalCusum([1], 0.5, 2, { high: -1, low: 0 })).toThrow(RangeError);
  });

  it('a series run in two parts, the second from the first’s carry, is the series run at once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.double({ min: 0.5, max: 8, noNaN: true }),
        (z, cut, k, h) => {
          const at = cut % (z.length + 1);
          const whole = normalCusum(z, k, h);
          const first = normalCusum(z.slice(0, at), k, h);
          const second = normalCusum(z.slice(at), k, h, first.carry);
          expect([...first.high, ...second.high]).toEqual([...whole.high]);
          expect([...first.low, ...second.low]).toEqual([...whole.low]);
          expect([...first.signalHigh, ...second.signalHigh]).toEqual([...whole.signalHigh]);
          expect([...first.signalLow, ...second.signalLow]).toEqual([...whole.signalLow]);
          expect(second.carry).toEqual(whole.carry);
        },
      ),
    );
  });

  // Montgomery, Introduction to Statistical Quality Control (6th ed.), Table 9.3: two-sided ARL of the tabular
  // CUSUM with k = ½: h = 4 → 168 in control, 8.38 after a 1σ shift; h = 5 → 465 and 10.4.
  it.each([
    [4, 0, 168],
    [4, 1, 8.38],
    [5, 0, 465],
    [5, 1, 10.4],
  ])(
    'Siegmund’s approximation agrees with the published ARL (h = %d, shift %dσ: %d) within 1.5%%',
    (h, shift, arl) => {
      const up = normalCusumArl(0.5, h, shift);
      const down = normalCusumArl(0.5, h, -shift);
      const both = 1 / (1 / up + 1 / down);
      expect(Math.abs(both - arl) / arl).toBeLessThan(0.015);
    },
  );

  it('in-control run lengths in simulation agree with the approximation (one arm, h = 4: ≈ 336)', () => {
    const rand = mulberry32(2024);
    const runs: number[] = [];
    for (let r = 0; r < 4000; r++) {
      let c = 0;
      let t = 0;
      do {
        t++;
        c = Math.max(0, c + rnorm(rand) - 0.5);
      } while (c <= 4);
      runs.push(t);
    }
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    // run lengths are roughly geometric: the standard error of the mean of 4,000 is about 336/√4000 ≈ 5.3
    expect(Math.abs(mean - normalCusumArl(0.5, 4)) / normalCusumArl(0.5, 4)).toBeLessThan(0.05);
  });
});

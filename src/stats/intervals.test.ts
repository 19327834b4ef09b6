import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reference, expectClose } from '../../test/reference.js';
import {
  wilson,
  poissonCount,
  indirectlyStandardisedRatio,
  directlyStandardisedRate,
  meanInterval,
  rate,
  byarLower,
} from './intervals.js';
import { zForLevel, levelLabel } from './distributions.js';

describe('critical values and labels', () => {
  it('z for 95% and 99.8% are the two- and three-sigma values of the methods', () => {
    expectClose(zForLevel(0.95), 1.959963984540054, 'z95', 1e-12);
    expectClose(zForLevel(0.998), 3.090232306167813, 'z998', 1e-12);
  });
  it('level labels follow the column contract', () => {
    expect(levelLabel(0.95)).toBe('95');
    expect(levelLabel(0.998)).toBe('99_8');
    expect(levelLabel(0.975)).toBe('97_5');
  });
});

describe('wilson', () => {
  it('agrees with the reference on every case, including 0/n, n/n and huge n', () => {
    for (const c of reference.wilson) {
      const r = wilson(c.x, c.n, c.level);
      expectClose(r.lower, c.lower, `wilson(${c.x},${c.n},${c.level}).lower`);
      expectClose(r.upper, c.upper, `wilson(${c.x},${c.n},${c.level}).upper`);
    }
  });
  it('reproduces Newcombe (1998) worked example 81/263: 0.2553 to 0.3662', () => {
    const r = wilson(81, 263, 0.95);
    expect(r.lower).toBeCloseTo(0.2553, 4);
    expect(r.upper).toBeCloseTo(0.3662, 4);
  });
  it('refuses impossible input', () => {
    expect(() => wilson(5, 4)).toThrow(/exceed/);
    expect(() => wilson(-1, 4)).toThrow(/≥ 0/);
    expect(() => wilson(0, 0)).toThrow(/> 0/);
  });
  it('contains the estimate and nests by level (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.floor(f * n);
        const a = wilson(x, n, 0.95);
        const b = wilson(x, n, 0.998);
        const p = x / n;
        return (
          a.lower <= p + 1e-12 &&
          p <= a.upper + 1e-12 &&
          b.lower <= a.lower + 1e-12 &&
          b.upper >= a.upper - 1e-12
        );
      }),
    );
  });
});

describe('poisson (PHE: exact below 10, Byar from 10)', () => {
  it('agrees with the reference from 0 to a million', () => {
    for (const c of reference.poisson) {
      const r = poissonCount(c.x, c.level);
      expectClose(r.lower, c.lower, `poisson(${c.x},${c.level}).lower`);
      expectClose(r.upper, c.upper, `poisson(${c.x},${c.level}).upper`);
    }
  });
  it('matches the APHO worked example: 95% exact limits for 3 events are 0.6187 to 8.7673', () => {
    const r = poissonCount(3, 0.95);
    expect(r.lower).toBeCloseTo(0.6187, 4);
    expect(r.upper).toBeCloseTo(8.7673, 4);
  });
  it('a rate scales the count limits by multiplier / denominator', () => {
    const r = rate(25, 50000, 0.95, 100000);
    expectClose(r.value, 50, 'rate');
    expectClose(r.lower, (byarLower(25, 0.95) / 50000) * 100000, 'rate.lower');
  });
  it('contains the count and nests by level (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (x) => {
        const a = poissonCount(x, 0.95);
        const b = poissonCount(x, 0.998);
        return a.lower <= x && x <= a.upper && b.lower <= a.lower && b.upper >= a.upper;
      }),
    );
  });
});

describe('standardisation', () => {
  it('indirectly standardised ratio agrees with the reference', () => {
    const c = reference.isr;
    const strata = c.observed.map((o: number, i: number) => ({
      observed: o,
      population: c.population[i],
      referenceObserved: c.reference_observed[i],
      referencePopulation: c.reference_population[i],
    }));
    for (const l of c.limits) {
      const r = indirectlyStandardisedRatio(strata, l.level);
      expectClose(r.expected, c.expected, 'isr.expected');
      expectClose(r.value, c.value, 'isr.value');
      expectClose(r.lower, l.lower, `isr.lower ${l.level}`);
      expectClose(r.upper, l.upper, `isr.upper ${l.level}`);
    }
  });
  it('ISR accepts a band with population 0', () => {
    const r = indirectlyStandardisedRatio([
      { observed: 0, population: 0, referenceObserved: 10, referencePopulation: 1000 },
      { observed: 12, population: 1000, referenceObserved: 10, referencePopulation: 1000 },
    ]);
    expectClose(r.expected, 10, 'expected');
    expectClose(r.value, 1.2, 'value');
  });
  it('directly standardised rate with Dobson limits agrees with the reference', () => {
    const c = reference.dsr;
    const strata = c.observed.map((o: number, i: number) => ({
      observed: o,
      population: c.population[i],
      standardPopulation: c.standard[i],
    }));
    for (const l of c.limits) {
      const r = directlyStandardisedRate(strata, l.level);
      expectClose(r.value, c.value, 'dsr.value');
      expectClose(r.lower, l.lower, `dsr.lower ${l.level}`);
      expectClose(r.upper, l.upper, `dsr.upper ${l.level}`);
    }
  });
  it('DSR is undefined below 10 events and refuses a band with population 0', () => {
    expect(
      directlyStandardisedRate([{ observed: 9, population: 100, standardPopulation: 100 }]).value,
    ).toBeNaN();
    expect(() => directlyStandardisedRate([{ observed: 9, population: 0, standardPopulation: 100 }])).toThrow(
      /population/,
    );
  });
});

describe('mean (Student t)', () => {
  it('agrees with R t.test', () => {
    const c = reference.mean;
    const a = meanInterval(c.values, 0.95);
    const b = meanInterval(c.values, 0.998);
    expectClose(a.lower, c.lower_95, 'lower95');
    expectClose(a.upper, c.upper_95, 'upper95');
    expectClose(b.lower, c.lower_99_8, 'lower998');
    expectClose(b.upper, c.upper_99_8, 'upper998');
  });
  it('is undefined for a single value and zero-width for a constant series', () => {
    expect(meanInterval([3]).lower).toBeNaN();
    const r = meanInterval([4, 4, 4, 4]);
    expect(r.lower).toBe(4);
    expect(r.upper).toBe(4);
  });
});

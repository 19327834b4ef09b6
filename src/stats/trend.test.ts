import { describe, expect, it } from 'vitest';
import { reference, expectClose } from '../../test/reference.js';
import { chiSquareTrend, mannKendall } from './trend.js';

describe('trend tests', () => {
  it('chi-square for linear trend agrees with R prop.trend.test', () => {
    const c = reference.trend;
    const r = chiSquareTrend(c.x, c.n);
    expectClose(r.statistic, c.statistic, 'statistic');
    expectClose(r.p, c.p, 'p');
    expect(r.direction).toBe(1);
  });
  it('Mann–Kendall with ties agrees with the formula reference', () => {
    const c = reference.mann_kendall;
    const r = mannKendall(c.values);
    expect(r.statistic).toBe(c.S);
    expectClose(r.variance, c.variance, 'variance');
    expectClose(r.z, c.z, 'z');
    expectClose(r.p, c.p, 'p');
  });
  it('a constant series has no trend', () => {
    const r = mannKendall([4, 4, 4, 4]);
    expect(r.statistic).toBe(0);
    expect(r.p).toBe(1);
    expect(chiSquareTrend([0, 0, 0], [10, 10, 10]).p).toBeNaN();
  });
});

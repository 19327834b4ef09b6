/**
 * CUSUM per practice by simulation: with no true shift, signals come at the rate the approximation states; a
 * sustained shift of one standard deviation is signalled after about as many periods as it states. The last point
 * alone (what the alerts read) is the whole series' last point.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, rnorm } from '../stats/random.js';
import { normalCusumArl } from '../stats/cusum.js';
import { CUSUM_H, CUSUM_K, cusumSeries, lastCusumPoint } from './practice-cusum.js';

const series = (z: number[]) =>
  z.map((v, t) => ({
    periodStart: `20${String(10 + Math.floor(t / 12))}-${String((t % 12) + 1).padStart(2, '0')}-01`,
    value: v,
    expected: 0,
    z: v,
  }));

describe('practice CUSUM', () => {
  it('under the null, each arm signals about once in ARL₀ periods (2,000 practices × 60 months)', () => {
    const rand = mulberry32(99);
    let signals = 0;
    let periods = 0;
    for (let p = 0; p < 2000; p++) {
      const c = cusumSeries('x', series(Array.from({ length: 60 }, () => rnorm(rand))));
      signals += c.points.filter((x) => x.signal === 'higher').length;
      periods += 60;
    }
    const expected = periods / normalCusumArl(CUSUM_K, CUSUM_H);
    // a CUSUM starts from zero, so early periods signal less often than in the long run: fewer, not more
    expect(signals).toBeLessThanOrEqual(expected * 1.2);
    expect(signals).toBeGreaterThan(expected * 0.3);
  });

  it('a sustained rise of one standard deviation is signalled after about the stated number of periods', () => {
    const rand = mulberry32(7);
    const delays: number[] = [];
    for (let p = 0; p < 1000; p++) {
      const z = Array.from({ length: 60 }, (_, t) => rnorm(rand) + (t >= 20 ? 1 : 0));
      const c = cusumSeries('x', series(z));
      const first = c.points.findIndex((x, t) => t >= 20 && x.signal === 'higher');
      if (first >= 0) delays.push(first - 20 + 1);
    }
    expect(delays.length).toBeGreaterThan(990); // 40 periods after the shift: nearly always caught
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    // from a start near zero the delay is close to the zero-start ARL (10.3 periods by Siegmund's approximation)
    expect(Math.abs(mean - normalCusumArl(CUSUM_K, CUSUM_H, 1))).toBeLessThan(1.5);
    console.log(`CUSUM k=${CUSUM_K}, h=${CUSUM_H}: mean delay after a 1 SD shift ${mean.toFixed(1)} periods`);
  });

  it('gives the last point alone exactly as the whole series ends (seeded series with shifts, signals and restarts)', () => {
    const rand = mulberry32(7);
    let signalled = 0;
    for (let p = 0; p < 500; p++) {
      const shift = p % 3 === 0 ? 1.5 : p % 3 === 1 ? -1.5 : 0;
      const rows = series(Array.from({ length: 1 + (p % 80) }, (_, t) => rnorm(rand) + (t > 10 ? shift : 0)));
      const last = lastCusumPoint(rows);
      expect(last).toEqual(cusumSeries('x', rows).points.at(-1));
      if (last.signal) signalled++;
    }
    // the comparison covered last points that signal, not only quiet ones
    expect(signalled).toBeGreaterThan(50);
  });
});

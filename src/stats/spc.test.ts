import { describe, expect, it } from 'vitest';
import { reference, expectAllClose, expectClose } from '../../test/reference.js';
import { computeSpc } from './spc.js';

describe('XmR (Making Data Count)', () => {
  const c = reference.xmr;
  it('screens large moving ranges before the limits, as NHSRplotthedots', () => {
    const r = computeSpc({ values: c.values });
    expectClose(r.centre[0], c.mean, 'centre');
    expectClose(r.upper[0], c.upper, 'upper');
    expectClose(r.lower[0], c.lower, 'lower');
    const u = computeSpc({ values: c.values }, { screenOutliers: false });
    expectClose(u.upper[0], c.upper_unscreened, 'unscreened upper');
  });
  it('flags the spike as outside the limits and the long rise as a trend', () => {
    const r = computeSpc({ values: c.values }, { improvement: 'decrease' });
    expect(r.rules[5]).toContain('outside_limits');
    expect(r.specialCause[5]).toBe('concern');
    // 13..22 rises strictly for 9 points (indexes 13–21 after the dip at 13)
    for (let i = 15; i <= 21; i++) expect(r.rules[i]).toContain('trend');
    expect(r.rules[1]).toEqual([]);
    expect(r.specialCause[1]).toBeNull();
  });
  it('a run of 7 on one side is a shift; a point on the mean breaks it', () => {
    const v = [5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6];
    const r = computeSpc({ values: v }, { improvement: 'increase' });
    for (let i = 7; i < 14; i++) expect(r.rules[i]).toContain('shift');
    expect(r.specialCause[7]).toBe('improvement');
    expect(r.specialCause[0]).toBe('concern');
    const broken = [5, 5, 5, 5, 5, 5, 5.5, 6, 6, 6, 6, 6, 6, 5.5];
    const mean = broken.reduce((a, b) => a + b) / broken.length;
    expect(mean).toBe(5.5);
    const b = computeSpc({ values: broken });
    expect(b.rules.some((x) => x.includes('shift'))).toBe(false);
  });
  it('a tie breaks a trend', () => {
    const r = computeSpc({ values: [1, 2, 3, 3, 4, 5, 6, 7, 2, 3, 2, 3, 2] });
    expect(r.rules.some((x) => x.includes('trend'))).toBe(false);
    const t = computeSpc({ values: [1, 2, 3, 4, 5, 6, 7, 2, 3, 2, 3, 2, 3] });
    for (let i = 0; i < 7; i++) expect(t.rules[i]).toContain('trend');
  });
  it('two of three beyond two sigma on the same side flags the close points', () => {
    // a steady alternating baseline, then two points between 2σ and 3σ above the mean with one between them
    const base = Array.from({ length: 20 }, (_, i) => (i % 2 ? 10.5 : 9.5));
    const v = [...base, 12.6, 10.4, 12.6, 9.6, 10.4];
    const r = computeSpc({ values: v });
    const near = r.centre[20] + ((r.upper[20] - r.centre[20]) * 2) / 3;
    for (const i of [20, 22]) {
      expect(v[i]).toBeGreaterThan(near);
      expect(v[i]).toBeLessThan(r.upper[i]);
      expect(r.rules[i]).toEqual(['two_of_three']);
    }
    expect(r.rules[21]).toEqual([]);
    // the same two points either side of a point below the mean do not count
    const w = computeSpc({ values: [...base, 12.6, 9.0, 12.6, 9.6, 10.4] });
    expect(w.rules[20]).toEqual([]);
  });
  it('a constant series has zero-width limits and no special cause', () => {
    const r = computeSpc({ values: Array(15).fill(3) });
    expect(r.upper[0]).toBe(3);
    expect(r.rules.every((x) => x.length === 0)).toBe(true);
  });
  it('rebasing recalculates limits from the rebase point', () => {
    const v = [
      ...Array(13)
        .fill(0)
        .map((_, i) => 10 + (i % 2)),
      ...Array(13)
        .fill(0)
        .map((_, i) => 20 + (i % 2)),
    ];
    const r = computeSpc({ values: v }, { rebaseAt: [13] });
    expectClose(r.centre[0], 10 + 6 / 13, 'phase 1 mean');
    expectClose(r.centre[20], 20 + 6 / 13, 'phase 2 mean');
    expect(r.warnings).toEqual([]);
    expect(computeSpc({ values: [1, 2, 3] }).warnings[0]).toMatch(/fewer than 13/);
  });
  it('assurance compares the target with the process limits', () => {
    const v = Array.from({ length: 20 }, (_, i) => 50 + (i % 3));
    expect(computeSpc({ values: v }, { improvement: 'increase', target: 40 }).assurance).toBe(
      'consistent_pass',
    );
    expect(computeSpc({ values: v }, { improvement: 'increase', target: 60 }).assurance).toBe(
      'consistent_fail',
    );
    expect(computeSpc({ values: v }, { improvement: 'increase', target: 51 }).assurance).toBe('inconsistent');
    expect(computeSpc({ values: v }, { improvement: 'decrease', target: 40 }).assurance).toBe(
      'consistent_fail',
    );
    expect(computeSpc({ values: v }, { target: 40 }).assurance).toBeNull();
  });
});

describe('attribute charts', () => {
  const c = reference.pchart;
  it("p chart limits and Laney's p′ agree with the reference", () => {
    const p = computeSpc({ numerator: c.numerator, denominator: c.denominator }, { chart: 'p' });
    expectClose(p.centre[0], c.centre, 'centre');
    expectAllClose(p.upper, c.upper, 'upper');
    expectAllClose(p.lower, c.lower, 'lower');
    const pp = computeSpc({ numerator: c.numerator, denominator: c.denominator }, { chart: 'pprime' });
    expectAllClose(pp.upper, c.upper_prime, "upper p'");
    expectAllClose(pp.lower, c.lower_prime, "lower p'");
  });
  it('u chart: centre Σx/Σn, limits ū ± 3√(ū/n), lower bounded at 0', () => {
    const u = computeSpc({ numerator: [2, 0, 5, 1], denominator: [10, 10, 20, 5] }, { chart: 'u' });
    const bar = 8 / 45;
    expectClose(u.centre[0], bar, 'centre');
    expectClose(u.upper[2], bar + 3 * Math.sqrt(bar / 20), 'upper');
    expect(u.lower[0]).toBe(0);
  });
  it('refuses a numerator above its denominator on a p chart', () => {
    expect(() => computeSpc({ numerator: [3], denominator: [2] }, { chart: 'p' })).toThrow(/exceeds/);
  });
});

describe('special-cause colouring and rules (Making Data Count, NHSRplotthedots ptd_point_type)', () => {
  // 12 points alternating 10, 11; a strict rise of 7 from below the mean to above it; then 10, 11, 10.
  // By hand: Σ = 126 + 73.5 + 31 = 230.5 over 22 points, mean 10.4773; moving ranges 11 × 1, 1.4, 6 × 0.3, 1.4,
  // 1, 1 = 17.6 over 21, mean MR 0.8381 (none ≥ 3.267 × 0.8381); limits 10.4773 ± 2.2294 = [8.248, 12.707],
  // 2σ band ± 1.4863 = [8.991, 11.964]: no point is outside or near a limit, no 7 on one side.
  const rise = [9.6, 9.9, 10.2, 10.5, 10.8, 11.1, 11.4];
  const upward = [...Array.from({ length: 12 }, (_, i) => (i % 2 ? 11 : 10)), ...rise, 10, 11, 10];
  const trendAt = [12, 13, 14, 15, 16, 17, 18];
  it('an increasing trend is improvement when higher is better, on both sides of the mean', () => {
    const r = computeSpc({ values: upward }, { improvement: 'increase' });
    expectClose(r.centre[0], 230.5 / 22, 'centre');
    expectClose(r.upper[0], 230.5 / 22 + (2.66 * 17.6) / 21, 'upper');
    // the rise starts below the mean and ends above it
    expect(upward[12]).toBeLessThan(r.centre[12]);
    expect(upward[18]).toBeGreaterThan(r.centre[18]);
    for (const i of trendAt) {
      expect(r.rules[i]).toEqual(['trend']);
      expect(r.specialCause[i]).toBe('improvement');
    }
    expect(r.specialCause.filter((c) => c !== null)).toHaveLength(7);
  });
  it('an increasing trend is concern when lower is better, on both sides of the mean', () => {
    const r = computeSpc({ values: upward }, { improvement: 'decrease' });
    for (const i of trendAt) expect(r.specialCause[i]).toBe('concern');
  });
  it('a decreasing trend is improvement when lower is better, on both sides of the mean', () => {
    // the mirror image about 10.5: mean 10.5227, the same moving ranges and limits' width
    const downward = upward.map((v) => 21 - v);
    const r = computeSpc({ values: downward }, { improvement: 'decrease' });
    expect(downward[12]).toBeGreaterThan(r.centre[12]);
    expect(downward[18]).toBeLessThan(r.centre[18]);
    for (const i of trendAt) expect(r.specialCause[i]).toBe('improvement');
    const h = computeSpc({ values: downward }, { improvement: 'increase' });
    for (const i of trendAt) expect(h.specialCause[i]).toBe('concern');
  });
  it('a point in a rising and then a falling trend takes the direction to its right, as NHSRplotthedots', () => {
    // 4 1 7 1 7 4, then 1…7…1: mean 73/19, mean MR 39/18, limits mean ± 5.763: nothing outside or near a limit
    const v = [4, 1, 7, 1, 7, 4, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1];
    const r = computeSpc({ values: v }, { improvement: 'increase' });
    expectClose(r.upper[0], 73 / 19 + (2.66 * 39) / 18, 'upper');
    for (let i = 6; i <= 11; i++) expect(r.specialCause[i]).toBe('improvement');
    // the peak (index 12) starts the fall
    for (let i = 12; i <= 18; i++) expect(r.specialCause[i]).toBe('concern');
    for (let i = 6; i <= 18; i++) expect(r.rules[i][0]).toBe('trend');
  });
  it('a point outside the limits keeps its side of the mean even within a trend (outside limits comes first)', () => {
    // a rise of 7 whose last point is far above the upper limit
    const v = [
      ...Array.from({ length: 12 }, (_, i) => (i % 2 ? 11 : 10)),
      9.6,
      9.9,
      10.2,
      10.5,
      10.8,
      11.1,
      30,
    ];
    const r = computeSpc({ values: v }, { improvement: 'decrease' });
    expect(r.rules[18]).toEqual(['outside_limits', 'trend']);
    expect(r.specialCause[18]).toBe('concern');
    expect(r.specialCause[12]).toBe('concern');
  });
  it('two of three beyond 2σ: the third point may be inside 2σ on the same side, and only the two are flagged', () => {
    // alternating 9.5, 10.5 for 20 points, then 12.6, 10.4, 12.6, 9.6, 10.4. By hand: Σ = 200 + 55.6 = 255.6 over
    // 25, mean 10.224; moving ranges 19 × 1, 2.1, 2.2, 2.2, 3, 0.8 = 29.3 over 24, mean 1.2208 (none ≥ 3.988);
    // 2σ band above 10.224 + 1.7733 × 1.2208 = 12.389, upper limit 13.471
    const base = Array.from({ length: 20 }, (_, i) => (i % 2 ? 10.5 : 9.5));
    const v = [...base, 12.6, 10.4, 12.6, 9.6, 10.4];
    const r = computeSpc({ values: v }, { improvement: 'increase' });
    expectClose(r.centre[0], 255.6 / 25, 'centre');
    expectClose(r.upper[0], 255.6 / 25 + (2.66 * 29.3) / 24, 'upper');
    expect(v[21]).toBeGreaterThan(r.centre[21]);
    expect(v[21]).toBeLessThan(255.6 / 25 + ((2 * 2.66) / 3) * (29.3 / 24));
    expect(r.rules[20]).toEqual(['two_of_three']);
    expect(r.rules[22]).toEqual(['two_of_three']);
    expect(r.rules[21]).toEqual([]);
    expect(r.specialCause[20]).toBe('improvement');
    // all three on one side of the mean (NHSRplotthedots #143; Making Data Count, NHSRplotthedots #194): a third
    // point below the mean breaks it
    const w = computeSpc({ values: [...base, 12.6, 9.0, 12.6, 9.6, 10.4] });
    expect(w.rules.every((x) => x.length === 0)).toBe(true);
  });
  it('each segment after a recalculation point has its own mean, limits and rules', () => {
    // 10, 12 alternating for 13 points, then 20, 21 alternating for 13. By hand: segment 1 mean 142/13, every
    // moving range 2, limits 142/13 ± 5.32; segment 2 mean 266/13, every moving range 1, limits 266/13 ± 2.66;
    // the jump of 10 between them belongs to neither segment
    const v = [
      ...Array.from({ length: 13 }, (_, i) => (i % 2 ? 12 : 10)),
      ...Array.from({ length: 13 }, (_, i) => (i % 2 ? 21 : 20)),
    ];
    const r = computeSpc({ values: v }, { rebaseAt: [13] });
    for (let i = 0; i < 13; i++) {
      expectClose(r.centre[i], 142 / 13, `centre ${i}`);
      expectClose(r.upper[i], 142 / 13 + 5.32, `upper ${i}`);
      expectClose(r.lower[i], 142 / 13 - 5.32, `lower ${i}`);
    }
    for (let i = 13; i < 26; i++) {
      expectClose(r.centre[i], 266 / 13, `centre ${i}`);
      expectClose(r.upper[i], 266 / 13 + 2.66, `upper ${i}`);
      expectClose(r.lower[i], 266 / 13 - 2.66, `lower ${i}`);
    }
    expect(r.rules.every((x) => x.length === 0)).toBe(true);
    // one baseline over both: 13 above and 13 below the mean are two shifts
    const one = computeSpc({ values: v });
    expect(one.rules.filter((x) => x.includes('shift'))).toHaveLength(26);
  });
});

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

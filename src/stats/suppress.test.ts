import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressCount, suppressRate, suppressedValue } from './suppress.js';

describe('small-number suppression', () => {
  it('keeps 0, suppresses 1–7 and rounds the rest to the nearest 5', () => {
    expect(suppressedValue(0)).toBe(0);
    for (let i = 1; i <= 7; i++) expect(suppressedValue(i)).toBeNull();
    expect(suppressedValue(8)).toBe(10);
    expect(suppressedValue(12)).toBe(10);
    expect(suppressedValue(13)).toBe(15);
    expect(suppressedValue(1234)).toBe(1235);
  });
  it('suppresses a rate when either part is suppressed, and computes it from rounded parts', () => {
    expect(suppressRate(5, 1000)).toBeNull();
    expect(suppressRate(12, 98, 100)).toBe((10 / 100) * 100);
  });
  it('never emits 1–7 nor a value that is not a multiple of 5 (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (n) => {
        const r = suppressCount(n);
        if (r.kind === 'suppressed') return n >= 1 && n <= 7;
        return r.value % 5 === 0 && !(r.value >= 1 && r.value <= 7);
      }),
    );
  });
  it('refuses a count that is not a whole number', () => {
    expect(() => suppressCount(2.5)).toThrow(/whole number/);
    expect(() => suppressCount(-1)).toThrow(/whole number/);
  });
});

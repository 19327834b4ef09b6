/**
 * A stored comparison (what `lantern compute` keeps of a period) places every practice exactly where the funnel
 * page's live fit puts it: the figures derived from the kept fit are the live rows, bit for bit, whatever the
 * counts (zeros, proportions over 100%, values flagged as impossible, amounts of 0); and the z-scores alone that a
 * CUSUM reads are those rows' z-scores.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitFunnel, placeAgainstFit, storedComparison, zAgainstFit, type InputRow } from './funnel.js';

const rowsArb = fc.array(
  fc.record({
    numerator: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null, freq: 12 }),
    denominator: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null, freq: 12 }),
    flagged: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  }),
  { minLength: 0, maxLength: 60 },
);

const defs = [
  { method: 'proportion', multiplier: 100 },
  { method: 'rate', multiplier: 1000 },
  { method: 'ratio', multiplier: 1 },
  { method: 'rate', multiplier: 1000, numeratorKind: 'continuous' },
];

describe('storedComparison and placeAgainstFit', () => {
  it('give every practice the live funnel’s figures, for every kind of comparison (property)', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom(...defs), (rs, def) => {
        const input: InputRow[] = rs.map((r, i) => ({
          code: `P${String(i).padStart(3, '0')}`,
          name: `Practice ${i}`,
          ccg: null,
          icb: null,
          numerator: r.numerator,
          denominator: r.denominator,
          qualityIssue: r.flagged ? 'impossible as published' : null,
        }));
        const live = fitFunnel(def, input);
        const kept = storedComparison(def, input);
        expect(kept === null).toBe(live === null);
        if (!live || !kept) return;
        expect(kept.method).toBe(live.method);
        expect(kept.practices).toBe(live.rows.length);
        expect(kept.results).toBe(live.rows.filter((r) => !Number.isNaN(r.z)).length);
        expect(placeAgainstFit(kept.fit, input)).toEqual(live.rows);
        // a CUSUM's points: the live rows' value, expected value and adjusted z, of the practices with a z-score
        expect(zAgainstFit(kept.fit, input)).toEqual(
          live.rows
            .filter((r) => !Number.isNaN(r.z))
            .map((r) => ({ code: r.code, value: r.value, expected: r.expected, z: r.z_adjusted })),
        );
      }),
      { numRuns: 300 },
    );
  });
});

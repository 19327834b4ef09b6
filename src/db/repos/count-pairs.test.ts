import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countPairs } from './variation-fits.js';

/** How PostgreSQL writes a float8 as text (shortest exact), as far as JavaScript's own String agrees with it. */
const asPostgres = (x: number) => (x === Infinity ? 'Infinity' : String(x));

describe('countPairs', () => {
  it('reads every item as Number reads it: whole counts, fractions, exponents, Infinity, long digits', () => {
    const item = fc.oneof(
      fc.nat({ max: 100_000 }),
      fc.constantFrom(0, 1e15, 1e16 + 2, 123456789012345680, Infinity, 1e-7, 2.5e21),
      // fractions as published (fast-check's doubles are mostly near zero, written with an exponent)
      fc.nat({ max: 10 ** 7 }).map((x) => x / 1000),
      fc.double({ min: 0, max: 1e12, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(item, item), { minLength: 1, maxLength: 60 }), (pairs) => {
        const text = pairs.map(([n, d]) => `${asPostgres(n)},${asPostgres(d)}`).join(',');
        const split = text.split(',').map(Number);
        expect(countPairs(text)).toEqual({
          numerators: split.filter((_, i) => i % 2 === 0),
          denominators: split.filter((_, i) => i % 2 === 1),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('reads no list as no counts', () => {
    expect(countPairs(null)).toEqual({ numerators: [], denominators: [] });
  });
});

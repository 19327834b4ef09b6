import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reference, expectAllClose } from '../../test/reference.js';
import { adjustPValues } from './fdr.js';
import { mulberry32 } from './random.js';

describe('p-value adjustment', () => {
  it('agrees with R p.adjust for BH, BY and Bonferroni, ties included', () => {
    const c = reference.fdr;
    const r = adjustPValues(c.p);
    expectAllClose(r.bh, c.bh, 'bh', 1e-12);
    expectAllClose(r.by, c.by, 'by', 1e-12);
    expectAllClose(r.bonferroni, c.bonferroni, 'bonferroni', 1e-12);
  });
  it('passes NaN through without counting it', () => {
    const r = adjustPValues([0.01, NaN, 0.04]);
    expect(r.bh[1]).toBeNaN();
    expect(r.bonferroni[0]).toBeCloseTo(0.02, 12);
  });
  it('BH q-values are ≥ p and monotone in p (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (p) => {
          const q = adjustPValues(p).bh;
          const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
          for (let j = 0; j < order.length; j++) {
            if (q[order[j]] < p[order[j]] - 1e-15 || q[order[j]] > 1) return false;
            if (j > 0 && q[order[j]] < q[order[j - 1]] - 1e-15) return false;
          }
          return true;
        },
      ),
    );
  });
  it('equals, exactly, the adjustment over a comparison sort, with ties, zeros and NaN (property)', () => {
    // p.adjust's definition written plainly: order by p, cumulative minimum of m/rank·p from the largest down
    const plain = (p: number[]) => {
      const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
      const m = idx.length;
      let cm = 0;
      for (let j = 1; j <= m; j++) cm += 1 / j;
      idx.sort((a, b) => p[b] - p[a]);
      const bh = new Float64Array(p.length).fill(NaN);
      const by = new Float64Array(p.length).fill(NaN);
      let minBh = Infinity;
      let minBy = Infinity;
      idx.forEach((i, r) => {
        minBh = Math.min(minBh, (m / (m - r)) * p[i]);
        minBy = Math.min(minBy, ((m * cm) / (m - r)) * p[i]);
        bh[i] = Math.min(1, minBh);
        by[i] = Math.min(1, minBy);
      });
      return { bh, by };
    };
    const pValue = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0, -0, 1, 0.05, 0.5, NaN),
    );
    fc.assert(
      fc.property(fc.array(pValue, { minLength: 1, maxLength: 300 }), (p) => {
        const got = adjustPValues(p);
        const want = plain(p);
        expect(Array.from(got.bh, (v) => v + 0)).toEqual(Array.from(want.bh, (v) => v + 0));
        expect(Array.from(got.by, (v) => v + 0)).toEqual(Array.from(want.by, (v) => v + 0));
      }),
    );
  });
  it('simulation (seeded): under the global null BH at 0.05 flags any unit in about 5% of families', () => {
    const rand = mulberry32(99);
    let familiesWithFlag = 0;
    const families = 2000;
    for (let f = 0; f < families; f++) {
      const p = Array.from({ length: 50 }, () => rand());
      if (adjustPValues(p).bh.some((q) => q < 0.05)) familiesWithFlag++;
    }
    const rate = familiesWithFlag / families;
    // under the complete null the FDR equals the family-wise error rate, α = 0.05; sd ≈ 0.0049
    expect(Math.abs(rate - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / families));
  });
});

/**
 * Multiple-testing adjustment, as R's `p.adjust`: Benjamini–Hochberg (1995), Benjamini–Yekutieli (2001), Bonferroni.
 * NaN p-values are passed through and do not count towards m. q-values are capped at 1.
 */
export interface AdjustedP {
  bh: Float64Array;
  by: Float64Array;
  bonferroni: Float64Array;
}

export function adjustPValues(p: ArrayLike<number>): AdjustedP {
  const n = p.length;
  const bh = new Float64Array(n).fill(NaN);
  const by = new Float64Array(n).fill(NaN);
  const bonferroni = new Float64Array(n).fill(NaN);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`p-value ${i + 1} must lie in [0, 1], got ${v}`);
    m++;
  }
  if (m === 0) return { bh, by, bonferroni };
  const order = new Uint32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (!Number.isNaN(p[i])) order[j++] = i;
  // sort indices by p descending, so the cumulative minimum runs in one pass
  const idx = Array.from(order).sort((a, b) => p[b] - p[a]);
  let cm = 0;
  for (let j = 1; j <= m; j++) cm += 1 / j;
  let minBh = Infinity;
  let minBy = Infinity;
  for (let r = 0; r < m; r++) {
    const i = idx[r];
    const rank = m - r; // ascending rank of this p
    minBh = Math.min(minBh, (m / rank) * p[i]);
    minBy = Math.min(minBy, ((m * cm) / rank) * p[i]);
    bh[i] = Math.min(1, minBh);
    by[i] = Math.min(1, minBy);
    bonferroni[i] = Math.min(1, m * p[i]);
  }
  return { bh, by, bonferroni };
}

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
  // The p-values sorted (a numeric typed-array sort, no comparator). Tied p-values share one adjusted value: in the
  // pass from the largest p down, the first of a tie has the smallest m/rank·p and the cumulative minimum holds it
  // through the rest, so each p-value finds its q by a search for its value in the sorted list.
  const sorted = new Float64Array(m);
  for (let i = 0, j = 0; i < n; i++) if (!Number.isNaN(p[i])) sorted[j++] = p[i];
  sorted.sort();
  const qBh = new Float64Array(m);
  const qBy = new Float64Array(m);
  let cm = 0;
  for (let j = 1; j <= m; j++) cm += 1 / j;
  let minBh = Infinity;
  let minBy = Infinity;
  for (let k = m - 1; k >= 0; k--) {
    const rank = k + 1; // ascending rank of this p
    minBh = Math.min(minBh, (m / rank) * sorted[k]);
    minBy = Math.min(minBy, ((m * cm) / rank) * sorted[k]);
    qBh[k] = Math.min(1, minBh);
    qBy[k] = Math.min(1, minBy);
  }
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    bh[i] = qBh[lo];
    by[i] = qBy[lo];
    bonferroni[i] = Math.min(1, m * v);
  }
  return { bh, by, bonferroni };
}

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
  // Indices in ascending order of p (a stable radix sort; ties keep their input order, as the comparison sort
  // did), then one pass from the largest p down for the cumulative minimum.
  const order = orderAscending(p, m);
  let cm = 0;
  for (let j = 1; j <= m; j++) cm += 1 / j;
  let minBh = Infinity;
  let minBy = Infinity;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    const rank = k + 1; // ascending rank of this p
    minBh = Math.min(minBh, (m / rank) * p[i]);
    minBy = Math.min(minBy, ((m * cm) / rank) * p[i]);
    bh[i] = Math.min(1, minBh);
    by[i] = Math.min(1, minBy);
    bonferroni[i] = Math.min(1, m * p[i]);
  }
  return { bh, by, bonferroni };
}

/**
 * Indices of the m non-NaN values of p (all in [0, 1]) in ascending order: a least-significant-digit radix sort of
 * the values' bits, 16 at a time, which order as unsigned integers as the values do (−0 is taken as 0).
 */
function orderAscending(p: ArrayLike<number>, m: number): Uint32Array {
  const keys = new Float64Array(m);
  let order = new Uint32Array(m);
  for (let i = 0, j = 0; i < p.length; i++)
    if (!Number.isNaN(p[i])) {
      keys[j] = p[i] + 0;
      order[j++] = i;
    }
  // the key of order[k] is keys[k] at first; keep keys beside their indices as they move
  let words = new Uint32Array(keys.buffer); // little-endian: low word 2k, high word 2k + 1
  let nextOrder = new Uint32Array(m);
  let nextWords = new Uint32Array(2 * m);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let k = 0; k < m; k++) count[(words[2 * k + word] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const to = count[(words[2 * k + word] >>> shift) & 0xffff]++;
      nextOrder[to] = order[k];
      nextWords[2 * to] = words[2 * k];
      nextWords[2 * to + 1] = words[2 * k + 1];
    }
    [order, nextOrder] = [nextOrder, order];
    [words, nextWords] = [nextWords, words];
  }
  return order;
}

/**
 * Trend tests.
 * Chi-square test for linear trend in proportions (Armitage 1955; as Fingertips' recent-trend method).
 * Mann–Kendall test for monotonic trend, with the tie-corrected variance and continuity correction
 * (Kendall 1975; as R's `Kendall::MannKendall`).
 */
import { pchisq, twoSidedP } from './distributions.js';

export interface TrendResult {
  statistic: number;
  p: number;
  /** 1 rising, −1 falling, 0 none. */
  direction: -1 | 0 | 1;
}

/**
 * χ² for linear trend over groups with counts xᵢ of nᵢ at scores tᵢ (default 1, 2, …):
 * X² = [Σ tᵢ(xᵢ − nᵢp̄)]² / (p̄(1 − p̄)[Σ nᵢtᵢ² − (Σ nᵢtᵢ)²/N]), one degree of freedom.
 */
export function chiSquareTrend(
  x: ArrayLike<number>,
  n: ArrayLike<number>,
  scores?: ArrayLike<number>,
): TrendResult {
  const k = x.length;
  if (k < 2 || n.length !== k) throw new RangeError('need at least two groups with counts and denominators');
  let X = 0;
  let N = 0;
  for (let i = 0; i < k; i++) {
    if (!(n[i] > 0) || x[i] < 0 || x[i] > n[i])
      throw new RangeError(`group ${i + 1}: need 0 ≤ x ≤ n and n > 0`);
    X += x[i];
    N += n[i];
  }
  const p = X / N;
  let num = 0;
  let snt = 0;
  let snt2 = 0;
  for (let i = 0; i < k; i++) {
    const t = scores ? scores[i] : i + 1;
    num += t * (x[i] - n[i] * p);
    snt += n[i] * t;
    snt2 += n[i] * t * t;
  }
  const den = p * (1 - p) * (snt2 - (snt * snt) / N);
  if (!(den > 0)) return { statistic: NaN, p: NaN, direction: 0 };
  const stat = (num * num) / den;
  return { statistic: stat, p: 1 - pchisq(stat, 1), direction: num > 0 ? 1 : num < 0 ? -1 : 0 };
}

/** Mann–Kendall: S = Σᵢ<ⱼ sign(xⱼ − xᵢ), var with tie correction, Z = (S ∓ 1)/√var. Returns Kendall's S as `statistic`. */
export function mannKendall(values: ArrayLike<number>): TrendResult & { z: number; variance: number } {
  const n = values.length;
  if (n < 3) throw new RangeError(`Mann–Kendall needs at least 3 values, got ${n}`);
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j] - values[i]);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) ties += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z =
    variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0;
  return {
    statistic: s,
    z,
    variance,
    p: variance > 0 ? twoSidedP(z) : 1,
    direction: s > 0 ? 1 : s < 0 ? -1 : 0,
  };
}

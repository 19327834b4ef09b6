/**
 * Sequential monitoring.
 *
 * Risk-adjusted Poisson CUSUM on observed vs expected counts per period, for a shift of the rate ratio to R
 * (upper arm) and to 1/R (lower arm): W = O·ln R − (R − 1)·E; C = max(0, C + W); signal when C > h, then reset.
 * (Spiegelhalter, Kinsman, Grigg, Treasure. Int J Qual Health Care 2003;15:7–13.)
 * Bernoulli CUSUM per case with predicted risk p and odds ratio R: W = y·ln R − ln(1 − p + R·p)
 * (Steiner, Cook, Farewell, Treasure. Biostatistics 2000;1:441–452).
 * Tabular CUSUM on standardised values z (Page 1954; Montgomery, Introduction to Statistical Quality Control,
 * §9.1): C⁺ = max(0, C⁺ + z − k), C⁻ = max(0, C⁻ − z − k), signal when either exceeds h; with k = ½ it is tuned to
 * a shift of one standard deviation. Lantern runs it on each practice's overdispersion-adjusted funnel z-scores.
 * The lower arm is reported as a non-positive number (drawn below the axis), signalling when C < −h.
 */
import { dpois } from './distributions.js';

/**
 * The sums one period carries into the next, after any restart: the upper arm's (≥ 0) and the lower arm's (≤ 0, as
 * reported). A series run in two parts, the second from the first's carry, gives the points of one run.
 */
export interface CusumCarry {
  high: number;
  low: number;
}

export const CUSUM_START: CusumCarry = { high: 0, low: 0 };

export interface CusumResult {
  high: Float64Array;
  low: Float64Array;
  signalHigh: Uint8Array;
  signalLow: Uint8Array;
  h: number;
  /** the sums carried out of the last period */
  carry: CusumCarry;
}

function runArms(
  weightsHigh: (i: number) => number,
  weightsLow: (i: number) => number,
  n: number,
  h: number,
  from: CusumCarry = CUSUM_START,
): CusumResult {
  if (!(h > 0)) throw new RangeError(`control limit h must be > 0, got ${h}`);
  if (!(from.high >= 0 && from.low <= 0))
    throw new RangeError('carried sums must be ≥ 0 (upper) and ≤ 0 (lower)');
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const signalHigh = new Uint8Array(n);
  const signalLow = new Uint8Array(n);
  let ch = from.high;
  let cl = -from.low;
  for (let i = 0; i < n; i++) {
    ch = Math.max(0, ch + weightsHigh(i));
    cl = Math.max(0, cl + weightsLow(i));
    high[i] = ch;
    low[i] = -cl;
    if (ch > h) {
      signalHigh[i] = 1;
      ch = 0;
    }
    if (cl > h) {
      signalLow[i] = 1;
      cl = 0;
    }
  }
  return { high, low, signalHigh, signalLow, h, carry: { high: ch, low: cl === 0 ? 0 : -cl } };
}

/** Poisson log-likelihood-ratio CUSUM (upper arm for ratio R, lower arm for 1/R). */
export function poissonCusum(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  ratio: number,
  h: number,
): CusumResult {
  if (!(ratio > 1)) throw new RangeError(`ratio must be > 1, got ${ratio}`);
  if (observed.length !== expected.length) throw new RangeError('observed and expected differ in length');
  const lnR = Math.log(ratio);
  const inv = 1 / ratio;
  return runArms(
    (i) => observed[i] * lnR - (ratio - 1) * expected[i],
    (i) => -observed[i] * lnR - (inv - 1) * expected[i],
    observed.length,
    h,
  );
}

/**
 * Tabular CUSUM of standardised values (upper arm: a rise of 2k standard deviations; lower arm: a fall), from the
 * sums an earlier part of the series carried (default: from zero).
 */
export function normalCusum(
  z: ArrayLike<number>,
  k: number,
  h: number,
  from: CusumCarry = CUSUM_START,
): CusumResult {
  if (!(k >= 0)) throw new RangeError(`reference value k must be ≥ 0, got ${k}`);
  return runArms(
    (i) => z[i] - k,
    (i) => -z[i] - k,
    z.length,
    h,
    from,
  );
}

/**
 * Average run length of one arm of the tabular CUSUM when the mean has shifted by `shift` standard deviations
 * towards it, by Siegmund's approximation (Siegmund 1985; Montgomery §9.1.4): with Δ = shift − k and b = h + 1.166,
 * ARL = (e^(−2Δb) + 2Δb − 1) / (2Δ²), and b² when Δ = 0. For both arms, 1/ARL = 1/ARL⁺ + 1/ARL⁻.
 */
export function normalCusumArl(k: number, h: number, shift = 0): number {
  const d = shift - k;
  const b = h + 1.166;
  if (Math.abs(d) < 1e-12) return b * b;
  return (Math.exp(-2 * d * b) + 2 * d * b - 1) / (2 * d * d);
}

/** Bernoulli risk-adjusted CUSUM (Steiner et al. 2000): outcomes 0/1 with predicted risks. */
export function bernoulliCusum(
  outcome: ArrayLike<number>,
  risk: ArrayLike<number>,
  oddsRatio: number,
  h: number,
): CusumResult {
  if (!(oddsRatio > 1)) throw new RangeError(`odds ratio must be > 1, got ${oddsRatio}`);
  const lnR = Math.log(oddsRatio);
  const inv = 1 / oddsRatio;
  return runArms(
    (i) => outcome[i] * lnR - Math.log(1 - risk[i] + oddsRatio * risk[i]),
    (i) => -outcome[i] * lnR - Math.log(1 - risk[i] + inv * risk[i]),
    outcome.length,
    h,
  );
}

/**
 * In-control average run length of the upper Poisson CUSUM arm with constant expected count E per period,
 * by the Markov-chain approximation of Brook & Evans (Biometrika 1972): [0, h] cut into `states` cells.
 */
export function poissonCusumArl(expected: number, ratio: number, h: number, states = 200, shift = 1): number {
  const a = Math.log(ratio);
  const b = (ratio - 1) * expected;
  const mean = expected * shift;
  // state 0 is C = 0 exactly (where the arm starts and resets); states 1..m−1 cut (0, h] into cells of width w
  const m = states;
  const w = h / (m - 1);
  const maxO = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
  const pmf = new Float64Array(maxO + 1);
  for (let o = 0; o <= maxO; o++) pmf[o] = dpois(o, mean);
  const Q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const c = i === 0 ? 0 : (i - 0.5) * w;
    for (let o = 0; o <= maxO; o++) {
      const next = c + a * o - b;
      if (next <= 0) Q[i * m] += pmf[o];
      else if (next <= h) Q[i * m + Math.min(m - 1, Math.max(1, Math.ceil(next / w)))] += pmf[o];
    }
  }
  // Solve (I − Q) L = 1 by Gaussian elimination with partial pivoting
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i * m + j] = (i === j ? 1 : 0) - Q[i * m + j];
  const L = new Float64Array(m).fill(1);
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r * m + col]) > Math.abs(A[piv * m + col])) piv = r;
    if (piv !== col) {
      for (let j = 0; j < m; j++) [A[col * m + j], A[piv * m + j]] = [A[piv * m + j], A[col * m + j]];
      [L[col], L[piv]] = [L[piv], L[col]];
    }
    const d = A[col * m + col];
    for (let r = col + 1; r < m; r++) {
      const f = A[r * m + col] / d;
      if (f === 0) continue;
      for (let j = col; j < m; j++) A[r * m + j] -= f * A[col * m + j];
      L[r] -= f * L[col];
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = L[r];
    for (let j = r + 1; j < m; j++) s -= A[r * m + j] * L[j];
    L[r] = s / A[r * m + r];
  }
  return L[0];
}

/**
 * Solve for the control limit h that gives the target in-control ARL for the Poisson CUSUM with expected count E
 * per period and shift ratio R (bisection on the Markov-chain ARL). With large E and a modest R even h → 0 gives an
 * in-control ARL above the target (a single period must already be far above E to move the CUSUM); h is then the
 * smallest value tried (1e-6) and the real false-alarm rate is below the one targeted, never above it.
 */
export function solvePoissonCusumH(expected: number, ratio: number, targetArl: number): number {
  if (!(targetArl > 1)) throw new RangeError(`target ARL must be > 1, got ${targetArl}`);
  if (!(expected > 0)) throw new RangeError(`expected count must be > 0, got ${expected}`);
  let lo = 1e-6;
  let hi = 1;
  while (poissonCusumArl(expected, ratio, hi) < targetArl) {
    hi *= 2;
    if (hi > 1e4) throw new RangeError('no control limit reaches that ARL');
  }
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (poissonCusumArl(expected, ratio, mid) < targetArl) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-4 * hi) break;
  }
  return (lo + hi) / 2;
}

/**
 * Exponentially weighted moving average with time-varying limits (Roberts 1959; Lucas & Saccucci 1990):
 * zₜ = λxₜ + (1 − λ)zₜ₋₁, z₀ = μ₀; limits μ₀ ± Lσ√(λ/(2 − λ)·(1 − (1 − λ)^{2t})).
 */
export function ewma(
  values: ArrayLike<number>,
  options: { lambda?: number; target: number; sigma: number; L?: number },
): { ewma: Float64Array; lower: Float64Array; upper: Float64Array; signal: Uint8Array } {
  const lambda = options.lambda ?? 0.2;
  const L = options.L ?? 3;
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`lambda must be in (0, 1], got ${lambda}`);
  const n = values.length;
  const out = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const signal = new Uint8Array(n);
  let z = options.target;
  for (let t = 0; t < n; t++) {
    z = lambda * values[t] + (1 - lambda) * z;
    out[t] = z;
    const half = L * options.sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * (t + 1))));
    lower[t] = options.target - half;
    upper[t] = options.target + half;
    signal[t] = z > upper[t] || z < lower[t] ? 1 : 0;
  }
  return { ewma: out, lower, upper, signal };
}

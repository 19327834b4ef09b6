/**
 * Funnel plots for comparing institutions, with overdispersion.
 *
 * Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med 2005;24:1185–1202.
 * Spiegelhalter DJ. Handling over-dispersion of performance indicators. Qual Saf Health Care 2005;14:347–351.
 * Transformations, winsorisation/truncation, φ and τ² follow FunnelPlotR (Mainey) — see docs/methods.md, where
 * the deliberate differences are listed (angle clamping for proportions, exact binomial limits, E not rounded).
 *
 * Scales:
 * - proportion: y = asin√p, s = 1/(2√n); z winsorised at `winsorise`/(1 − `winsorise`) for φ.
 * - ratio (observed/expected, SHMI method): y = ln(O/E), s = 1/√E; z truncated (top and bottom decile by rank) for φ.
 * - rate (events/exposure): a ratio with E = exposure × target rate; values and limits scaled back to rates.
 */
import { qbinom, pbinom, qchisq, qnorm, twoSidedP, zForLevel } from './distributions.js';
import { averageRanks, quantileSorted } from './quantile.js';

export type FunnelType = 'proportion' | 'ratio' | 'rate';
export type Overdispersion = 'none' | 'multiplicative' | 'additive';

export interface FunnelOptions {
  type: FunnelType;
  /** Target in value units (after the multiplier). Default: pooled (Σ numerator / Σ denominator), or 1 for ratios. */
  target?: number;
  overdispersion: Overdispersion;
  /** Share trimmed at each end before estimating φ. Default 0.1. */
  winsorise: number;
  levels: readonly number[];
  /** Value scale: proportions 100 (per cent), ratios 1, rates 1000 by default in the CLI. */
  multiplier: number;
  /**
   * `reference` (default): φ is the mean of the winsorised or truncated z², as FunnelPlotR and the SHMI method.
   * `consistent`: that mean divided by its value for standard normal z-scores (see `trimmedSquareMean`), so φ
   * estimates the variance of z itself: the reference estimate is about 0.44 × φ (truncated at 10%) or 0.68 × φ
   * (winsorised), which narrows the limits whenever units truly differ.
   */
  dispersion?: 'reference' | 'consistent';
}

export const FUNNEL_DEFAULTS: FunnelOptions = {
  type: 'proportion',
  overdispersion: 'additive',
  winsorise: 0.1,
  levels: [0.95, 0.998],
  multiplier: 100,
};

/** What the fit learned from all units, enough to draw limit curves at any precision. */
export interface FunnelFit {
  type: FunnelType;
  /** Target on the 0–1 (proportion), ratio, or per-unit-exposure (rate) scale, before the multiplier. */
  target: number;
  multiplier: number;
  levels: readonly number[];
  /** Units with a usable z-score. */
  k: number;
  /** Dispersion ratio: mean of the winsorised (or truncated) squared z-scores. */
  phi: number;
  /** Between-unit variance on the transformed scale (DerSimonian–Laird), 0 when φ ≤ 1. */
  tau2: number;
  /** Which adjustment the limits carry: none, or the chosen overdispersion model when it was triggered. */
  adjustment: Overdispersion;
}

export interface FunnelResult extends FunnelFit {
  value: Float64Array;
  z: Float64Array;
  zAdjusted: Float64Array;
  p: Float64Array;
  /** lower[levelIndex][unit] */
  lower: Float64Array[];
  upper: Float64Array[];
  /** flag[levelIndex][unit]: 1 above the upper limit, −1 below the lower, 0 within. */
  flag: Int8Array[];
}

function checkInputs(type: FunnelType, numerator: ArrayLike<number>, denominator: ArrayLike<number>): void {
  if (numerator.length !== denominator.length)
    throw new RangeError('numerator and denominator differ in length');
  for (let i = 0; i < numerator.length; i++) {
    const o = numerator[i];
    const n = denominator[i];
    if (!Number.isFinite(o) || o < 0) throw new RangeError(`unit ${i + 1}: numerator must be ≥ 0, got ${o}`);
    if (!Number.isFinite(n) || n <= 0)
      throw new RangeError(`unit ${i + 1}: denominator must be > 0, got ${n}`);
    if (type === 'proportion' && o > n)
      throw new RangeError(`unit ${i + 1}: numerator (${o}) exceeds denominator (${n}) for a proportion`);
  }
}

/** Scale-specific pieces: the transformed value, its standard error, and the target on that scale. */
interface Scale {
  /** 0–1 proportion, ratio relative to 1, or rate per unit exposure */
  target: number;
  /** precision per unit: n for proportions, E (at the target) for ratios and rates */
  precision: Float64Array;
  y: Float64Array;
  y0: number;
}

function buildScale(type: FunnelType, o: ArrayLike<number>, n: ArrayLike<number>, target?: number): Scale {
  const k = o.length;
  let so = 0;
  let sn = 0;
  for (let i = 0; i < k; i++) {
    so += o[i];
    sn += n[i];
  }
  const y = new Float64Array(k);
  const precision = new Float64Array(k);
  if (type === 'proportion') {
    const t = target ?? so / sn;
    for (let i = 0; i < k; i++) {
      y[i] = Math.asin(Math.sqrt(o[i] / n[i]));
      precision[i] = n[i];
    }
    return { target: t, precision, y, y0: Math.asin(Math.sqrt(t)) };
  }
  // ratio: O against E (E given); rate: O against exposure × target rate
  const t = target ?? (type === 'ratio' ? 1 : so / sn);
  for (let i = 0; i < k; i++) {
    const e = type === 'ratio' ? n[i] : n[i] * t;
    precision[i] = e;
    y[i] = Math.log(o[i] / e);
  }
  return { target: t, precision, y, y0: type === 'ratio' ? Math.log(t) : 0 };
}

/** Standard error on the transformed scale at a precision. */
function seAt(type: FunnelType, precision: number): number {
  return type === 'proportion' ? 1 / (2 * Math.sqrt(precision)) : 1 / Math.sqrt(precision);
}

/** φ and τ² from unadjusted z-scores (FunnelPlotR `phi_func`, `tau_func`). */
export function estimateDispersion(
  type: FunnelType,
  z: ArrayLike<number>,
  precision: ArrayLike<number>,
  trim: number,
  dispersion: 'reference' | 'consistent' = 'reference',
): { k: number; phi: number; tau2: number } {
  const idx: number[] = [];
  for (let i = 0; i < z.length; i++) if (!Number.isNaN(z[i])) idx.push(i);
  const kept: number[] = []; // indices used
  const wz: number[] = []; // their (winsorised) z
  if (type === 'proportion') {
    // a typed array's own numeric sort: a comparator called for every pair was half of a national compute's fits
    const sorted = new Float64Array(idx.length);
    for (let j = 0; j < idx.length; j++) sorted[j] = z[idx[j]];
    sorted.sort();
    const lz = quantileSorted(sorted, trim);
    const uz = quantileSorted(sorted, 1 - trim);
    for (const i of idx) {
      kept.push(i);
      wz.push(Math.min(Math.max(z[i], lz), uz));
    }
  } else {
    // SHMI truncation: rank into 1/trim groups and drop the lowest and highest
    const groups = 1 / trim;
    const ranks = averageRanks(idx.map((i) => z[i]));
    idx.forEach((i, j) => {
      const sp = Math.floor((ranks[j] * groups) / (idx.length + 1));
      if (sp > 0 && sp < groups - 1) {
        kept.push(i);
        wz.push(z[i]);
      }
    });
  }
  const k = kept.length;
  if (k === 0) return { k: 0, phi: NaN, tau2: 0 };
  let sz2 = 0;
  for (const v of wz) sz2 += v * v;
  const phi =
    dispersion === 'consistent'
      ? sz2 / k / trimmedSquareMean(trim, type === 'proportion' ? 'winsorise' : 'truncate')
      : sz2 / k;
  let sw = 0;
  let sw2 = 0;
  for (const i of kept) {
    const w = 1 / seAt(type, precision[i]) ** 2;
    sw += w;
    sw2 += w * w;
  }
  const tau2 = k * phi < k - 1 ? 0 : Math.max(0, (k * phi - (k - 1)) / (sw - sw2 / sw));
  return { k, phi, tau2 };
}

/**
 * E[Z²] of a standard normal Z after winsorising or truncating a share `trim` at each end: the factor by which the
 * reference φ underestimates the variance of z. Truncation: 1 − 2c·ϕ(c)/(1 − 2·trim) with c = Φ⁻¹(1 − trim);
 * winsorising adds back 2·trim·c². At trim 0.1: 0.4377 (truncated), 0.6787 (winsorised); at trim 0: 1.
 */
export function trimmedSquareMean(trim: number, how: 'winsorise' | 'truncate'): number {
  if (trim === 0) return 1;
  const c = qnorm(1 - trim);
  const density = Math.exp((-c * c) / 2) / Math.sqrt(2 * Math.PI);
  const truncated = 1 - (2 * c * density) / (1 - 2 * trim);
  return how === 'truncate' ? truncated : (1 - 2 * trim) * truncated + 2 * trim * c * c;
}

/** Interpolated exact binomial limit at probability q (Spiegelhalter 2005, Appendix A.1.1), on the 0–1 scale. */
function binomialLimit(q: number, n: number, theta: number): number {
  if (theta <= 0) return 0;
  if (theta >= 1) return 1;
  const r = qbinom(q, n, theta);
  const fr = pbinom(r, n, theta);
  const frm1 = r > 0 ? pbinom(r - 1, n, theta) : 0;
  const alpha = fr - frm1 > 0 ? (fr - q) / (fr - frm1) : 0;
  return Math.min(1, Math.max(0, (r - alpha) / n));
}

/** Limits at one precision and level, on the 0–1 / ratio / per-unit-rate scale. */
function limitsAt(fit: FunnelFit, precision: number, level: number): [number, number] {
  const zc = zForLevel(level);
  const a = (1 - level) / 2;
  if (fit.type === 'proportion') {
    if (fit.adjustment === 'none')
      return [binomialLimit(a, precision, fit.target), binomialLimit(1 - a, precision, fit.target)];
    const s = seAt('proportion', precision);
    const sd = fit.adjustment === 'additive' ? Math.sqrt(s * s + fit.tau2) : Math.sqrt(fit.phi) * s;
    const y0 = Math.asin(Math.sqrt(fit.target));
    // clamp the angle to [0, π/2]: a limit below 0% reads 0%, not a reflected positive value
    const lo = Math.max(0, y0 - zc * sd);
    const hi = Math.min(Math.PI / 2, y0 + zc * sd);
    return [Math.sin(lo) ** 2, Math.sin(hi) ** 2];
  }
  // ratio and rate share the log scale around the target t (a ratio, or a rate per unit exposure)
  const t = fit.target;
  if (fit.adjustment === 'none') {
    // exact Poisson limits with the expected count m standing in for the observed (FunnelPlotR)
    const m = fit.type === 'ratio' ? t * precision : precision;
    const lower = m > 0 ? qchisq(a, 2 * m) / 2 / m : 0;
    const upper = qchisq(1 - a, 2 * m + 2) / 2 / m;
    return [lower * t, upper * t];
  }
  const s = seAt('ratio', precision);
  const sd = fit.adjustment === 'additive' ? Math.sqrt(s * s + fit.tau2) : Math.sqrt(fit.phi) * s;
  return [t * Math.exp(-zc * sd), t * Math.exp(zc * sd)];
}

/**
 * Fit a funnel plot: target, z-scores, φ and τ², adjusted z and p, limits at each unit's precision and flags.
 * @param numerator events (proportion, rate) or observed count (ratio)
 * @param denominator cases (proportion), expected count (ratio) or exposure (rate)
 */
export function computeFunnel(
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
  options: Partial<FunnelOptions> = {},
): FunnelResult {
  const { fit, scale, z } = estimate(numerator, denominator, options);
  return placeUnits(fit, numerator, denominator, scale, z);
}

/**
 * The fit alone (target, φ, τ², adjustment), without placing each unit: what is kept of a funnel, and all that
 * evaluateFunnel needs to give any unit's figures. Placing is most of computeFunnel's work (limits at each unit's
 * precision, exact binomial or Poisson when there is no overdispersion).
 */
export function estimateFunnel(
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
  options: Partial<FunnelOptions> = {},
): FunnelFit {
  return estimate(numerator, denominator, options).fit;
}

function estimate(
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
  options: Partial<FunnelOptions>,
): { fit: FunnelFit; scale: Scale; z: Float64Array } {
  const opts: FunnelOptions = { ...FUNNEL_DEFAULTS, ...options };
  const { type, multiplier, levels } = opts;
  if (!(opts.winsorise >= 0 && opts.winsorise < 0.5))
    throw new RangeError(`winsorise must be in [0, 0.5), got ${opts.winsorise}`);
  if (!(multiplier > 0)) throw new RangeError(`multiplier must be > 0, got ${multiplier}`);
  checkInputs(type, numerator, denominator);
  const target = opts.target === undefined ? undefined : opts.target / multiplier;
  if (target !== undefined && type === 'proportion' && !(target > 0 && target < 1))
    throw new RangeError(
      `a proportion target must lie strictly between 0 and ${multiplier}, got ${opts.target}`,
    );
  if (target !== undefined && type !== 'proportion' && !(target > 0))
    throw new RangeError(`target must be > 0, got ${opts.target}`);
  const scale = buildScale(type, numerator, denominator, target);
  const z = zScores(type, scale);
  const {
    phi,
    tau2: tau2Raw,
    k: kUsed,
  } = estimateDispersion(type, z, scale.precision, opts.winsorise, opts.dispersion);

  let adjustment: Overdispersion = 'none';
  if (opts.overdispersion === 'additive' && phi > 1 && tau2Raw > 0) adjustment = 'additive';
  if (opts.overdispersion === 'multiplicative' && phi > 1 + 2 * Math.sqrt(2 / kUsed))
    adjustment = 'multiplicative';
  const tau2 = phi > 1 ? tau2Raw : 0;
  return {
    fit: { type, target: scale.target, multiplier, levels, k: kUsed, phi, tau2, adjustment },
    scale,
    z,
  };
}

/**
 * Each unit's figures against a fit already made (its target, φ, τ² and adjustment), without estimating anything:
 * what a stored fit gives for any unit's counts. For the units the fit was made from, the figures are exactly
 * computeFunnel's (the same arithmetic in the same order), so a fit can be kept and its units' figures derived
 * again when they are asked for.
 */
export function evaluateFunnel(
  fit: FunnelFit,
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
): FunnelResult {
  checkInputs(fit.type, numerator, denominator);
  const scale = buildScale(fit.type, numerator, denominator, fit.target);
  return placeUnits(fit, numerator, denominator, scale, zScores(fit.type, scale));
}

/** Unadjusted z-scores: distance from the target on the transformed scale, in standard errors. */
function zScores(type: FunnelType, scale: Scale): Float64Array {
  const z = new Float64Array(scale.y.length);
  for (let i = 0; i < z.length; i++) z[i] = (scale.y[i] - scale.y0) / seAt(type, scale.precision[i]);
  return z;
}

/** Unit i's z-score adjusted for the fit's overdispersion (additive: τ² added to its variance; multiplicative: ÷ √φ). */
function adjustZ(fit: FunnelFit, scale: Scale, z: Float64Array, i: number): number {
  if (fit.adjustment === 'additive') {
    const s = seAt(fit.type, scale.precision[i]);
    return (scale.y[i] - scale.y0) / Math.sqrt(s * s + fit.tau2);
  }
  return fit.adjustment === 'multiplicative' ? z[i] / Math.sqrt(fit.phi) : z[i];
}

/**
 * The units' values and z-scores (as they are and adjusted) under a fit, without their p-values and limits: what a
 * CUSUM of every practice reads (the limits, inverted from the binomial or Poisson where not overdispersed, were
 * most of the cost). The same figures as evaluateFunnel's, bit for bit.
 */
export function evaluateZScores(
  fit: FunnelFit,
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
): { value: Float64Array; z: Float64Array; zAdjusted: Float64Array } {
  checkInputs(fit.type, numerator, denominator);
  const scale = buildScale(fit.type, numerator, denominator, fit.target);
  const z = zScores(fit.type, scale);
  const value = new Float64Array(numerator.length);
  const zAdjusted = new Float64Array(numerator.length);
  for (let i = 0; i < value.length; i++) {
    value[i] = (numerator[i] / denominator[i]) * fit.multiplier;
    zAdjusted[i] = adjustZ(fit, scale, z, i);
  }
  return { value, z, zAdjusted };
}

/** The units' values, adjusted z, p, limits and flags under a fit. */
function placeUnits(
  fit: FunnelFit,
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
  scale: Scale,
  z: Float64Array,
): FunnelResult {
  const { multiplier, levels } = fit;
  const k = numerator.length;
  const value = new Float64Array(k);
  const zAdjusted = new Float64Array(k);
  const p = new Float64Array(k);
  const lower = levels.map(() => new Float64Array(k));
  const upper = levels.map(() => new Float64Array(k));
  const flag = levels.map(() => new Int8Array(k));
  for (let i = 0; i < k; i++) {
    const raw = numerator[i] / denominator[i];
    value[i] = raw * multiplier;
    zAdjusted[i] = adjustZ(fit, scale, z, i);
    p[i] = twoSidedP(zAdjusted[i]);
    for (let l = 0; l < levels.length; l++) {
      const [lo, hi] = limitsAt(fit, scale.precision[i], levels[l]);
      lower[l][i] = lo * multiplier;
      upper[l][i] = hi * multiplier;
      flag[l][i] = raw > hi ? 1 : raw < lo ? -1 : 0;
    }
  }
  return { ...fit, value, z, zAdjusted, p, lower, upper, flag };
}

/**
 * Limit curves for drawing: for each precision (n for proportions, expected count for ratios, exposure for rates)
 * the lower and upper limit at each level, in value units.
 */
export function funnelCurves(
  fit: FunnelFit,
  precisions: ArrayLike<number>,
): { lower: Float64Array[]; upper: Float64Array[] } {
  const lower = fit.levels.map(() => new Float64Array(precisions.length));
  const upper = fit.levels.map(() => new Float64Array(precisions.length));
  for (let i = 0; i < precisions.length; i++) {
    const precision = fit.type === 'rate' ? precisions[i] * fit.target : precisions[i];
    fit.levels.forEach((level, l) => {
      const [lo, hi] = limitsAt(fit, precision, level);
      lower[l][i] = lo * fit.multiplier;
      upper[l][i] = hi * fit.multiplier;
    });
  }
  return { lower, upper };
}

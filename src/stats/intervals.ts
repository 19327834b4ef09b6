/**
 * Confidence intervals for proportions, counts, rates, standardised ratios and rates, and means.
 * Formulas as in the APHO Technical Guides (Confidence Intervals, 2008; Standardisation, 2008)
 * and as implemented by PHEindicatormethods (OHID); see docs/methods.md.
 */
import { checkLevel, qchisq, qt, zForLevel } from './distributions.js';

export interface Interval {
  lower: number;
  upper: number;
}

function checkCount(name: string, x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${x}`);
}

/**
 * Wilson score interval for a proportion x/n (Wilson 1927; Newcombe 1998, method 3), on the 0–1 scale.
 * (2x + z² ± z√(z² + 4x(1 − x/n))) / (2(n + z²)).
 * @example wilson(8, 10, 0.95) // { lower: 0.4901625…, upper: 0.9433178… }
 */
export function wilson(x: number, n: number, level = 0.95): Interval {
  return wilsonAtZ(x, n, zForLevel(level));
}

/**
 * The Wilson interval at the critical value z = Φ⁻¹(1 − (1 − level)/2) (`zForLevel`), for many proportions at one
 * level without computing z each time; the same arithmetic as `wilson`.
 * @example wilsonAtZ(8, 10, zForLevel(0.95)) // as wilson(8, 10, 0.95)
 */
export function wilsonAtZ(x: number, n: number, z: number): Interval {
  checkCount('numerator', x);
  if (!(n > 0)) throw new RangeError(`denominator must be > 0, got ${n}`);
  if (x > n) throw new RangeError(`numerator (${x}) must not exceed denominator (${n})`);
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const denom = 2 * (n + z2);
  return { lower: Math.max(0, (2 * x + z2 - root) / denom), upper: Math.min(1, (2 * x + z2 + root) / denom) };
}

/** Exact Poisson limits for a count (Garwood 1936): χ²((1−c)/2; 2x)/2 and χ²(1−(1−c)/2; 2x+2)/2. */
export function poissonExact(x: number, level = 0.95): Interval {
  checkCount('count', x);
  checkLevel(level);
  const a = (1 - level) / 2;
  return { lower: x === 0 ? 0 : qchisq(a, 2 * x) / 2, upper: qchisq(1 - a, 2 * x + 2) / 2 };
}

/** Byar's approximation to the lower Poisson limit: x(1 − 1/(9x) − z/(3√x))³. */
export function byarLower(x: number, level = 0.95): number {
  if (x === 0) return 0;
  const z = zForLevel(level);
  return x * Math.pow(1 - 1 / (9 * x) - z / (3 * Math.sqrt(x)), 3);
}

/** Byar's approximation to the upper Poisson limit: (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³. */
export function byarUpper(x: number, level = 0.95): number {
  const z = zForLevel(level);
  const y = x + 1;
  return y * Math.pow(1 - 1 / (9 * y) + z / (3 * Math.sqrt(y)), 3);
}

/** Counts below this use exact limits, at or above it Byar's (PHEindicatormethods `phe_rate`, `calculate_ISRatio`). */
export const EXACT_POISSON_BELOW = 10;

/** Poisson limits for a count as PHE computes them: exact when x < 10, Byar's otherwise. */
export function poissonCount(x: number, level = 0.95): Interval {
  checkCount('count', x);
  if (x < EXACT_POISSON_BELOW) return poissonExact(x, level);
  return { lower: byarLower(x, level), upper: byarUpper(x, level) };
}

/** A crude rate x/n × multiplier with PHE's Poisson limits on x. */
export function rate(x: number, n: number, level = 0.95, multiplier = 100000): Interval & { value: number } {
  if (!(n > 0)) throw new RangeError(`denominator must be > 0, got ${n}`);
  const { lower, upper } = poissonCount(x, level);
  return { value: (x / n) * multiplier, lower: (lower / n) * multiplier, upper: (upper / n) * multiplier };
}

export interface StratumCounts {
  /** Observed events in the stratum (age/sex band). */
  observed: number;
  /** Population (or person-time) in the stratum. */
  population: number;
}

export interface IsrStratum extends StratumCounts {
  referenceObserved: number;
  referencePopulation: number;
}

/**
 * Indirectly standardised ratio O/E, E = Σ population × reference rate, with PHE's Poisson limits on O divided by E
 * (APHO Technical Guide: Standardisation). A stratum with population 0 contributes nothing to E.
 */
export function indirectlyStandardisedRatio(
  strata: readonly IsrStratum[],
  level = 0.95,
  multiplier = 1,
): { observed: number; expected: number; value: number; lower: number; upper: number } {
  let observed = 0;
  let expected = 0;
  for (const s of strata) {
    checkCount('observed', s.observed);
    checkCount('population', s.population);
    checkCount('reference observed', s.referenceObserved);
    if (!(s.referencePopulation > 0))
      throw new RangeError(`reference population must be > 0, got ${s.referencePopulation}`);
    observed += s.observed;
    expected += (s.population * s.referenceObserved) / s.referencePopulation;
  }
  if (!(expected > 0)) return { observed, expected, value: NaN, lower: NaN, upper: NaN };
  const ci = poissonCount(observed, level);
  return {
    observed,
    expected,
    value: (observed / expected) * multiplier,
    lower: (ci.lower / expected) * multiplier,
    upper: (ci.upper / expected) * multiplier,
  };
}

export interface DsrStratum extends StratumCounts {
  standardPopulation: number;
}

/** DSR is not published below this many events (PHEindicatormethods `calculate_dsr`). */
export const DSR_MIN_EVENTS = 10;

/**
 * Directly standardised rate with Dobson et al. (1991) limits, Byar's limits on the total count:
 * DSR = Σ(wᵢxᵢ/nᵢ)/Σwᵢ; var = Σxᵢ(wᵢ/nᵢ)²/(Σwᵢ)²; limit = DSR + √(var/O)·(Byar(O) − O).
 * Value and limits are undefined (NaN) when O < 10; a stratum with population 0 is refused.
 */
export function directlyStandardisedRate(
  strata: readonly DsrStratum[],
  level = 0.95,
  multiplier = 100000,
): { observed: number; population: number; value: number; lower: number; upper: number } {
  let observed = 0;
  let population = 0;
  let weighted = 0;
  let weights = 0;
  let variance = 0;
  for (const s of strata) {
    checkCount('observed', s.observed);
    checkCount('standard population', s.standardPopulation);
    if (!(s.population > 0))
      throw new RangeError(`population must be > 0 in every stratum, got ${s.population}`);
    observed += s.observed;
    population += s.population;
    weighted += (s.standardPopulation * s.observed) / s.population;
    weights += s.standardPopulation;
    variance += s.observed * (s.standardPopulation / s.population) ** 2;
  }
  if (observed < DSR_MIN_EVENTS || !(weights > 0))
    return { observed, population, value: NaN, lower: NaN, upper: NaN };
  const dsr = weighted / weights;
  const v = variance / (weights * weights);
  const scale = Math.sqrt(v / observed);
  return {
    observed,
    population,
    value: dsr * multiplier,
    lower: (dsr + scale * (byarLower(observed, level) - observed)) * multiplier,
    upper: (dsr + scale * (byarUpper(observed, level) - observed)) * multiplier,
  };
}

/** Student's t interval for a mean: x̄ ± t(1−(1−c)/2; n−1)·s/√n. Undefined for fewer than 2 values. */
export function meanInterval(
  values: ArrayLike<number>,
  level = 0.95,
): Interval & { mean: number; sd: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : NaN;
  if (n < 2) return { mean, sd: NaN, lower: NaN, upper: NaN };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  checkLevel(level);
  const half = (qt(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, lower: mean - half, upper: mean + half };
}

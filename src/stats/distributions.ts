/**
 * Distribution functions used by the methods, taken from the `@stdlib` packages rather than written here.
 * Thin named wrappers so the rest of `src/stats` reads like the formulas in the references.
 * Each package is loaded when first called: they are many small modules, and a process that needs only some of
 * them (one `lantern stats` method) starts sooner without the rest.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
function lazy<F>(id: string): () => F {
  let f: F | undefined;
  return () => (f ??= load(id) as F);
}
type Dist2 = (x: number, a: number) => number;
type Dist3 = (x: number, a: number, b: number) => number;
const normalQuantile = lazy<Dist3>('@stdlib/stats-base-dists-normal-quantile');
const normalCdf = lazy<Dist3>('@stdlib/stats-base-dists-normal-cdf');
const chisqQuantile = lazy<Dist2>('@stdlib/stats-base-dists-chisquare-quantile');
const chisqCdf = lazy<Dist2>('@stdlib/stats-base-dists-chisquare-cdf');
const tQuantile = lazy<Dist2>('@stdlib/stats-base-dists-t-quantile');
const binomialCdf = lazy<Dist3>('@stdlib/stats-base-dists-binomial-cdf');
const binomialQuantile = lazy<Dist3>('@stdlib/stats-base-dists-binomial-quantile');
const poissonCdf = lazy<Dist2>('@stdlib/stats-base-dists-poisson-cdf');
const poissonPmf = lazy<Dist2>('@stdlib/stats-base-dists-poisson-pmf');

/** Standard normal quantile Φ⁻¹(p). */
export const qnorm = (p: number): number => normalQuantile()(p, 0, 1);
/** Standard normal distribution function Φ(x). */
export const pnorm = (x: number): number => normalCdf()(x, 0, 1);
/** Chi-square quantile with `df` degrees of freedom (lower tail). */
export const qchisq = (p: number, df: number): number => chisqQuantile()(p, df);
/** Chi-square distribution function (lower tail). */
export const pchisq = (x: number, df: number): number => chisqCdf()(x, df);
/** Student's t quantile. */
export const qt = (p: number, df: number): number => tQuantile()(p, df);
/** Binomial distribution function P(X ≤ x). */
export const pbinom = (x: number, n: number, p: number): number => binomialCdf()(x, n, p);
/** Smallest x with P(X ≤ x) ≥ q for Binomial(n, p). */
export const qbinom = (q: number, n: number, p: number): number => binomialQuantile()(q, n, p);
/** Poisson distribution function P(X ≤ x). */
export const ppois = (x: number, mean: number): number => poissonCdf()(x, mean);
/** Poisson probability mass P(X = x). */
export const dpois = (x: number, mean: number): number => poissonPmf()(x, mean);

/** Two-sided critical value for a confidence level: Φ⁻¹(1 − (1 − level)/2); 0.95 → 1.959964, 0.998 → 3.090232. */
export function zForLevel(level: number): number {
  checkLevel(level);
  return qnorm(1 - (1 - level) / 2);
}

/** Two-sided p-value of a standard normal deviate. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 2 * pnorm(-Math.abs(z));
}

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1))
    throw new RangeError(`confidence level must be between 0 and 1 (exclusive), got ${level}`);
}

/** Column suffix for a level: 0.95 → "95", 0.998 → "99_8" (the contract in docs/methods.md). */
export function levelLabel(level: number): string {
  return String(Number((level * 100).toPrecision(12))).replace('.', '_');
}

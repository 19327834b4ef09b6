/**
 * Restricted (natural) cubic splines: a smooth, flexible term for a regression, cubic between knots and linear
 * beyond the outer ones, so that it does not swing at the extremes.
 *
 * Harrell FE. Regression Modeling Strategies, 2nd ed., Springer 2015, §2.4.5 (the truncated-power form used here,
 * scaled by (t_k − t_1)² as Hmisc `rcspline.eval(norm = 2)`); knots at the quantiles Harrell recommends for k = 4:
 * 0.05, 0.35, 0.65 and 0.95. The columns span the same functions as R's `splines::ns` with the same knots.
 */
import { quantileSorted } from './quantile.js';

/** Knot positions for k knots (3 to 5) at Harrell's recommended quantiles of the data. */
export function splineKnots(values: ArrayLike<number>, k: 3 | 4 | 5 = 4): number[] {
  const probs: Record<3 | 4 | 5, number[]> = {
    3: [0.1, 0.5, 0.9],
    4: [0.05, 0.35, 0.65, 0.95],
    5: [0.05, 0.275, 0.5, 0.725, 0.95],
  };
  const sorted = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('spline knots need at least one finite value');
  return probs[k].map((p) => quantileSorted(sorted, p));
}

/**
 * The k − 1 basis columns of a restricted cubic spline with knots t (ascending, distinct) at x: x itself, then
 * k − 2 non-linear columns. Example: `splineBasis(0.3, [0.1, 0.2, 0.4, 0.6])` → `[0.3, …, …]`.
 */
export function splineBasis(x: number, t: readonly number[]): number[] {
  const k = t.length;
  if (k < 3) throw new RangeError(`a restricted cubic spline needs at least 3 knots, got ${k}`);
  for (let j = 1; j < k; j++)
    if (!(t[j]! > t[j - 1]!))
      throw new RangeError(`spline knots must be strictly increasing, got ${t.join(', ')}`);
  const cube = (v: number) => (v > 0 ? v * v * v : 0);
  const tk = t[k - 1]!;
  const tk1 = t[k - 2]!;
  const norm = (tk - t[0]!) ** 2;
  const out = [x];
  for (let j = 0; j < k - 2; j++) {
    const tj = t[j]!;
    out.push(
      (cube(x - tj) - (cube(x - tk1) * (tk - tj)) / (tk - tk1) + (cube(x - tk) * (tk1 - tj)) / (tk - tk1)) /
        norm,
    );
  }
  return out;
}

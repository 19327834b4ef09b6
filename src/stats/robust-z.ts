/**
 * Comparing a continuous amount (money per patient, staff per 1,000 patients) across units: z-scores on the log
 * scale against the median, with the spread estimated robustly (1.4826 × the median absolute deviation, which
 * equals the standard deviation for normal data and is not moved by a few extreme units).
 *
 * Why not a funnel: a funnel's limits come from the sampling variance of a count (binomial, Poisson). An amount
 * such as £ or full-time equivalents has no such variance, and its unit is arbitrary: fitting it as a Poisson
 * count makes the answer depend on the unit (FTE in tenths gives ten times the "events"). On the log scale the
 * unit is a constant shift, so z, p and flags here do not depend on it (tested).
 *
 * Reference: Huber PJ, Ronchetti EM. Robust Statistics, 2nd ed., Wiley 2009, §5.1 (MAD, consistency constant
 * 1/Φ⁻¹(0.75) = 1.4826); the log-scale comparison of positive amounts follows NHS Digital's practice-level
 * workforce and payments publications, which present ratios, not counts.
 */
import { qnorm, twoSidedP, zForLevel } from './distributions.js';
import { quantileSorted } from './quantile.js';

/** 1/Φ⁻¹(0.75): makes the MAD a consistent estimate of the standard deviation for normal data. */
export const MAD_TO_SD = 1 / qnorm(0.75);

export interface RobustLogComparison {
  /** median of ln(value) over the units compared, and its back-transform (the typical value) */
  centre: number;
  typical: number;
  /** 1.4826 × MAD of ln(value) */
  spread: number;
  /** units with a positive value, which the centre and spread were estimated from */
  k: number;
  /** per unit: (ln value − centre) / spread; NaN for a value ≤ 0 (no logarithm) */
  z: Float64Array;
  p: Float64Array;
  /** lower[levelIndex], upper[levelIndex]: the same for every unit (value units) */
  lower: number[];
  upper: number[];
  /** flag[levelIndex][unit]: 1 above, −1 below, 0 within, 0 for a value ≤ 0 */
  flag: Int8Array[];
}

/** A spread on the log scale below this is rounding (relative differences of 1e-9), not variation. */
export const ROUNDING_SPREAD = 1e-9;

/**
 * Compare positive amounts on the log scale. Values ≤ 0 or not finite take no part in the estimate and get NaN
 * z-scores: the caller says why (a 0 may mean "not returned").
 * @example robustLogComparison([1, 2, 4, 8], [0.95]).typical // 2.83 (the geometric middle)
 */
export function robustLogComparison(
  values: ArrayLike<number>,
  levels: readonly number[],
): RobustLogComparison {
  return compareWithCentre(values, robustCentre(values), levels);
}

/** The centre and spread alone (robustLogComparison without placing each unit): what is kept of a comparison. */
export function robustCentre(values: ArrayLike<number>): RobustCentre {
  const sorted = Array.from(values, (v) => (Number.isFinite(v) && v > 0 ? Math.log(v) : NaN))
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  if (sorted.length < 3)
    throw new RangeError(`a robust comparison needs at least 3 positive values, got ${sorted.length}`);
  const centre = quantileSorted(sorted, 0.5);
  const deviations = sorted.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  const mad = MAD_TO_SD * quantileSorted(deviations, 0.5);
  // amounts that agree to about nine significant figures differ only by rounding: no spread, not a huge z
  const spread = mad < ROUNDING_SPREAD ? 0 : mad;
  return { centre, spread, k: sorted.length };
}

/** What a robust comparison learned from all units: enough to place any unit's amount against it. */
export type RobustCentre = Pick<RobustLogComparison, 'centre' | 'spread' | 'k'>;

/**
 * Units' amounts placed against a centre and spread already estimated (robustLogComparison's, or a stored one):
 * for the units it was estimated from, exactly robustLogComparison's figures.
 */
export function compareWithCentre(
  values: ArrayLike<number>,
  { centre, spread, k }: RobustCentre,
  levels: readonly number[],
): RobustLogComparison {
  const logs = Array.from(values, (v) => (Number.isFinite(v) && v > 0 ? Math.log(v) : NaN));
  const z = Float64Array.from(logs, (v) => (Number.isNaN(v) ? NaN : spread > 0 ? (v - centre) / spread : 0));
  const p = z.map((v) => (Number.isNaN(v) ? NaN : twoSidedP(v)));
  const lower = levels.map((l) => Math.exp(centre - zForLevel(l) * spread));
  const upper = levels.map((l) => Math.exp(centre + zForLevel(l) * spread));
  const flag = levels.map((_, l) =>
    Int8Array.from(logs, (v) =>
      Number.isNaN(v) ? 0 : Math.exp(v) > upper[l]! ? 1 : Math.exp(v) < lower[l]! ? -1 : 0,
    ),
  );
  return { centre, typical: Math.exp(centre), spread, k, z, p, lower, upper, flag };
}

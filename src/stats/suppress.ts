/**
 * Small-number suppression for audiences below the commissioner quality team (NHS Digital HES analysis guide;
 * the same threshold and rounding as OpenSAFELY): 0 stays 0; 1–7 are suppressed; other counts are rounded to
 * the nearest 5; a rate is computed from rounded parts and suppressed when either part is.
 */
export type SuppressedCount =
  { kind: 'value'; value: number } | { kind: 'suppressed'; reason: 'small_count' };

export const SUPPRESS_AT_OR_BELOW = 7;
export const ROUND_TO = 5;

/** Suppress or round one count. Counts must be whole numbers ≥ 0. */
export function suppressCount(count: number): SuppressedCount {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`a count must be a whole number ≥ 0, got ${count}`);
  if (count === 0) return { kind: 'value', value: 0 };
  if (count <= SUPPRESS_AT_OR_BELOW) return { kind: 'suppressed', reason: 'small_count' };
  return { kind: 'value', value: Math.round(count / ROUND_TO) * ROUND_TO };
}

/** The rounded count, or null when suppressed. */
export function suppressedValue(count: number): number | null {
  const r = suppressCount(count);
  return r.kind === 'value' ? r.value : null;
}

/** A rate numerator/denominator × multiplier from suppressed parts; null when either part is suppressed or the denominator rounds to 0. */
export function suppressRate(numerator: number, denominator: number, multiplier = 1): number | null {
  const a = suppressedValue(numerator);
  const b = suppressedValue(denominator);
  if (a === null || b === null || b === 0) return null;
  return (a / b) * multiplier;
}

/**
 * Suppression at the edge: local (unpublished) figures leave the server suppressed for anyone whose grant does
 * not cover the organisation (concerns.md §5.1: 0 stays 0, 1–7 suppressed, others rounded to the nearest 5, a
 * rate from the rounded parts and suppressed when either part is). Published open data keeps its published
 * precision. A value with no counts behind it cannot be checked, so it is withheld.
 */
import { suppressedValue, suppressRate } from '../stats/suppress.js';

export interface Figures {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export const SUPPRESSION_NOTE =
  'Local figures are shown to you suppressed: counts of 1 to 7 are hidden (*), other counts are rounded to the nearest 5, and rates are worked out from the rounded counts.';

const count = (n: number | null) => (n === null ? null : suppressedValue(Math.max(0, Math.round(n))));

export function suppressFigures<T extends Figures>(p: T, multiplier: number): T & { suppressed: true } {
  const numerator = count(p.numerator);
  const denominator = count(p.denominator);
  const value =
    p.numerator !== null && p.denominator !== null
      ? suppressRate(Math.max(0, Math.round(p.numerator)), Math.max(0, Math.round(p.denominator)), multiplier)
      : p.numerator !== null && p.denominator === null
        ? numerator
        : null;
  return { ...p, numerator, denominator, value, suppressed: true };
}

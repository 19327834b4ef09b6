/**
 * What `lantern compute` stores for a chunk of periods of one indicator, fitted from the practices' counts: each
 * period's comparison fit (storedComparison, the same fit the funnel pages draw), from which every practice's figures
 * are derived when asked for. A pure function of its inputs, so it runs the same in this thread or in a worker
 * thread (fit-pool.ts).
 */
import type { CatalogueEntry } from '../db/repos/indicators.js';
import type { FitInputs } from '../db/repos/variation-fits.js';
import { storedComparison, type ComparisonFit, type InputRow } from './funnel.js';

export type FitDefinition = Pick<CatalogueEntry, 'code' | 'method' | 'multiplier'> & {
  numeratorKind?: string;
};

export interface StoredFit {
  periodStart: string;
  /** null: too few practices with counts for a funnel */
  fit: ComparisonFit | null;
  /** the method as the funnel page words it */
  method: string | null;
  /** practices compared (rows of the funnel) */
  practices: number;
  /** practices with a z-score (an amount of 0 has no logarithm, so is not compared) */
  results: number;
  /** practices in the period's inputs at all */
  inputs: number;
}

export function fitStoredPeriods(def: FitDefinition, periods: FitInputs[]): StoredFit[] {
  return periods.map((p) => {
    const input: InputRow[] = p.numerators.map((numerator, i) => ({
      code: '',
      name: '',
      ccg: null,
      icb: null,
      numerator,
      denominator: p.denominators[i]!,
      qualityIssue: null,
    }));
    const made = storedComparison(def, input);
    return {
      periodStart: p.periodStart,
      fit: made?.fit ?? null,
      method: made?.method ?? null,
      practices: made?.practices ?? 0,
      results: made?.results ?? 0,
      inputs: p.inputs,
    };
  });
}

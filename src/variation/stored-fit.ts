/**
 * What `lantern compute` stores for a chunk of periods of one indicator, fitted from the practices' counts: each
 * period's funnel (fitFunnel, the same fit the funnel pages draw) and the practices' figures as CSV text ready for
 * COPY. A pure function of its inputs, so it runs the same in this thread or in a worker thread (fit-pool.ts).
 */
import type { CatalogueEntry } from '../db/repos/indicators.js';
import type { PeriodCounts } from '../db/repos/variation-results.js';
import { csvChunks } from '../db/copy.js';
import { fitFunnel, type InputRow } from './funnel.js';

export type FitDefinition = Pick<CatalogueEntry, 'code' | 'method' | 'multiplier'> & {
  numeratorKind?: string;
};

export interface StoredFit {
  periodStart: string;
  /** null: too few practices with counts for a funnel */
  method: string | null;
  practices: number;
  phi: number | null;
  tau2: number | null;
  /** practice results written (rows with a z-score) */
  results: number;
  /** practices in the period's inputs at all */
  inputs: number;
}

export interface StoredFitChunk {
  fits: StoredFit[];
  /** the results as CSV chunks in RESULT_COLUMNS order (src/db/repos/variation-results.ts) */
  csv: string[];
}

export function fitStoredPeriods(def: FitDefinition, periods: PeriodCounts[]): StoredFitChunk {
  const fits: StoredFit[] = [];
  const rows: Array<readonly unknown[]> = [];
  for (const p of periods) {
    const input: InputRow[] = p.codes.map((code, i) => ({
      code,
      name: '',
      ccg: null,
      icb: null,
      numerator: p.numerators[i]!,
      denominator: p.denominators[i]!,
      qualityIssue: p.qualityIssues[i],
    }));
    const fit = fitFunnel(def, input);
    let results = 0;
    // a row without a z-score (an amount of 0, which has no logarithm) was not compared: nothing to store
    if (fit)
      for (const r of fit.rows) {
        if (Number.isNaN(r.z)) continue;
        results++;
        rows.push([
          def.code,
          p.periodStart,
          r.code,
          r.numerator,
          r.denominator,
          r.value,
          r.expected,
          r.z,
          r.z_adjusted,
          r.lower_95,
          r.upper_95,
          r.lower_99_8,
          r.upper_99_8,
          r.flag_95,
          r.flag_99_8,
          r.p,
        ]);
      }
    fits.push({
      periodStart: p.periodStart,
      method: fit?.method ?? null,
      practices: fit?.rows.length ?? 0,
      phi: fit?.phi ?? null,
      tau2: fit?.tau2 ?? null,
      results,
      inputs: p.codes.length,
    });
  }
  return { fits, csv: [...csvChunks(rows.length, (i) => rows[i] as unknown[])] };
}

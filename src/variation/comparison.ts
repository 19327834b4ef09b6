/**
 * One comparison of practices on one indicator, used alike by the funnel page and by the tiers, so that a tier's
 * evidence is the funnel page's figures for the same view: the practices' counts (one period, or several pooled),
 * crude or adjusted for case mix, against every practice with figures (England) or against an area or group.
 * Pure: the caller reads the rows and the case-mix facts from the store.
 */
import { fitCasemix, residualCheck, type CasemixModel, type Covariate } from './casemix.js';
import {
  fitFunnel,
  funnelTypeFor,
  MIN_FUNNEL_PRACTICES,
  countedRows,
  type FunnelFitAnswer,
  type InputRow,
} from './funnel.js';
import type { CatalogueEntry } from '../db/repos/indicators.js';

export class VariationError extends Error {
  constructor(
    message: string,
    /** named facts for the answer, e.g. the periods that can be asked for instead */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type Adjustment = 'none' | 'casemix';

/** The case-mix model is Poisson: it suits counts of rarer events, so common outcomes are compared crude. */
export const CASEMIX_MAX_PROPORTION = 0.2;

type Def = Pick<CatalogueEntry, 'code' | 'method' | 'multiplier' | 'numeratorKind'>;

const counted = countedRows;

/** Why the case-mix model does not suit this indicator's rows (null when it does). */
export function casemixUnsuitable(def: Def, rows: InputRow[], covariates: Covariate[] | null): string | null {
  const type = funnelTypeFor(def);
  if (type === 'continuous')
    return `${def.code} is an amount, not a count of events, so a Poisson model of counts does not suit it`;
  if (!type) return `${def.code} has no counts to model`;
  const c = counted(rows);
  const pooled = c.reduce((a, r) => a + r.numerator, 0) / c.reduce((a, r) => a + r.denominator, 0);
  if (type === 'proportion' && pooled > CASEMIX_MAX_PROPORTION)
    return `case-mix adjustment uses a Poisson model, which suits rarer events; ${def.code} averages ${(pooled * 100).toFixed(0)}%, so it is compared crude`;
  if (!covariates || covariates.length === 0)
    return 'no case-mix facts (age and sex, deprivation, need) are loaded, so it is compared crude';
  return null;
}

/**
 * Several periods' rows pooled into one per practice: numerators and denominators summed over the periods in
 * which the practice has counts. A practice is in the pool only if it has figures in the latest period (the
 * first array): the pool speaks for practices as they are now.
 */
export function poolPeriods(periods: InputRow[][]): InputRow[] {
  if (periods.length === 1) return periods[0]!;
  const [latest = [], ...earlier] = periods;
  const sums = new Map(
    latest.map((r) => [r.code, { ...r, numerator: r.numerator, denominator: r.denominator }]),
  );
  for (const rows of earlier)
    for (const r of counted(rows)) {
      const s = sums.get(r.code);
      if (!s || s.numerator === null || s.denominator === null) continue;
      s.numerator += r.numerator;
      s.denominator += r.denominator;
    }
  return [...sums.values()];
}

export interface Comparison {
  fit: FunnelFitAnswer;
  casemix: CasemixModel | null;
}

/**
 * Compare practices: with `adjust: 'casemix'` the model is fitted on every practice with every fact (whatever the
 * comparator), each practice's expected count replaces its denominator, and observed ÷ expected is compared on a
 * ratio funnel; the model's residual check is filled in from that funnel's adjusted z-scores. `basis` picks the
 * practices the funnel is fitted over (all, for England; an area's or group's, otherwise).
 */
export function comparePractices(
  def: Def,
  all: InputRow[],
  opts: {
    basis: (r: InputRow) => boolean;
    adjust: Adjustment;
    covariates: Covariate[] | null;
    /** the model's shape (default: splines with 4 knots where there are enough practices) */
    model?: { flexible?: boolean; knots?: 3 | 4 | 5 };
  },
): Comparison | null {
  let basis = all.filter(opts.basis);
  let casemix: CasemixModel | null = null;
  if (opts.adjust === 'casemix') {
    const why = casemixUnsuitable(def, all, opts.covariates);
    if (why) throw new VariationError(why);
    let adjusted: ReturnType<typeof fitCasemix>;
    try {
      adjusted = fitCasemix(counted(all), opts.covariates!, opts.model);
    } catch (e) {
      throw new VariationError((e as Error).message);
    }
    casemix = adjusted.model;
    basis = basis.flatMap((r) => {
      const e = adjusted.expected.get(r.code);
      return e === undefined ? [] : [{ ...r, denominator: e }];
    });
  }
  if (basis.length < MIN_FUNNEL_PRACTICES) return null;
  const fit = fitFunnel(def, basis, casemix ? { type: 'ratio', multiplier: 1 } : undefined);
  if (!fit) return null;
  if (casemix) {
    const z = new Map(fit.rows.map((r) => [r.code, r.z_adjusted]));
    const list = new Map(counted(all).map((r) => [r.code, r.denominator]));
    casemix = { ...casemix, residualCheck: residualCheck(z, opts.covariates!, list) };
  }
  return { fit, casemix };
}

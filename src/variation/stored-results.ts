/**
 * Practices' figures against the stored funnels (`lantern compute`): each period's fit is kept, not each practice's
 * figures, so a practice's expected value, adjusted z, limits and flags are derived here from the current fit and
 * its counts, exactly as the fit placed them (placeAgainstFit). Only current fits are read: made from the period's
 * inputs as they are now (currentFits), so new counts are never read against a funnel that did not include them.
 */
import type { Queryable } from '../db/connect.js';
import { organisationNames } from '../db/repos/accounts.js';
import { currentFits, practiceCountsFor, practiceCountsOf, type FitRow } from '../db/repos/variation-fits.js';
import type { FunnelType, Overdispersion } from '../stats/funnel.js';
import {
  FUNNEL_LEVELS,
  placeAgainstFit,
  zAgainstFit,
  type ComparisonFit,
  type FunnelRow,
  type InputRow,
} from './funnel.js';

/** A stored fit's columns as the fit they were written from (compute.ts writes them). */
export function fitOfRow(r: FitRow): ComparisonFit {
  if (r.fitType === 'continuous')
    return {
      type: 'continuous',
      centre: r.centre!,
      spread: r.spread!,
      k: r.k,
      multiplier: r.multiplier,
      levels: FUNNEL_LEVELS,
    };
  return {
    type: r.fitType as FunnelType,
    target: r.target!,
    multiplier: r.multiplier,
    levels: FUNNEL_LEVELS,
    k: r.k,
    // φ is NaN when no z-score could be used (stored as NaN; a driver may give it back as null)
    phi: r.phi ?? NaN,
    tau2: r.tau2 ?? 0,
    adjustment: r.adjustment as Overdispersion,
  };
}

/** A practice's figures in one period of one indicator. */
export interface PracticeFigures {
  indicator: string;
  periodStart: string;
  figures: FunnelRow;
}

/**
 * One practice's figures against each current stored fit of its indicators (or of these (indicator, period) pairs
 * only), in indicator and period order. A period whose counts the comparison cannot use has no figures; nor does an
 * amount of 0 (no z-score), as none was ever stored for it.
 */
export async function practiceFigures(
  db: Queryable,
  practice: string,
  pairs?: Array<[indicator: string, periodStart: string]>,
): Promise<PracticeFigures[]> {
  const counts = await practiceCountsOf(
    db,
    practice,
    pairs ? [...new Set(pairs.map((p) => p[0]))] : undefined,
  );
  if (!counts.length) return [];
  const fits = await currentFits(
    db,
    pairs ? { pairs } : { indicators: [...new Set(counts.map((c) => c.indicator))] },
  );
  const fitAt = new Map(fits.map((f) => [`${f.indicator}@${f.periodStart}`, fitOfRow(f)]));
  const out: PracticeFigures[] = [];
  for (const c of counts) {
    const fit = fitAt.get(`${c.indicator}@${c.periodStart}`);
    if (!fit) continue;
    const [figures] = placeAgainstFit(fit, [{ code: practice, name: '', ccg: null, icb: null, ...c }]);
    if (figures && !Number.isNaN(figures.z))
      out.push({ indicator: c.indicator, periodStart: c.periodStart, figures });
  }
  return out;
}

/**
 * Every practice's figures against the current stored fits of one indicator (or of these periods of it), by period:
 * the funnel each fit was made from, derived again.
 */
export async function indicatorFigures(
  db: Queryable,
  indicator: string,
  periods?: string[],
): Promise<Map<string, FunnelRow[]>> {
  return againstFits(db, indicator, periods, (fit, input) =>
    placeAgainstFit(fit, input).filter((r) => !Number.isNaN(r.z)),
  );
}

/** Each current stored fit of an indicator (or of these periods of it) applied to its period's practices, by period. */
async function againstFits<T>(
  db: Queryable,
  indicator: string,
  periods: string[] | undefined,
  apply: (fit: ComparisonFit, input: InputRow[]) => T,
): Promise<Map<string, T>> {
  const fits = (await currentFits(db, { indicators: [indicator] })).filter(
    (f) => !periods || periods.includes(f.periodStart),
  );
  const out = new Map<string, T>();
  if (!fits.length) return out;
  const counts = await practiceCountsFor(
    db,
    indicator,
    fits.map((f) => f.periodStart),
  );
  fits.forEach((f, i) => {
    const p = counts[i]!;
    const input = p.codes.map((code, j) => ({
      code,
      name: '',
      ccg: null,
      icb: null,
      numerator: p.numerators[j]!,
      denominator: p.denominators[j]!,
      qualityIssue: p.qualityIssues[j],
    }));
    out.set(f.periodStart, apply(fitOfRow(f), input));
  });
  return out;
}

/** A period with a current stored fit, and the period's change number the fit was made at. */
export interface FittedPeriod {
  periodStart: string;
  change: string;
}

/** The periods with a current stored fit, per indicator, oldest first. */
export async function fittedPeriods(db: Queryable): Promise<Map<string, FittedPeriod[]>> {
  const out = new Map<string, FittedPeriod[]>();
  for (const f of await currentFits(db))
    (out.get(f.indicator) ?? out.set(f.indicator, []).get(f.indicator)!).push({
      periodStart: f.periodStart,
      change: f.change,
    });
  return out;
}

export interface LimitCrossing {
  indicator: string;
  practice: string;
  name: string;
  periodStart: string;
  value: number;
  lower: number;
  upper: number;
  flag: 'high' | 'low';
}

/**
 * Practices beyond a 99.8% limit in each indicator's latest fitted period that were not so in the one before (not
 * compared then counts as within).
 */
export async function limitCrossings(db: Queryable): Promise<LimitCrossing[]> {
  const found: Array<Omit<LimitCrossing, 'name'>> = [];
  for (const [indicator, periods] of await fittedPeriods(db)) {
    if (periods.length < 2) continue;
    const [previous, latest] = periods.slice(-2).map((p) => p.periodStart) as [string, string];
    const figures = await indicatorFigures(db, indicator, [previous, latest]);
    const before = new Map((figures.get(previous) ?? []).map((r) => [r.code, r.flag_99_8]));
    for (const r of figures.get(latest) ?? [])
      if (r.flag_99_8 && (before.get(r.code) ?? '') !== r.flag_99_8)
        found.push({
          indicator,
          practice: r.code,
          periodStart: latest,
          value: r.value,
          lower: r.lower_99_8,
          upper: r.upper_99_8,
          flag: r.flag_99_8,
        });
  }
  const names = await organisationNames(db, [...new Set(found.map((c) => c.practice))]);
  return found
    .map((c) => ({ ...c, name: names.get(c.practice) ?? c.practice }))
    .sort((a, b) => a.indicator.localeCompare(b.indicator) || a.practice.localeCompare(b.practice));
}

/** A practice's adjusted z-score in one period, with its value and expected value (a point of a CUSUM). */
export interface SeriesPoint {
  periodStart: string;
  value: number;
  expected: number;
  /** the overdispersion-adjusted z-score */
  z: number;
}

/**
 * Every practice's value, expected value and adjusted z over the fitted periods of one indicator, by practice, oldest
 * period first: the points of its CUSUM, as indicatorFigures gives them but without the limits (zAgainstFit).
 */
export async function practiceSeries(
  db: Queryable,
  indicator: string,
  periods?: string[],
): Promise<Map<string, SeriesPoint[]>> {
  const out = new Map<string, SeriesPoint[]>();
  for (const [periodStart, rows] of await againstFits(db, indicator, periods, zAgainstFit))
    for (const r of rows)
      (out.get(r.code) ?? out.set(r.code, []).get(r.code)!).push({
        periodStart,
        value: r.value,
        expected: r.expected,
        z: r.z,
      });
  return out;
}

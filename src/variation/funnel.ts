/**
 * Practice funnels for one indicator and period: the same computation as `lantern stats funnel` on the same
 * rows (computeFunnel, additive overdispersion from 10%-winsorised or truncated z-scores, 95% and 99.8% limits), over all practices in
 * England or over the practices of one area as they were in that period.
 */
import type { z } from 'zod';
import type { Queryable } from '../db/connect.js';
import type { CatalogueEntry } from '../db/repos/indicators.js';
import {
  computeFunnel,
  estimateFunnel,
  evaluateFunnel,
  evaluateZScores,
  funnelCurves,
  type FunnelFit,
  type FunnelResult,
  type FunnelType,
} from '../stats/funnel.js';
import {
  compareWithCentre,
  robustCentre,
  robustLogComparison,
  type RobustCentre,
  type RobustLogComparison,
} from '../stats/robust-z.js';
import { countedPeriods, type CountedPeriodRow, type InputRow } from '../db/repos/practice-values.js';
import { cachedForDataVersion } from '../db/store-cache.js';
import type { funnelPointsAnswer } from './contract.js';

// the funnel's inputs are read by the repository; exported here too, beside the fit that uses them
export { practiceValues, practiceValuesFor, type InputRow } from '../db/repos/practice-values.js';

export const FUNNEL_LEVELS = [0.95, 0.998] as const;

/** How practices are compared: a funnel for counts of events, or a robust log-scale comparison for amounts. */
export type ComparisonType = FunnelType | 'continuous';

/**
 * The comparison a definition calls for: a proportion funnel, a rate funnel for events per unit of exposure (items
 * per STAR-PU is a rate), or, for a continuous amount (£, FTE) expressed as a rate or ratio, the robust log-scale
 * comparison (an amount is not a Poisson count). Null: a value without counts, not compared across practices.
 */
export function funnelTypeFor(
  def: Pick<CatalogueEntry, 'method'> & { numeratorKind?: string },
): ComparisonType | null {
  const counted = def.method === 'proportion' || def.method === 'rate' || def.method === 'ratio';
  if (!counted) return null;
  if (def.numeratorKind === 'continuous') return 'continuous';
  return def.method === 'proportion' ? 'proportion' : 'rate';
}

export interface FunnelRow {
  code: string;
  name: string;
  ccg: string | null;
  icb: string | null;
  numerator: number;
  denominator: number;
  value: number;
  expected: number;
  /**
   * the events expected at the target for this practice's denominator (n × p̄ for a proportion, exposure × rate,
   * or the case-mix model's expected count): the size a rule's minimum refers to. NaN for an amount.
   */
  expected_events: number;
  z: number;
  z_adjusted: number;
  p: number;
  lower_95: number;
  upper_95: number;
  lower_99_8: number;
  upper_99_8: number;
  flag_95: 'high' | 'low' | '';
  flag_99_8: 'high' | 'low' | '';
}

export interface FunnelAnswer {
  indicator: string;
  definitionVersion: number;
  periodStart: string;
  periodEnd: string;
  comparator: 'england' | 'area' | 'group';
  area: string | null;
  type: ComparisonType;
  multiplier: number;
  target: number;
  phi: number;
  tau2: number;
  adjustment: string;
  method: string;
  /** practices left out: no denominator, or none of the indicator's events could be counted */
  excluded: number;
  /** practices left out because their value cannot be right as published, each with the reason (in `excluded` too) */
  excludedForQuality: Array<{ code: string; name: string; reason: string }>;
  rows: FunnelRow[];
  /** the limit lines across the range of denominators, for drawing */
  curves: Array<{
    denominator: number;
    lower_95: number;
    upper_95: number;
    lower_99_8: number;
    upper_99_8: number;
  }>;
}

type NumericKey<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];
/** T with its numbers as JSON can carry them: ±∞ and NaN become null (JSON.stringify would make them null silently). */
type Jsonable<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };

/**
 * A row as the API sends it. A figure that is not a finite number is null, and `not_computed` says why, per
 * figure; null when every figure is finite. The usual case is z = −∞: a practice with a count of 0 on a rate or
 * ratio funnel, whose scale is ln(value), lies infinitely far below the target. Its flags still compare its value
 * with the limits, so it still reads "lower than expected".
 */
export type FunnelRowJson = Jsonable<FunnelRow> & {
  not_computed: Partial<Record<NumericKey<FunnelRow>, string>> | null;
};

/** The answer as the API sends it: rows as FunnelRowJson, and φ, τ² and the target null (with why) if not finite. */
export type FunnelAnswerJson = Omit<Jsonable<FunnelAnswer>, 'rows' | 'curves'> & {
  rows: FunnelRowJson[];
  curves: Array<Jsonable<FunnelAnswer['curves'][number]>>;
  not_computed: Partial<Record<'target' | 'phi' | 'tau2', string>> | null;
};

function whyNotFinite(key: string, v: number, type: ComparisonType): string {
  const shown = Number.isNaN(v) ? 'NaN' : v > 0 ? '+∞' : '−∞';
  if (type === 'continuous') {
    if (key === 'phi' || key === 'tau2')
      return `${key === 'phi' ? 'φ' : 'τ²'} is not computed: an amount is compared on the log scale with a robust spread, not on a funnel of counts`;
    if (key === 'expected_events') return 'an amount, not a count of events';
    if (Number.isNaN(v))
      return `${key} is not computed: a value of 0 or less has no logarithm (for staff, a 0 may mean the practice returned no figure)`;
  }
  if (key === 'expected_events') return 'not computed';
  if ((key === 'z' || key === 'z_adjusted') && v === -Infinity && type !== 'proportion')
    return `${key} = −∞: a count of 0 on a ${type} funnel, whose scale is ln(value), is infinitely far below the target, so no finite z-score exists; the flags compare the value with the limits`;
  if (key === 'p' && Number.isNaN(v)) return 'p is not computed: the adjusted z-score is not a finite number';
  return `${key} = ${shown}: not a finite number, so not computed`;
}

function finiteFields<T extends object>(
  o: T,
  keys: readonly string[],
  type: ComparisonType,
): { out: Jsonable<T>; why: Record<string, string> | null } {
  const out = { ...o } as Record<string, unknown>;
  let why: Record<string, string> | null = null;
  for (const k of keys) {
    const v = out[k];
    if (typeof v === 'number' && !Number.isFinite(v)) {
      out[k] = null;
      (why ??= {})[k] = whyNotFinite(k, v, type);
    }
  }
  return { out: out as Jsonable<T>, why };
}

const ROW_NUMBERS = [
  'numerator',
  'denominator',
  'value',
  'expected',
  'expected_events',
  'z',
  'z_adjusted',
  'p',
  'lower_95',
  'upper_95',
  'lower_99_8',
  'upper_99_8',
] as const satisfies ReadonlyArray<NumericKey<FunnelRow>>;
const CURVE_NUMBERS = ['denominator', 'lower_95', 'upper_95', 'lower_99_8', 'upper_99_8'] as const;

/** The answer with every figure JSON-honest: see FunnelRowJson. The statistics are unchanged. */
export function funnelAnswerJson<A extends FunnelAnswer>(
  a: A,
): Omit<A, keyof FunnelAnswer> & FunnelAnswerJson {
  const top = finiteFields(a, ['target', 'phi', 'tau2'], a.type);
  return {
    ...top.out,
    rows: a.rows.map((r) => {
      const { out, why } = finiteFields(r, ROW_NUMBERS, a.type);
      return { ...out, not_computed: why };
    }),
    curves: a.curves.map((c) => finiteFields(c, CURVE_NUMBERS, a.type).out),
    not_computed: top.why,
  } as Omit<A, keyof FunnelAnswer> & FunnelAnswerJson;
}

/** Every practice of a funnel as its plot draws it, in columns (funnelPointsAnswer in contract.ts). */
export type FunnelPoints = z.infer<typeof funnelPointsAnswer>['points'];

/**
 * A figure to place a point and read it off: 6 significant figures (the page shows three; the rows carry every
 * digit). A whole number (a count) is kept whole, so that a tip never disagrees with the table.
 */
export function forDrawing(v: number | null): number | null {
  if (v === null || Number.isInteger(v)) return v;
  return Number(v.toPrecision(6));
}

/** The rows as points in columns, in the rows' order. */
export function funnelPointsOf(rows: readonly FunnelRowJson[]): FunnelPoints {
  return {
    code: rows.map((r) => r.code),
    name: rows.map((r) => r.name),
    denominator: rows.map((r) => forDrawing(r.denominator)),
    value: rows.map((r) => forDrawing(r.value)),
    flag_95: rows.map((r) => r.flag_95),
    flag_99_8: rows.map((r) => r.flag_99_8),
    not_computed: rows.map((r) => r.not_computed),
  };
}

/** The columns the funnel's table can be sorted by (the page's sortable columns). */
export const FUNNEL_SORTS = ['name', 'numerator', 'denominator', 'value', 'z_adjusted'] as const;
export type FunnelSort = (typeof FUNNEL_SORTS)[number];

/**
 * The rows for a table: sorted by one column, figures not computed (null) last whichever the order, ties in the
 * rows' own order; then at most `limit` of them.
 */
export function funnelTableRows<R extends FunnelRowJson>(
  rows: readonly R[],
  { sort, order, limit }: { sort?: FunnelSort; order: 'asc' | 'desc'; limit?: number },
): R[] {
  const sign = order === 'desc' ? -1 : 1;
  const sorted = sort
    ? [...rows].sort((a, b) => {
        const x = a[sort];
        const y = b[sort];
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return sign * (typeof x === 'string' ? x.localeCompare(y as string, 'en-GB') : x - (y as number));
      })
    : rows;
  // a new array either way (a limit left out keeps every row)
  return sorted.slice(0, limit);
}

/** A funnel needs counts for at least this many practices. */
export const MIN_FUNNEL_PRACTICES = 3;

/** Why an indicator has no funnel in any period: not a practice indicator, no counts, or too few practices with counts. */
export const NO_FUNNEL_REASONS = ['not_practices', 'not_counted', 'too_few_practices'] as const;
export type NoFunnelReason = (typeof NO_FUNNEL_REASONS)[number];

/**
 * What an indicator's catalogue entry already says about its funnel (null: it may have one in some period, ask). The
 * catalogue carries it, so that a page does not ask for a funnel that will be refused, nor repeat this rule.
 */
export function noFunnelReason(
  def: Pick<CatalogueEntry, 'orgType' | 'method' | 'practices'>,
): NoFunnelReason | null {
  if (def.orgType !== 'practice') return 'not_practices';
  if (!funnelTypeFor(def)) return 'not_counted';
  // the most practices with a usable value in any one period: fewer than a funnel needs means fewer with counts too
  if (def.practices < MIN_FUNNEL_PRACTICES) return 'too_few_practices';
  return null;
}

/**
 * Every period of an indicator, newest first, with how many practices have counts a funnel can use (a numerator
 * ≥ 0 over a positive denominator, and for a proportion no more than it): the same test as fitFunnel's. Counting
 * reads every value of the indicator, and every funnel and tier asks it first: kept for the data version.
 */
export async function countedPeriodsOf(
  db: Queryable,
  def: Pick<CatalogueEntry, 'code' | 'method'> & { numeratorKind?: string },
): Promise<CountedPeriodRow[]> {
  const proportion = funnelTypeFor(def) === 'proportion';
  return cachedForDataVersion(db, `counted-periods:${def.code}:${proportion}`, () =>
    countedPeriods(db, def.code, proportion),
  );
}

/** What fitFunnel answers: the funnel (or amount comparison) without the period and comparator it was asked for. */
export type FunnelFitAnswer = Omit<
  FunnelAnswer,
  'indicator' | 'definitionVersion' | 'periodStart' | 'periodEnd' | 'comparator' | 'area'
>;

/** Rows with counts a comparison can use: a numerator ≥ 0 over a positive denominator, and no quality flag. */
export const countedRows = (rows: InputRow[]) =>
  rows.filter(
    (r): r is InputRow & { numerator: number; denominator: number } =>
      r.numerator !== null &&
      r.denominator !== null &&
      r.denominator > 0 &&
      r.numerator >= 0 &&
      !r.qualityIssue,
  );

/** The practices left out because a value cannot be right, with the reason. */
const flaggedOf = (input: InputRow[]) =>
  input.flatMap((r) => (r.qualityIssue ? [{ code: r.code, name: r.name, reason: r.qualityIssue }] : []));

const flagOf = (f: number): 'high' | 'low' | '' => (f > 0 ? 'high' : f < 0 ? 'low' : '');

/**
 * What a comparison learned from every practice it compared, and all it needs to place any practice's counts
 * again: a funnel's fit (target, φ, τ², adjustment), or an amount's centre and spread on the log scale. Kept per
 * indicator and period by `lantern compute` (variation_computations); a practice's figures are derived from it
 * when asked for (placeAgainstFit), not stored.
 */
export type ComparisonFit =
  FunnelFit | (RobustCentre & { type: 'continuous'; multiplier: number; levels: readonly number[] });

/** The rows a comparison of this type can use (countedRows; for a proportion, no more events than cases). */
function usableRows(type: ComparisonType, input: InputRow[]) {
  const counted = countedRows(input);
  return type === 'proportion' ? counted.filter((r) => r.numerator <= r.denominator) : counted;
}

/** The funnel options every practice comparison uses (docs/methods.md). */
const funnelOptions = (type: FunnelType, multiplier: number) => ({
  type,
  overdispersion: 'additive' as const,
  winsorise: 0.1,
  levels: [...FUNNEL_LEVELS],
  multiplier,
  dispersion: 'consistent' as const,
});

const funnelMethod = (type: FunnelType, adjustment: string) =>
  `${type} funnel (Spiegelhalter 2005), ${adjustment === 'none' ? 'no overdispersion adjustment needed' : `${adjustment} overdispersion adjustment`} estimated from ${type === 'proportion' ? '10%-winsorised z-scores (the lowest and highest 10% set to the 10th and 90th centiles)' : 'z-scores with the lowest and highest 10% left out (SHMI truncation)'}, scaled to what that gives for normal z-scores so that φ estimates the real spread; limits at 95% and 99.8%`;

const amountMethod = (c: RobustCentre) =>
  `an amount, not a count of events: compared on the log scale with the median of ${c.k} practices (${Math.exp(c.centre).toPrecision(4)}) and a robust spread (1.4826 × the median absolute deviation = ${c.spread.toFixed(3)} on the log scale), so the comparison does not depend on the unit; limits at 95% and 99.8%, the same at every list size; values of 0 are not compared (no logarithm; for staff a 0 usually means no figure was returned); context, not tier evidence`;

/**
 * Fit the funnel over the given rows (those with a positive denominator), returning one row per practice.
 * Overdispersion: φ from the winsorised (proportions) or truncated (ratios, rates) z-scores, divided by what that
 * statistic is for standard normal z-scores, so that φ and τ² estimate the real spread (`dispersion:
 * 'consistent'`, docs/methods.md); the reference estimate runs at about half and narrows the limits.
 */
export function fitFunnel(
  def: Pick<CatalogueEntry, 'method' | 'multiplier'> & { numeratorKind?: string },
  input: InputRow[],
  /** observed ÷ expected counts instead of the indicator's own scale (case-mix adjusted view) */
  as?: { type: 'ratio'; multiplier: 1 },
): FunnelFitAnswer | null {
  const type = as?.type ?? funnelTypeFor(def);
  if (!type) return null;
  if (type === 'continuous') return compareAmounts(def, input);
  const usable = usableRows(type, input);
  if (usable.length < MIN_FUNNEL_PRACTICES) return null;
  const fit = computeFunnel(
    usable.map((r) => r.numerator),
    usable.map((r) => r.denominator),
    funnelOptions(type, as?.multiplier ?? def.multiplier),
  );
  const dens = usable.map((r) => r.denominator);
  return {
    type,
    multiplier: fit.multiplier,
    target: fit.target * fit.multiplier,
    phi: fit.phi,
    tau2: fit.tau2,
    adjustment: fit.adjustment,
    method: funnelMethod(type, fit.adjustment),
    excluded: input.length - usable.length,
    excludedForQuality: flaggedOf(input),
    rows: funnelRows(usable, fit),
    curves: limitCurves(fit, Math.min(...dens), Math.max(...dens)),
  };
}

/** What `lantern compute` keeps of a period's comparison: its fit and method, and how many practices it placed. */
export interface StoredComparison {
  fit: ComparisonFit;
  method: string;
  /** practices compared (the funnel's rows) */
  practices: number;
  /** of them, practices with a z-score (an amount of 0 or less has no logarithm) */
  results: number;
}

/**
 * The fit fitFunnel makes over these rows, without placing each practice (most of a funnel's work): the same
 * estimate from the same rows, so placeAgainstFit gives each practice exactly fitFunnel's figures.
 */
export function storedComparison(
  def: Pick<CatalogueEntry, 'method' | 'multiplier'> & { numeratorKind?: string },
  input: InputRow[],
): StoredComparison | null {
  const type = funnelTypeFor(def);
  if (!type) return null;
  if (type === 'continuous') {
    const usable = countedRows(input);
    const values = usable.map((r) => (r.numerator / r.denominator) * def.multiplier);
    const positive = values.filter((v) => v > 0).length;
    if (positive < MIN_FUNNEL_PRACTICES) return null;
    const c = robustCentre(values);
    return {
      fit: { type, ...c, multiplier: def.multiplier, levels: FUNNEL_LEVELS },
      method: amountMethod(c),
      practices: usable.length,
      results: c.k,
    };
  }
  const usable = usableRows(type, input);
  if (usable.length < MIN_FUNNEL_PRACTICES) return null;
  const fit = estimateFunnel(
    usable.map((r) => r.numerator),
    usable.map((r) => r.denominator),
    funnelOptions(type, def.multiplier),
  );
  return {
    fit,
    method: funnelMethod(type, fit.adjustment),
    practices: usable.length,
    // every z is finite or −∞ (a count of 0 on the log scale), except a rate whose target is 0: then 0 ÷ 0
    results: type === 'rate' && fit.target === 0 ? 0 : usable.length,
  };
}

/**
 * The figures of the practices among `input` that a comparison of the fit's type can use, placed against a fit
 * made before (a stored one): for the practices and counts it was made from, exactly the rows fitFunnel gave.
 */
export function placeAgainstFit(fit: ComparisonFit, input: InputRow[]): FunnelRow[] {
  const usable = usableRows(fit.type, input);
  if (fit.type === 'continuous') {
    const values = usable.map((r) => (r.numerator / r.denominator) * fit.multiplier);
    return amountRows(usable, values, compareWithCentre(values, fit, fit.levels));
  }
  const placed = evaluateFunnel(
    fit,
    usable.map((r) => r.numerator),
    usable.map((r) => r.denominator),
  );
  return funnelRows(usable, placed);
}

/** A practice's value, expected value and overdispersion-adjusted z against a fit: a point of its CUSUM. */
export interface PracticeZ {
  code: string;
  value: number;
  expected: number;
  z: number;
}

/**
 * placeAgainstFit's value, expected value and adjusted z of each practice the fit can judge (a z-score that cannot
 * be had, as for an amount of 0, leaves the practice out), without the p-values and limits a CUSUM does not use.
 */
export function zAgainstFit(fit: ComparisonFit, input: InputRow[]): PracticeZ[] {
  if (fit.type === 'continuous')
    return placeAgainstFit(fit, input)
      .filter((r) => !Number.isNaN(r.z))
      .map((r) => ({ code: r.code, value: r.value, expected: r.expected, z: r.z_adjusted }));
  const usable = usableRows(fit.type, input);
  const { value, z, zAdjusted } = evaluateZScores(
    fit,
    usable.map((r) => r.numerator),
    usable.map((r) => r.denominator),
  );
  const expected = fit.target * fit.multiplier;
  const out: PracticeZ[] = [];
  usable.forEach((r, j) => {
    if (!Number.isNaN(z[j]!)) out.push({ code: r.code, value: value[j]!, expected, z: zAdjusted[j]! });
  });
  return out;
}

type UsableRow = ReturnType<typeof countedRows>[number];

function funnelRows(usable: UsableRow[], fit: FunnelResult): FunnelRow[] {
  const expected = fit.target * fit.multiplier;
  // an input row is the practice, its area and its counts: kept as they are, the comparison added. Added onto the
  // fresh copy the rest pattern makes, not spread into a literal with more fields: V8 builds that literal by a slow
  // path (about 0.5 s per 6,500 rows, most of a national tier evaluation)
  return usable.map(({ qualityIssue: _flag, ...r }, j) =>
    Object.assign(r, {
      value: fit.value[j]!,
      expected,
      expected_events: r.denominator * fit.target,
      z: fit.z[j]!,
      z_adjusted: fit.zAdjusted[j]!,
      p: fit.p[j]!,
      lower_95: fit.lower[0]![j]!,
      upper_95: fit.upper[0]![j]!,
      lower_99_8: fit.lower[1]![j]!,
      upper_99_8: fit.upper[1]![j]!,
      flag_95: flagOf(fit.flag[0]![j]!),
      flag_99_8: flagOf(fit.flag[1]![j]!),
    }),
  );
}

function amountRows(usable: UsableRow[], values: number[], c: RobustLogComparison): FunnelRow[] {
  return usable.map(({ qualityIssue: _flag, ...r }, j) =>
    Object.assign(r, {
      value: values[j]!,
      expected: c.typical,
      expected_events: NaN,
      z: c.z[j]!,
      z_adjusted: c.z[j]!,
      p: c.p[j]!,
      lower_95: c.lower[0]!,
      upper_95: c.upper[0]!,
      lower_99_8: c.lower[1]!,
      upper_99_8: c.upper[1]!,
      flag_95: flagOf(c.flag[0]![j]!),
      flag_99_8: flagOf(c.flag[1]![j]!),
    }),
  );
}

/**
 * An amount (£, FTE, patients per FTE) compared across practices: z on the log scale against the median with a
 * robust spread (robustLogComparison). The limits are the same at every list size (an amount's spread does not
 * shrink with the count of patients the way a rate's sampling error does). A value of 0 or less is left out of
 * the estimate and not judged: for staff it usually means no figure was returned.
 */
function compareAmounts(def: Pick<CatalogueEntry, 'multiplier'>, input: InputRow[]): FunnelFitAnswer | null {
  const usable = countedRows(input);
  const values = usable.map((r) => (r.numerator / r.denominator) * def.multiplier);
  if (values.filter((v) => v > 0).length < MIN_FUNNEL_PRACTICES) return null;
  const c = robustLogComparison(values, FUNNEL_LEVELS);
  const dens = usable.map((r) => r.denominator);
  const [lo, hi] = [Math.min(...dens), Math.max(...dens)];
  return {
    type: 'continuous',
    excludedForQuality: flaggedOf(input),
    multiplier: def.multiplier,
    target: c.typical,
    phi: NaN,
    tau2: NaN,
    adjustment: 'none',
    method: amountMethod(c),
    excluded: input.length - usable.length,
    rows: amountRows(usable, values, c),
    curves: [lo, hi].map((denominator) => ({
      denominator,
      lower_95: c.lower[0]!,
      upper_95: c.upper[0]!,
      lower_99_8: c.lower[1]!,
      upper_99_8: c.upper[1]!,
    })),
  };
}

/** The limit lines at 60 denominators spread evenly on a log scale across the practices' range. */
function limitCurves(fit: FunnelFit, lo: number, hi: number): FunnelAnswer['curves'] {
  const a = Math.log(Math.max(lo, 1e-9));
  const b = Math.log(Math.max(hi, lo * 1.0001));
  const ns = Array.from({ length: 60 }, (_, i) => Math.exp(a + ((b - a) * i) / 59));
  const c = funnelCurves(fit, ns);
  return ns.map((denominator, i) => ({
    denominator,
    lower_95: c.lower[0]![i]!,
    upper_95: c.upper[0]![i]!,
    lower_99_8: c.lower[1]![i]!,
    upper_99_8: c.upper[1]![i]!,
  }));
}

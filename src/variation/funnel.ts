/**
 * Practice funnels for one indicator and period: the same computation as `lantern stats funnel` on the same
 * rows (computeFunnel, additive overdispersion from 10%-winsorised or truncated z-scores, 95% and 99.8% limits), over all practices in
 * England or over the practices of one area as they were in that period.
 */
import type { Queryable } from '../db/connect.js';
import type { CatalogueEntry } from '../db/repos/indicators.js';
import { computeFunnel, funnelCurves, type FunnelFit, type FunnelType } from '../stats/funnel.js';

export const FUNNEL_LEVELS = [0.95, 0.998] as const;

/** The funnel a method calls for: a proportion, or events per unit of exposure (items per STAR-PU is a rate). */
export function funnelTypeFor(def: Pick<CatalogueEntry, 'method'>): FunnelType | null {
  if (def.method === 'proportion') return 'proportion';
  if (def.method === 'rate' || def.method === 'ratio') return 'rate';
  return null;
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
  type: FunnelType;
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

function whyNotFinite(key: string, v: number, type: FunnelType): string {
  const shown = Number.isNaN(v) ? 'NaN' : v > 0 ? '+∞' : '−∞';
  if ((key === 'z' || key === 'z_adjusted') && v === -Infinity && type !== 'proportion')
    return `${key} = −∞: a count of 0 on a ${type} funnel, whose scale is ln(value), is infinitely far below the target, so no finite z-score exists; the flags compare the value with the limits`;
  if (key === 'p' && Number.isNaN(v)) return 'p is not computed: the adjusted z-score is not a finite number';
  return `${key} = ${shown}: not a finite number, so not computed`;
}

function finiteFields<T extends object>(
  o: T,
  keys: readonly string[],
  type: FunnelType,
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

/** One practice's counts for an indicator and period, with its CCG and ICB. */
export interface InputRow {
  code: string;
  name: string;
  ccg: string | null;
  icb: string | null;
  numerator: number | null;
  denominator: number | null;
  /** why the value cannot be right as published (src/domain/value-quality.ts): left out of the funnel */
  qualityIssue?: string | null;
}

/** Practices' current values for one indicator and period, with their CCG as it was then and its ICB (then, or the one it joined). */
export async function practiceValues(
  db: Queryable,
  indicator: string,
  periodStart: string,
): Promise<InputRow[]> {
  return (await practiceValuesFor(db, indicator, [periodStart])).get(periodStart) ?? [];
}

/** The practices' counts for several periods of one indicator in one query, by period start. */
export async function practiceValuesFor(
  db: Queryable,
  indicator: string,
  periodStarts: string[],
): Promise<Map<string, InputRow[]>> {
  const rows = await db.query<InputRow & { periodStart: string }>(
    `SELECT v.period_start AS "periodStart", v.org_code AS code, o.name, c.parent_code AS ccg, coalesce(i.parent_code, later.parent_code) AS icb, v.numerator, v.denominator, v.quality_issue AS "qualityIssue"
       FROM indicator_values v
       JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
       LEFT JOIN organisation_links c ON c.child_code = v.org_code AND c.relationship = 'practice_sub_icb'
            AND c.valid_from <= v.period_start AND (c.valid_to IS NULL OR c.valid_to > v.period_start)
       LEFT JOIN organisation_links i ON i.child_code = c.parent_code AND i.relationship = 'sub_icb_icb'
            AND i.valid_from <= v.period_start AND (i.valid_to IS NULL OR i.valid_to > v.period_start)
       -- before ICBs existed (July 2022) a CCG's practices belong to the ICB it later joined
       LEFT JOIN LATERAL (SELECT l.parent_code FROM organisation_links l WHERE l.child_code = c.parent_code
                             AND l.relationship = 'sub_icb_icb' ORDER BY l.valid_from DESC LIMIT 1) later ON true
      WHERE v.indicator_code = $1 AND v.period_start = ANY($2::date[]) AND v.current
      ORDER BY v.period_start, v.org_code`,
    [indicator, periodStarts],
  );
  const out = new Map<string, InputRow[]>(periodStarts.map((p) => [p, []]));
  for (const { periodStart, ...r } of rows) out.get(periodStart)?.push(r);
  return out;
}

export async function periodsOf(
  db: Queryable,
  indicator: string,
): Promise<Array<{ periodStart: string; periodEnd: string }>> {
  return db.query(
    `SELECT DISTINCT period_start AS "periodStart", period_end AS "periodEnd" FROM indicator_values
      WHERE indicator_code = $1 AND current ORDER BY period_start DESC`,
    [indicator],
  );
}

/** A funnel needs counts for at least this many practices. */
export const MIN_FUNNEL_PRACTICES = 3;

/**
 * Every period of an indicator, newest first, with how many practices have counts a funnel can use (a numerator
 * ≥ 0 over a positive denominator, and for a proportion no more than it): the same test as fitFunnel's.
 */
export async function countedPeriodsOf(
  db: Queryable,
  def: Pick<CatalogueEntry, 'code' | 'method'>,
): Promise<Array<{ periodStart: string; periodEnd: string; practices: number }>> {
  return db.query(
    `SELECT v.period_start AS "periodStart", v.period_end AS "periodEnd",
            (count(*) FILTER (WHERE o.code IS NOT NULL AND v.numerator >= 0 AND v.denominator > 0 AND v.quality_issue IS NULL
                                AND (NOT $2::boolean OR v.numerator <= v.denominator)))::int AS practices
       FROM indicator_values v
       LEFT JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
      WHERE v.indicator_code = $1 AND v.current
      GROUP BY v.period_start, v.period_end ORDER BY v.period_start DESC`,
    [def.code, funnelTypeFor(def) === 'proportion'],
  );
}

/** Fit the funnel over the given rows (those with a positive denominator), returning one row per practice. */
export function fitFunnel(
  def: Pick<CatalogueEntry, 'method' | 'multiplier'>,
  input: InputRow[],
  /** observed ÷ expected counts instead of the indicator's own scale (case-mix adjusted view) */
  as?: { type: 'ratio'; multiplier: 1 },
): Omit<
  FunnelAnswer,
  'indicator' | 'definitionVersion' | 'periodStart' | 'periodEnd' | 'comparator' | 'area'
> | null {
  const type = as?.type ?? funnelTypeFor(def);
  if (!type) return null;
  const multiplier = as?.multiplier ?? def.multiplier;
  const usable = input.filter(
    (r): r is InputRow & { numerator: number; denominator: number } =>
      r.numerator !== null &&
      r.denominator !== null &&
      r.denominator > 0 &&
      r.numerator >= 0 &&
      (type !== 'proportion' || r.numerator <= r.denominator) &&
      !r.qualityIssue,
  );
  if (usable.length < MIN_FUNNEL_PRACTICES) return null;
  const fit = computeFunnel(
    usable.map((r) => r.numerator),
    usable.map((r) => r.denominator),
    {
      type,
      overdispersion: 'additive',
      winsorise: 0.1,
      levels: [...FUNNEL_LEVELS],
      multiplier,
    },
  );
  const flag = (f: number): 'high' | 'low' | '' => (f > 0 ? 'high' : f < 0 ? 'low' : '');
  const expected = fit.target * fit.multiplier;
  const rows: FunnelRow[] = usable.map((r, j) => ({
    code: r.code,
    name: r.name,
    ccg: r.ccg,
    icb: r.icb,
    numerator: r.numerator,
    denominator: r.denominator,
    value: fit.value[j]!,
    expected,
    z: fit.z[j]!,
    z_adjusted: fit.zAdjusted[j]!,
    p: fit.p[j]!,
    lower_95: fit.lower[0]![j]!,
    upper_95: fit.upper[0]![j]!,
    lower_99_8: fit.lower[1]![j]!,
    upper_99_8: fit.upper[1]![j]!,
    flag_95: flag(fit.flag[0]![j]!),
    flag_99_8: flag(fit.flag[1]![j]!),
  }));
  const dens = usable.map((r) => r.denominator);
  return {
    type,
    multiplier: fit.multiplier,
    target: expected,
    phi: fit.phi,
    tau2: fit.tau2,
    adjustment: fit.adjustment,
    method: `${type} funnel (Spiegelhalter 2005), ${fit.adjustment === 'none' ? 'no overdispersion adjustment needed' : `${fit.adjustment} overdispersion adjustment`} estimated from ${type === 'proportion' ? '10%-winsorised z-scores (the lowest and highest 10% set to the 10th and 90th centiles)' : 'z-scores with the lowest and highest 10% left out (SHMI truncation)'}; limits at 95% and 99.8%`,
    excluded: input.length - usable.length,
    excludedForQuality: input.flatMap((r) =>
      r.qualityIssue ? [{ code: r.code, name: r.name, reason: r.qualityIssue }] : [],
    ),
    rows,
    curves: limitCurves(fit, Math.min(...dens), Math.max(...dens)),
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

/**
 * Stored funnel results (`lantern compute`): one row per practice, indicator and period (variation_results), and
 * per indicator and period what was computed from what (variation_computations: the method, the definition version
 * and a fingerprint of the inputs).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { variationComputations, variationResults } from '../schema.js';
import { copyRows } from '../copy.js';

export interface InputFingerprintRow {
  periodStart: string;
  /** md5 over the practices' current counts in code order */
  inputs: string;
}

/**
 * Each period's fingerprint of an indicator's inputs: md5 over the practices' current counts in code order
 * (computed in the database); a value flagged for quality carries a mark, so flagging it changes the fingerprint.
 */
export function inputFingerprints(db: Queryable, indicator: string): Promise<InputFingerprintRow[]> {
  return db.query<InputFingerprintRow>(
    `SELECT v.period_start AS "periodStart",
            md5(string_agg(v.org_code || ':' || coalesce(v.numerator::text, '') || '/' || coalesce(v.denominator::text, '') || CASE WHEN v.quality_issue IS NULL THEN '' ELSE '!' END, ',' ORDER BY v.org_code)) AS inputs
       FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
      WHERE v.indicator_code = $1 AND v.current
      GROUP BY v.period_start ORDER BY v.period_start`,
    [indicator],
  );
}

export interface ComputationRow {
  periodStart: string;
  inputs: string;
  /** the definition version computed */
  version: number;
}

/** What is stored as computed for an indicator, per period. */
export function storedComputations(db: Queryable, indicator: string): Promise<ComputationRow[]> {
  const c = variationComputations;
  return orm(db)
    .select({ periodStart: c.periodStart, inputs: c.inputs, version: c.definitionVersion })
    .from(c)
    .where(eq(c.indicatorCode, indicator));
}

/** Forget a period's results and its computation (call inside a transaction: both go, or neither). */
export async function removeComputedPeriod(
  tx: Queryable,
  indicator: string,
  periodStart: string,
): Promise<void> {
  const r = variationResults;
  const c = variationComputations;
  await orm(tx)
    .delete(r)
    .where(and(eq(r.indicatorCode, indicator), eq(r.periodStart, periodStart)));
  await orm(tx)
    .delete(c)
    .where(and(eq(c.indicatorCode, indicator), eq(c.periodStart, periodStart)));
}

/** One practice's figures in a period's funnel, as stored (a FunnelRow, src/variation/funnel.ts, is one). */
export interface ResultFigures {
  code: string;
  numerator: number;
  denominator: number;
  value: number;
  expected: number;
  z: number;
  z_adjusted: number;
  lower_95: number;
  upper_95: number;
  lower_99_8: number;
  upper_99_8: number;
  flag_95: string;
  flag_99_8: string;
  p: number;
}

const RESULT_COLUMNS = [
  'indicator_code',
  'period_start',
  'org_code',
  'numerator',
  'denominator',
  'value',
  'expected',
  'z',
  'z_adjusted',
  'lower_95',
  'upper_95',
  'lower_99_8',
  'upper_99_8',
  'flag_95',
  'flag_99_8',
  'p',
];

/**
 * Replace an indicator's results for these periods with `rows` (each a period start and a practice's figures),
 * written by COPY (a year of national results is about 80,000 rows: raw SQL and COPY, not the query builder). Call inside a transaction, so that the periods are replaced whole or not at all.
 */
export async function replaceResults(
  tx: Queryable,
  indicator: string,
  periodStarts: string[],
  rows: ReadonlyArray<readonly [periodStart: string, figures: ResultFigures]>,
): Promise<void> {
  await tx.query(
    `DELETE FROM variation_results WHERE indicator_code = $1 AND period_start = ANY($2::date[])`,
    [indicator, periodStarts],
  );
  await copyRows(tx, 'variation_results', RESULT_COLUMNS, rows.length, (i) => {
    const [periodStart, r] = rows[i]!;
    return [
      indicator,
      periodStart,
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
    ];
  });
}

/** What a period's results were computed from; `inputs` is the fingerprint (inputFingerprints). */
export type Computation = typeof variationComputations.$inferInsert;

/** Record what a period's results were computed from (replacing what was recorded before). */
export async function saveComputation(tx: Queryable, c: Computation): Promise<void> {
  const { indicatorCode: _i, periodStart: _p, ...rest } = c;
  await orm(tx)
    .insert(variationComputations)
    .values(c)
    .onConflictDoUpdate({
      target: [variationComputations.indicatorCode, variationComputations.periodStart],
      set: rest,
    });
}

export interface PracticeFlagRow {
  code: string;
  /** 'high', 'low' or '' */
  flag95: string;
  flag998: string;
  expected: number;
}

/** A practice's stored flags for each (indicator, period) pair that has results. */
export function practiceFlagsAt(
  db: Queryable,
  practice: string,
  codes: string[],
  periods: string[],
): Promise<PracticeFlagRow[]> {
  return db.query<PracticeFlagRow>(
    `SELECT r.indicator_code AS code, r.flag_95 AS flag95, r.flag_99_8 AS flag998, r.expected
       FROM unnest($1::text[], $2::date[]) AS w(code, period)
       JOIN variation_results r ON r.indicator_code = w.code AND r.period_start = w.period AND r.org_code = $3`,
    [codes, periods, practice],
  );
}

export interface PracticeZRow {
  indicator: string;
  periodStart: string;
  value: number;
  expected: number;
  /** the overdispersion-adjusted z-score */
  z: number;
}

/** Every stored result of a practice, by indicator and period. */
export function practiceResultSeries(db: Queryable, practice: string): Promise<PracticeZRow[]> {
  const r = variationResults;
  return orm(db)
    .select({
      indicator: r.indicatorCode,
      periodStart: r.periodStart,
      value: r.value,
      expected: r.expected,
      z: r.zAdjusted,
    })
    .from(r)
    .where(eq(r.orgCode, practice))
    .orderBy(asc(r.indicatorCode), asc(r.periodStart));
}

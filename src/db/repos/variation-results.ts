/**
 * Stored funnel results (`lantern compute`): one row per practice, indicator and period (variation_results), and
 * per indicator and period what was computed from what (variation_computations: the method, the definition version
 * and the number of the last change to the inputs, from indicator_period_changes).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { variationComputations, variationResults } from '../schema.js';
import { csvChunks } from '../copy.js';

export interface PeriodChangeRow {
  indicator: string;
  periodStart: string;
  /** the number of the last change to the period's inputs (indicator_period_changes, kept by triggers) */
  change: number;
  /** what the stored computation was computed from, when there is one */
  computedChange: number | null;
  computedVersion: number | null;
  /** practices in the stored computation (0 when none was stored) */
  computedPractices: number;
  stored: boolean;
}

/**
 * Every period of these indicators with the number of its last input change beside what its stored computation
 * was computed from: one read of two small tables (a row per indicator and period) tells what changed.
 */
export function periodChanges(db: Queryable, indicators: string[]): Promise<PeriodChangeRow[]> {
  return db.query<PeriodChangeRow>(
    `SELECT c.indicator_code AS indicator, c.period_start AS "periodStart", c.change,
            s.change AS "computedChange", s.definition_version AS "computedVersion",
            coalesce(s.practices, 0) AS "computedPractices", s.indicator_code IS NOT NULL AS stored
       FROM indicator_period_changes c
       LEFT JOIN variation_computations s ON s.indicator_code = c.indicator_code AND s.period_start = c.period_start
      WHERE c.indicator_code = ANY($1::text[])
      ORDER BY c.indicator_code, c.period_start`,
    [indicators],
  );
}

/** Practices' current counts for periods of one indicator, column by column: what a stored funnel is fitted on. */
export interface PeriodCounts {
  periodStart: string;
  codes: string[];
  numerators: Array<number | null>;
  denominators: Array<number | null>;
  qualityIssues: Array<string | null>;
}

/**
 * The practices' counts for several periods of one indicator in one query, in practice-code order (the order the
 * funnel pages read them in, so the pooled target is summed the same way), without names or areas (a stored result
 * needs neither).
 */
export async function practiceCountsFor(
  db: Queryable,
  indicator: string,
  periodStarts: string[],
): Promise<PeriodCounts[]> {
  const rows = await db.queryArrays(
    `SELECT v.period_start, v.org_code, v.numerator, v.denominator, v.quality_issue
       FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
      WHERE v.indicator_code = $1 AND v.period_start = ANY($2::date[]) AND v.current
      ORDER BY v.period_start, v.org_code`,
    [indicator, periodStarts],
  );
  const out = new Map<string, PeriodCounts>(
    periodStarts.map((p) => [
      p,
      { periodStart: p, codes: [], numerators: [], denominators: [], qualityIssues: [] },
    ]),
  );
  for (const [period, code, numerator, denominator, quality] of rows) {
    const c = out.get(period as string);
    if (!c) continue;
    c.codes.push(code as string);
    c.numerators.push(numerator as number | null);
    c.denominators.push(denominator as number | null);
    c.qualityIssues.push(quality as string | null);
  }
  return [...out.values()];
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
 * written by COPY. Call inside a transaction, so that the periods are replaced whole or not at all.
 */
export async function replaceResults(
  tx: Queryable,
  indicator: string,
  periodStarts: string[],
  rows: ReadonlyArray<readonly [periodStart: string, figures: ResultFigures]>,
): Promise<void> {
  const csv = csvChunks(rows.length, (i) => {
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
  await replaceResultsCsv(tx, indicator, periodStarts, csv);
}

/**
 * Replace an indicator's results for these periods with rows already written as CSV, one row per practice in the
 * order indicator, period, practice code, numerator, denominator, value, expected, z, adjusted z, the 95% and 99.8%
 * limits (lower, upper), the 95% and 99.8% flags and p (src/variation/stored-fit.ts writes them, in a worker thread
 * at national scale). Call inside a transaction.
 */
export async function replaceResultsCsv(
  tx: Queryable,
  indicator: string,
  periodStarts: string[],
  csv: Iterable<string>,
): Promise<void> {
  await tx.query(
    `DELETE FROM variation_results WHERE indicator_code = $1 AND period_start = ANY($2::date[])`,
    [indicator, periodStarts],
  );
  const chunks = [...csv];
  if (chunks.length) await tx.copyCsv('variation_results', RESULT_COLUMNS, chunks);
}

/** What a period's results were computed from: the method, the definition version and the change number. */
export type Computation = typeof variationComputations.$inferInsert;

/** Record what periods' results were computed from (replacing what was recorded before), in one statement. */
export async function saveComputations(tx: Queryable, rows: Computation[]): Promise<void> {
  if (!rows.length) return;
  const c = variationComputations;
  await orm(tx)
    .insert(c)
    .values(rows)
    .onConflictDoUpdate({
      target: [c.indicatorCode, c.periodStart],
      set: {
        definitionVersion: sql`excluded.definition_version`,
        method: sql`excluded.method`,
        practices: sql`excluded.practices`,
        phi: sql`excluded.phi`,
        tau2: sql`excluded.tau2`,
        computedAt: sql`excluded.computed_at`,
        change: sql`excluded.change`,
      },
    });
}

/** What is stored as computed for an indicator, per period. */
export function storedComputations(
  db: Queryable,
  indicator: string,
): Promise<Array<{ periodStart: string; change: number | null; version: number }>> {
  const c = variationComputations;
  return orm(db)
    .select({ periodStart: c.periodStart, change: c.change, version: c.definitionVersion })
    .from(c)
    .where(eq(c.indicatorCode, indicator));
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

/**
 * Fresh statistics after a large compute: the alerts' CUSUM reads every practice's series from variation_results,
 * and a server that has not yet analysed the rows just written plans that read as a loop over the primary key
 * (minutes at national scale, with autovacuum off or behind).
 */
export async function analyzeResults(db: Queryable): Promise<void> {
  await db.query('ANALYZE variation_results');
  await db.query('ANALYZE variation_computations');
}

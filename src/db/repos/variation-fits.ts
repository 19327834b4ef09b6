/**
 * Stored funnels (`lantern compute`): per indicator and period, the fit over every practice (variation_computations:
 * the fit, the method, the definition version and the number of the last change to the inputs it was made from,
 * from indicator_period_changes). A practice's figures are derived from the current fit and its counts when asked
 * for (src/variation/stored-results.ts); none is stored per practice.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { variationComputations } from '../schema.js';

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

/** Practices' current counts for periods of one indicator, column by column. */
export interface PeriodCounts {
  periodStart: string;
  codes: string[];
  numerators: Array<number | null>;
  denominators: Array<number | null>;
  qualityIssues: Array<string | null>;
}

/**
 * The practices' counts for several periods of one indicator in one query, in practice-code order (the order the
 * funnel pages read them in), without names or areas: what each practice's figures are derived from.
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

/**
 * A value (`v`) with counts a comparison can use, as countedRows (src/variation/funnel.ts) tests them: a numerator ≥ 0
 * over a positive denominator, neither NaN (which PostgreSQL sorts above every number), and no quality issue.
 */
export const COUNTABLE_VALUE = `v.numerator IS NOT NULL AND v.denominator > 0 AND v.numerator >= 0
    AND v.numerator <> 'NaN' AND v.denominator <> 'NaN' AND coalesce(v.quality_issue, '') = ''`;

/** What a period's fit is made from: its practices' countable counts, and how many practices it has values for. */
export interface FitInputs {
  periodStart: string;
  /** practices with a current value in the period at all */
  inputs: number;
  /** the counts a comparison can use (countedRows, src/variation/funnel.ts), in practice-code order */
  numerators: number[];
  denominators: number[];
}

/**
 * The inputs of several periods' fits of one indicator in one query: per period, the countable counts (a numerator
 * ≥ 0 over a positive denominator, no quality issue: the rows countedRows keeps, in the same practice-code order, so
 * the pooled target is summed as the funnel pages sum it) as one text list each. Nothing else is sent: no codes, no
 * row per practice (sending 6,500 rows a period cost more than the fit).
 */
export async function fitInputsFor(
  db: Queryable,
  indicator: string,
  periodStarts: string[],
  /** every practice's code (practiceCodes): only practices' values make a practice indicator's funnel */
  practices: PracticeCodes,
): Promise<FitInputs[]> {
  const usable = COUNTABLE_VALUE;
  // one aggregate per period (a lateral join), not one grouped over all: each period's few thousand rows are
  // sorted alone, 40 against 60 ms for twelve national months. Each count pair is one item of one ordered list, so
  // the rows are sorted once, not once per list: 10.5 → 7.3 ms a period of 6,500 practices. The practices are a list given
  // with the query, which PostgreSQL looks each value up in by hash, not a join with the organisations (20% less).
  const rows = await db.queryArrays(
    `SELECT p.start, s.n, s.pairs
       FROM unnest($2::date[]) AS p(start)
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS n,
                string_agg(v.numerator::text || ',' || v.denominator::text, ',' ORDER BY v.org_code)
                  FILTER (WHERE ${usable}) AS pairs
           FROM indicator_values v
          WHERE v.indicator_code = $1 AND v.period_start = p.start AND v.current AND v.org_code = ANY($3::text[])) s`,
    [indicator, periodStarts, practices.literal],
  );
  const byPeriod = new Map(rows.map((r) => [r[0] as string, r]));
  return periodStarts.map((periodStart) => {
    const r = byPeriod.get(periodStart);
    const { numerators, denominators } = countPairs((r?.[2] ?? null) as string | null);
    return { periodStart, inputs: (r?.[1] as number | undefined) ?? 0, numerators, denominators };
  });
}

/** Every practice's code as one array literal, written once for all of a compute's reads. */
export interface PracticeCodes {
  literal: string;
}

/**
 * Every practice's code, for fitInputsFor, written as an array literal by the database itself (so quoted as it reads
 * it). Given as a list, the driver wrote the 6,500 codes out again for each of a national compute's 1,000 reads
 * (3 s of its main thread); the literal is written once.
 */
export async function practiceCodes(db: Queryable): Promise<PracticeCodes> {
  const [row] = await db.queryArrays(
    `SELECT coalesce(array_agg(code)::text, '{}') FROM organisations WHERE type = 'practice'`,
  );
  return { literal: row![0] as string };
}

/**
 * "n₁,d₁,n₂,d₂,…" as its numerators and denominators, each item read as Number reads it. Counts are whole numbers
 * of a few digits: those are read digit by digit without making a string of each (splitting and reading a national
 * compute's 160 million items was 15% of its time); any other item (a fraction, an exponent, Infinity, more than
 * 15 digits) goes to Number.
 */
export function countPairs(list: string | null): { numerators: number[]; denominators: number[] } {
  const numerators: number[] = [];
  const denominators: number[] = [];
  if (list === null) return { numerators, denominators };
  let into = numerators;
  let start = 0;
  while (start <= list.length) {
    let end = start;
    let n = 0;
    let whole = true;
    for (; end < list.length; end++) {
      const c = list.charCodeAt(end);
      if (c === 44) break; // ','
      if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
      else whole = false;
    }
    into.push(whole && end > start && end - start <= 15 ? n : Number(list.slice(start, end)));
    into = into === numerators ? denominators : numerators;
    start = end + 1;
  }
  return { numerators, denominators };
}

/** Forget a period's stored fit. */
export async function removeComputedPeriod(
  tx: Queryable,
  indicator: string,
  periodStart: string,
): Promise<void> {
  const c = variationComputations;
  await orm(tx)
    .delete(c)
    .where(and(eq(c.indicatorCode, indicator), eq(c.periodStart, periodStart)));
}

/** A period's stored fit and what it was computed from: the method, the definition version and the change number. */
export type Computation = typeof variationComputations.$inferInsert;

/** Store periods' fits (replacing what was stored before), in one statement. */
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
        fitType: sql`excluded.fit_type`,
        target: sql`excluded.target`,
        multiplier: sql`excluded.multiplier`,
        adjustment: sql`excluded.adjustment`,
        k: sql`excluded.k`,
        centre: sql`excluded.centre`,
        spread: sql`excluded.spread`,
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

/** A stored fit as its columns (fitOfRow, src/variation/stored-results.ts, makes it a ComparisonFit again). */
export interface FitRow {
  indicator: string;
  periodStart: string;
  fitType: string;
  target: number | null;
  multiplier: number;
  adjustment: string | null;
  k: number;
  phi: number | null;
  tau2: number | null;
  centre: number | null;
  spread: number | null;
  /** the period's change number the fit was made at (as text: a bigint) */
  change: string;
}

/**
 * The stored fits that are current: made from the period's inputs as they are now (the change number recorded
 * equals the period's last change) and from at least MIN_FUNNEL_PRACTICES practices. A fit older than its inputs is
 * left out, so a practice's new counts are never read against a funnel that did not include them. Optionally only
 * some indicators, or some (indicator, period) pairs.
 */
export function currentFits(
  db: Queryable,
  which: { indicators?: string[]; pairs?: Array<[indicator: string, periodStart: string]> } = {},
): Promise<FitRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (which.indicators) {
    params.push(which.indicators);
    where.push(`c.indicator_code = ANY($${params.length}::text[])`);
  }
  if (which.pairs) {
    params.push(
      which.pairs.map((p) => p[0]),
      which.pairs.map((p) => p[1]),
    );
    where.push(
      `(c.indicator_code, c.period_start) IN (SELECT * FROM unnest($${params.length - 1}::text[], $${params.length}::date[]))`,
    );
  }
  return db.query<FitRow>(
    `SELECT c.indicator_code AS indicator, c.period_start AS "periodStart", c.fit_type AS "fitType", c.target,
            c.multiplier, c.adjustment, c.k, c.phi, c.tau2, c.centre, c.spread, c.change::text AS change
       FROM variation_computations c
       JOIN indicator_period_changes pc ON pc.indicator_code = c.indicator_code AND pc.period_start = c.period_start
      WHERE c.fit_type IS NOT NULL AND c.change = pc.change ${where.map((w) => `AND ${w}`).join(' ')}
      ORDER BY c.indicator_code, c.period_start`,
    params,
  );
}

/** One practice's current counts, by indicator and period: what its figures against stored fits are derived from. */
export interface PracticeCountRow {
  indicator: string;
  periodStart: string;
  numerator: number | null;
  denominator: number | null;
  qualityIssue: string | null;
}

/** A practice's current counts (of these indicators, or all), in indicator and period order. */
export function practiceCountsOf(
  db: Queryable,
  practice: string,
  indicators?: string[],
): Promise<PracticeCountRow[]> {
  return db.query<PracticeCountRow>(
    `SELECT v.indicator_code AS indicator, v.period_start AS "periodStart", v.numerator, v.denominator,
            v.quality_issue AS "qualityIssue"
       FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
      WHERE v.org_code = $1 AND v.current ${indicators ? 'AND v.indicator_code = ANY($2::text[])' : ''}
      ORDER BY v.indicator_code, v.period_start`,
    indicators ? [practice, indicators] : [practice],
  );
}

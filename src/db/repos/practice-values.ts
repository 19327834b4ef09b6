/**
 * Practices' current indicator values as the variation views read them: each practice's counts with its CCG and ICB
 * as they were in the period (funnels), how many practices have counts per period, and the spread of practices'
 * values (deciles over time, a spine chart's quartiles).
 */
import type { Queryable } from '../connect.js';
import { COUNTABLE_VALUE } from './variation-fits.js';

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
  const byIndicator = await practiceValuesForMany(db, [{ indicator, periodStarts }]);
  return byIndicator.get(indicator)!;
}

/**
 * The practices' counts for several indicators, each for its own periods: by indicator, then by period start, each
 * period's rows in practice-code order, with the practice's CCG as it was in the period and its ICB (then, or the one
 * the CCG later joined). Two reads, joined here: each practice's name and areas once per period asked for, and the
 * counts alone. Read as one query, every count carried its practice's name and areas and was sorted with them: at
 * 6,500 × 20 × 120, 650,000 rows sorted on disk (3 s of the query's 4.9 s) and sent with 25 more bytes each.
 */
export async function practiceValuesForMany(
  db: Queryable,
  wanted: Array<{ indicator: string; periodStarts: string[] }>,
): Promise<Map<string, Map<string, InputRow[]>>> {
  const pairs = [
    ...new Set(wanted.flatMap((w) => w.periodStarts.map((p) => JSON.stringify([w.indicator, p])))),
  ].map((k) => JSON.parse(k) as [indicator: string, periodStart: string]);
  const out = new Map(
    wanted.map((w) => [w.indicator, new Map<string, InputRow[]>(w.periodStarts.map((p) => [p, []]))]),
  );
  if (pairs.length === 0) return out;
  const areas = await practiceAreas(db, [...new Set(pairs.map(([, p]) => p))]);
  // each (indicator, period) read through the index on its own, in practice-code order (a lateral the planner may
  // not flatten, OFFSET 0: joined as a whole, it read every value of every indicator, 15.7 M to keep 650,000); the
  // pair is named by its place in the list asked
  const rows = await db.queryArrays(
    `SELECT w.i::int, v.org_code, v.numerator, v.denominator, v.quality_issue
       FROM unnest($1::text[], $2::date[]) WITH ORDINALITY AS w(code, period, i)
      CROSS JOIN LATERAL (
        SELECT x.org_code, x.numerator, x.denominator, x.quality_issue FROM indicator_values x
         WHERE x.indicator_code = w.code AND x.period_start = w.period AND x.current
         ORDER BY x.org_code OFFSET 0) v`,
    [pairs.map(([c]) => c), pairs.map(([, p]) => p)],
  );
  const buckets = pairs.map(([indicator, period]) => out.get(indicator)!.get(period)!);
  for (const [i, code, numerator, denominator, qualityIssue] of rows) {
    const n = (i as number) - 1;
    const area = areas.get(pairs[n]![1])!.get(code as string);
    // only practices: a value of another kind of organisation has no area here
    if (!area) continue;
    buckets[n]!.push({
      code: code as string,
      name: area.name,
      ccg: area.ccg,
      icb: area.icb,
      numerator: numerator as number | null,
      denominator: denominator as number | null,
      qualityIssue: qualityIssue as string | null,
    });
  }
  // each pair's rows come in practice-code order from its lateral; sorted here only should that ever not hold
  for (const b of buckets)
    if (b.some((r, j) => j > 0 && b[j - 1]!.code > r.code)) b.sort((a, z) => (a.code < z.code ? -1 : 1));
  return out;
}

interface PracticeArea {
  name: string;
  ccg: string | null;
  icb: string | null;
}

/**
 * Every practice's name, CCG as it was at each period start and ICB (then, or the one the CCG later joined), by
 * period start then practice code.
 */
async function practiceAreas(
  db: Queryable,
  periods: string[],
): Promise<Map<string, Map<string, PracticeArea>>> {
  const rows = await db.queryArrays(
    `WITH area AS MATERIALIZED (
            SELECT p.code, p.name, d.period, d.j, c.parent_code AS ccg, i.parent_code AS icb
              FROM organisations p CROSS JOIN unnest($1::date[]) WITH ORDINALITY AS d(period, j)
              LEFT JOIN organisation_links c ON c.child_code = p.code AND c.relationship = 'practice_sub_icb'
                   AND c.valid_from <= d.period AND (c.valid_to IS NULL OR c.valid_to > d.period)
              LEFT JOIN organisation_links i ON i.child_code = c.parent_code AND i.relationship = 'sub_icb_icb'
                   AND i.valid_from <= d.period AND (i.valid_to IS NULL OR i.valid_to > d.period)
             WHERE p.type = 'practice'),
          -- before ICBs existed (July 2022) a CCG's practices belong to the ICB it later joined
          later AS MATERIALIZED (
            SELECT DISTINCT ON (l.child_code) l.child_code, l.parent_code FROM organisation_links l
             WHERE l.relationship = 'sub_icb_icb' AND l.child_code IN (SELECT ccg FROM area)
             ORDER BY l.child_code, l.valid_from DESC)
     SELECT a.j::int, a.code, a.name, a.ccg, coalesce(a.icb, later.parent_code)
       FROM area a LEFT JOIN later ON later.child_code = a.ccg`,
    [periods],
  );
  const byPeriod = periods.map(() => new Map<string, PracticeArea>());
  // one object per practice and period (named by its place in the list)
  for (const [j, code, name, ccg, icb] of rows)
    byPeriod[(j as number) - 1]!.set(code as string, {
      name: name as string,
      ccg: ccg as string | null,
      icb: icb as string | null,
    });
  return new Map(periods.map((p, j) => [p, byPeriod[j]!]));
}

export interface CountedPeriodRow {
  periodStart: string;
  periodEnd: string;
  /** practices with counts a funnel can use */
  practices: number;
}

/**
 * Every period of an indicator with a current value, newest first, with how many practices have counts a funnel can
 * use (COUNTABLE_VALUE, and for a proportion a numerator no more than the denominator). A period whose stored fit is
 * current (made from the period's inputs as they are now, by the same rule: a proportion's fit for a proportion)
 * answers from the number of practices it was made from; only the others are counted from their values. Counting
 * every period read every value of the indicator, 786,000 at national scale and up to 4 s, for each indicator of a
 * tier evaluation. A period is named by its start; its end is the one its values give.
 */
export function countedPeriods(
  db: Queryable,
  indicator: string,
  proportion: boolean,
): Promise<CountedPeriodRow[]> {
  return db.query<CountedPeriodRow>(
    `SELECT pc.period_start AS "periodStart", e.period_end AS "periodEnd",
            CASE WHEN s.fit_type IS NOT NULL AND s.change = pc.change AND (s.fit_type = 'proportion') = $2::boolean
                 THEN s.practices
                 ELSE (SELECT count(*)::int
                         FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
                        WHERE v.indicator_code = $1 AND v.period_start = pc.period_start AND v.current
                          AND ${COUNTABLE_VALUE} AND (NOT $2::boolean OR v.numerator <= v.denominator))
            END AS practices
       FROM indicator_period_changes pc
       CROSS JOIN LATERAL (SELECT v.period_end FROM indicator_values v
                            WHERE v.indicator_code = $1 AND v.period_start = pc.period_start AND v.current
                            LIMIT 1) e
       LEFT JOIN variation_computations s ON s.indicator_code = pc.indicator_code AND s.period_start = pc.period_start
      WHERE pc.indicator_code = $1
      ORDER BY pc.period_start DESC`,
    [indicator, proportion],
  );
}

export interface PeriodQuantilesRow {
  periodStart: string;
  practices: number;
  /** percentile_cont at each fraction asked for, in order */
  deciles: number[];
}

/**
 * For each period, the quantiles (percentile_cont at `fractions`) of every practice's value in England, or in an
 * area (a CCG or ICB) as it was then: the practices' CCG links at the period, and the ICB each CCG joined.
 */
export function practiceQuantilesOverTime(
  db: Queryable,
  indicator: string,
  area: string | null,
  fractions: number[],
): Promise<PeriodQuantilesRow[]> {
  return db.query<PeriodQuantilesRow>(
    `SELECT v.period_start AS "periodStart", count(*)::int AS practices,
            percentile_cont($3::float8[]) WITHIN GROUP (ORDER BY v.value) AS deciles
       FROM indicator_values v
       JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
       LEFT JOIN organisation_links c ON c.child_code = v.org_code AND c.relationship = 'practice_sub_icb'
            AND c.valid_from <= v.period_start AND (c.valid_to IS NULL OR c.valid_to > v.period_start)
       LEFT JOIN LATERAL (SELECT l.parent_code FROM organisation_links l WHERE l.child_code = c.parent_code
                             AND l.relationship = 'sub_icb_icb' ORDER BY l.valid_from DESC LIMIT 1) icb ON true
      WHERE v.indicator_code = $1 AND v.current AND v.value IS NOT NULL
        AND ($2::text IS NULL OR c.parent_code = $2 OR icb.parent_code = $2)
      GROUP BY v.period_start ORDER BY v.period_start`,
    [indicator, area, fractions],
  );
}

/** The spread of every practice's value of one indicator in one period. */
export interface ValueSpread {
  code: string;
  practices: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}

/**
 * The spread of practices' values for each (indicator, period) pair, leaving out values flagged for quality. One
 * sort per indicator gives all three quartiles; the practices are hashed once rather than looked up row by row (the
 * planner cannot estimate the unnest and chose a quarter of a million index lookups, most of the time of a practice
 * page).
 */
export async function practiceSpreads(
  db: Queryable,
  codes: string[],
  periods: string[],
): Promise<ValueSpread[]> {
  const rows = await db.query<Omit<ValueSpread, 'p25' | 'median' | 'p75'> & { q: number[] }>(
    `WITH w AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::date[]) AS w(code, period)),
          p AS MATERIALIZED (SELECT code FROM organisations WHERE type = 'practice')
     SELECT v.indicator_code AS code, count(*)::int AS practices, min(v.value) AS min,
            percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY v.value) AS q, max(v.value) AS max
       FROM w
       JOIN indicator_values v ON v.indicator_code = w.code AND v.period_start = w.period AND v.current
            AND v.value IS NOT NULL AND v.quality_issue IS NULL
      WHERE v.org_code IN (SELECT code FROM p)
      GROUP BY v.indicator_code`,
    [codes, periods],
  );
  return rows.map(({ q, ...r }) => ({ ...r, p25: q[0]!, median: q[1]!, p75: q[2]! }));
}

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
 * The practices' counts for several indicators, each for its own periods, in one query: by indicator, then by
 * period start, each period's rows in practice-code order, with the practice's CCG as it was in the period and its
 * ICB (then, or the one the CCG later joined). A practice's CCG and ICB are
 * looked up once per practice and period (not once per value of each indicator), and the ICB a CCG later joined
 * once per CCG: a national tier evaluation reads ten indicators' windows at the cost of about one.
 */
export async function practiceValuesForMany(
  db: Queryable,
  wanted: Array<{ indicator: string; periodStarts: string[] }>,
): Promise<Map<string, Map<string, InputRow[]>>> {
  const pairs = wanted.flatMap((w) => w.periodStarts.map((p) => [w.indicator, p] as const));
  const out = new Map(
    wanted.map((w) => [w.indicator, new Map<string, InputRow[]>(w.periodStarts.map((p) => [p, []]))]),
  );
  if (pairs.length === 0) return out;
  const rows = await db.query<InputRow & { indicator: string; periodStart: string }>(
    `WITH w AS MATERIALIZED (SELECT DISTINCT code, period FROM unnest($1::text[], $2::date[]) AS w(code, period)),
          -- each (indicator, period) read through the index on its own (a lateral the planner may not flatten:
          -- OFFSET 0): joined as a whole, the planner read every value of every indicator, 15.7 M to keep 650,000
          v AS MATERIALIZED (
            SELECT v.indicator_code, v.period_start, v.org_code, v.numerator, v.denominator, v.quality_issue
              FROM w CROSS JOIN LATERAL (
                SELECT x.indicator_code, x.period_start, x.org_code, x.numerator, x.denominator, x.quality_issue
                  FROM indicator_values x WHERE x.indicator_code = w.code AND x.period_start = w.period AND x.current
                OFFSET 0) v),
          p AS MATERIALIZED (SELECT code, name FROM organisations WHERE type = 'practice'),
          -- every practice in every period asked for: made from the few periods, not by grouping every value read
          per AS MATERIALIZED (SELECT p.code AS org_code, d.period AS period_start
                                 FROM p CROSS JOIN (SELECT DISTINCT period FROM w) d),
          area AS MATERIALIZED (
            SELECT per.org_code, per.period_start, c.parent_code AS ccg, i.parent_code AS icb
              FROM per
              LEFT JOIN organisation_links c ON c.child_code = per.org_code AND c.relationship = 'practice_sub_icb'
                   AND c.valid_from <= per.period_start AND (c.valid_to IS NULL OR c.valid_to > per.period_start)
              LEFT JOIN organisation_links i ON i.child_code = c.parent_code AND i.relationship = 'sub_icb_icb'
                   AND i.valid_from <= per.period_start AND (i.valid_to IS NULL OR i.valid_to > per.period_start)),
          -- before ICBs existed (July 2022) a CCG's practices belong to the ICB it later joined
          later AS MATERIALIZED (
            SELECT DISTINCT ON (l.child_code) l.child_code, l.parent_code FROM organisation_links l
             WHERE l.relationship = 'sub_icb_icb' AND l.child_code IN (SELECT ccg FROM area)
             ORDER BY l.child_code, l.valid_from DESC)
     SELECT v.indicator_code AS indicator, v.period_start AS "periodStart", v.org_code AS code, p.name, a.ccg,
            coalesce(a.icb, later.parent_code) AS icb, v.numerator, v.denominator, v.quality_issue AS "qualityIssue"
       FROM v
       JOIN p ON p.code = v.org_code
       JOIN area a ON a.org_code = v.org_code AND a.period_start = v.period_start
       LEFT JOIN later ON later.child_code = a.ccg
      ORDER BY v.indicator_code, v.period_start, v.org_code`,
    [pairs.map(([c]) => c), pairs.map(([, p]) => p)],
  );
  for (const { indicator, periodStart, ...r } of rows) out.get(indicator)?.get(periodStart)?.push(r);
  return out;
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

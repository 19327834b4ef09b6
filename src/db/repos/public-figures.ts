/**
 * Figures for the public view: published (open-data) indicators only, chosen here in SQL so that no local figure can
 * reach a public route by a filter forgotten later. These queries read definitions, values, loads, the hierarchy and
 * benchmark aggregates; they never touch tiers, concerns, improvement cases, annotations or population data.
 */
import type { Queryable } from '../connect.js';
import { ENGLAND } from './aggregates.js';

/** The latest definition of each indicator, kept only when it is published open data. */
const PUBLISHED = `(SELECT * FROM (SELECT DISTINCT ON (code) * FROM indicators ORDER BY code, version DESC) x WHERE x.published) d`;

export interface PublishedDefinition {
  code: string;
  title: string;
  domain: string;
  direction: string;
  unit: string;
  method: string;
  multiplier: number;
  numeratorKind: string;
  source: string;
  howToRead: string;
  numeratorDescription: string | null;
  denominatorDescription: string | null;
}

const DEF_COLUMNS = `d.code, d.title, d.domain, d.direction, d.unit, d.method, d.multiplier, d.numerator_kind AS "numeratorKind",
  d.source, d.how_to_read AS "howToRead", d.numerator_description AS "numeratorDescription",
  d.denominator_description AS "denominatorDescription"`;

export interface PublishedPracticeFigure extends PublishedDefinition {
  periodStart: string;
  periodEnd: string;
  numerator: number | null;
  denominator: number | null;
  value: number;
  sourceFile: string;
  loadedAt: string;
  areaCode: string | null;
  areaName: string | null;
  areaValue: number | null;
  englandValue: number | null;
  /** how many practices the England figure is over */
  englandUnits: number | null;
  /** 'pooled' (all practices' counts together) or 'median' (the middle practice: the only figure for values) */
  englandStatistic: string | null;
}

/**
 * A practice's latest value of each published practice indicator (values with a known quality issue are left out,
 * as they are of every comparison), with its CCG as it was then and the CCG and England benchmarks.
 */
export async function publishedPracticeFigures(
  db: Queryable,
  practice: string,
): Promise<PublishedPracticeFigure[]> {
  return db.query<PublishedPracticeFigure>(
    `WITH latest AS (
       SELECT DISTINCT ON (v.indicator_code) v.indicator_code, v.period_start, v.period_end, v.numerator,
              v.denominator, v.value, v.load_id
         FROM indicator_values v
        WHERE v.org_code = $1 AND v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL
        ORDER BY v.indicator_code, v.period_start DESC, v.period_end DESC)
     SELECT ${DEF_COLUMNS}, l.period_start AS "periodStart", l.period_end AS "periodEnd", l.numerator,
            l.denominator, l.value, ld.file_name AS "sourceFile", ld.started_at AS "loadedAt",
            k.parent_code AS "areaCode", ao.name AS "areaName", ac.value AS "areaValue",
            ae.value AS "englandValue", ae.units AS "englandUnits",
            ae.statistic AS "englandStatistic"
       FROM latest l
       JOIN ${PUBLISHED} ON d.code = l.indicator_code AND d.org_type = 'practice'
       JOIN loads ld ON ld.id = l.load_id
       LEFT JOIN organisation_links k ON k.child_code = $1 AND k.relationship = 'practice_sub_icb'
            AND k.valid_from <= l.period_start AND (k.valid_to IS NULL OR k.valid_to > l.period_start)
       LEFT JOIN organisations ao ON ao.code = k.parent_code
       LEFT JOIN indicator_aggregates ac ON ac.indicator_code = l.indicator_code AND ac.period_start = l.period_start
            AND ac.period_end = l.period_end AND ac.area_code = k.parent_code
       LEFT JOIN indicator_aggregates ae ON ae.indicator_code = l.indicator_code AND ae.period_start = l.period_start
            AND ae.period_end = l.period_end AND ae.area_code = '${ENGLAND}'
      ORDER BY d.domain, d.title`,
    [practice],
  );
}

export interface PublishedTrustFigure {
  trustCode: string;
  trustName: string;
  indicator: string;
  periodStart: string;
  periodEnd: string;
  numerator: number | null;
  denominator: number | null;
  value: number;
  sourceFile: string;
}

export interface PublishedMeasure extends PublishedDefinition {
  periodStart: string;
  periodEnd: string;
  /** the median of every trust's value in that period */
  median: number | null;
  trusts: number;
}

/**
 * The published trust measures among `codes`, each at its newest period with trust values, with the median over
 * every trust then (the comparison the referral-choice page makes, without its concern counts).
 */
export async function publishedTrustMeasures(
  db: Queryable,
  codes: readonly string[],
): Promise<PublishedMeasure[]> {
  return db.query<PublishedMeasure>(
    `WITH p AS (
       SELECT DISTINCT ON (v.indicator_code) v.indicator_code, v.period_start, v.period_end
         FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'trust'
        WHERE v.indicator_code = ANY($1) AND v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL
        ORDER BY v.indicator_code, v.period_end DESC, v.period_start DESC)
     SELECT ${DEF_COLUMNS}, p.period_start AS "periodStart", p.period_end AS "periodEnd", s.median, s.trusts
       FROM p JOIN ${PUBLISHED} ON d.code = p.indicator_code
       JOIN LATERAL (
         SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v.value) AS median, count(*)::int AS trusts
           FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'trust'
          WHERE v.indicator_code = p.indicator_code AND v.period_start = p.period_start
            AND v.period_end = p.period_end AND v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL) s ON true
      ORDER BY array_position($1::text[], d.code)`,
    [codes],
  );
}

/** Every trust's value of these measures at the given periods, trusts whose name or code matches `q` (all when empty). */
export async function publishedTrustFigures(
  db: Queryable,
  measures: Array<{ code: string; periodStart: string; periodEnd: string }>,
  trusts: string[] | null,
): Promise<PublishedTrustFigure[]> {
  if (measures.length === 0) return [];
  return db.query<PublishedTrustFigure>(
    `SELECT o.code AS "trustCode", o.name AS "trustName", v.indicator_code AS indicator,
            v.period_start AS "periodStart", v.period_end AS "periodEnd", v.numerator, v.denominator, v.value,
            ld.file_name AS "sourceFile"
       FROM unnest($1::text[], $2::date[], $3::date[]) AS m(code, period_start, period_end)
       JOIN indicator_values v ON v.indicator_code = m.code AND v.period_start = m.period_start
            AND v.period_end = m.period_end AND v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL
       JOIN organisations o ON o.code = v.org_code AND o.type = 'trust'
       JOIN loads ld ON ld.id = v.load_id
      WHERE ($4::text[] IS NULL OR o.code = ANY($4))
      ORDER BY o.name, o.code`,
    [
      measures.map((m) => m.code),
      measures.map((m) => m.periodStart),
      measures.map((m) => m.periodEnd),
      trusts,
    ],
  );
}

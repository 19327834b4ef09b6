/** Indicator catalogue, values with provenance, benchmarks and roll-ups. */
import type { Queryable } from '../connect.js';
import { cachedForDataVersion } from '../store-cache.js';
import { CURRENT_CCG_CTE, membershipSql } from './organisations.js';
import { ENGLAND } from './aggregates.js';
import type { IndicatorDefinition, NumeratorKind } from '../../domain/indicators.js';

/**
 * Store a definition. With `version: 'next'` it becomes the next version of its code (a commissioner's local
 * indicator); otherwise the given version is stored unless it exists. Returns the version stored, or null.
 */
export async function saveIndicatorDefinition(
  db: Queryable,
  d: IndicatorDefinition,
  version: number | 'next',
): Promise<number | null> {
  const rows = await db.query<{ version: number }>(
    `INSERT INTO indicators (code, version, title, domain, direction, unit, multiplier, method, numerator_description, denominator_description, org_type, source, how_to_read, published, numerator_kind, family)
     SELECT $1, coalesce($2::int, (SELECT max(version) FROM indicators WHERE code = $1), 0) + CASE WHEN $2::int IS NULL THEN 1 ELSE 0 END,
            $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16
     ON CONFLICT (code, version) DO NOTHING RETURNING version`,
    [
      d.code,
      version === 'next' ? null : version,
      d.title,
      d.domain,
      d.direction,
      d.unit,
      d.multiplier,
      d.method,
      d.numeratorDescription,
      d.denominatorDescription,
      d.orgType,
      d.source,
      d.howToRead,
      d.published,
      d.numeratorKind,
      d.family,
    ],
  );
  return rows[0]?.version ?? null;
}

/** The latest definition of each of these codes that Lantern knows (codes it does not know are left out). */
export async function latestDefinitions(db: Queryable, codes: string[]): Promise<IndicatorDefinition[]> {
  return db.query<IndicatorDefinition>(
    `SELECT DISTINCT ON (code) code, version, title, domain, direction, unit, multiplier, method, org_type AS "orgType", source, how_to_read AS "howToRead",
            numerator_description AS "numeratorDescription", denominator_description AS "denominatorDescription",
            published, numerator_kind AS "numeratorKind", family
       FROM indicators WHERE code = ANY($1::text[]) ORDER BY code, version DESC`,
    [codes],
  );
}

export interface CatalogueEntry {
  code: string;
  version: number;
  title: string;
  domain: string;
  direction: string;
  unit: string;
  method: string;
  multiplier: number;
  orgType: string;
  source: string;
  howToRead: string;
  numeratorDescription: string | null;
  denominatorDescription: string | null;
  /** open data published at this precision; false for local indicators, which are suppressed at the edge */
  published: boolean;
  /** counts of events, or a continuous amount (£, FTE): decides the comparison (see NUMERATOR_KINDS) */
  numeratorKind: NumeratorKind;
  /** the behaviour measured (its own code when it has no family): one family counts once in a tier rule */
  family: string;
  /** the most practices with a usable value in any one period (the England figure's), what a funnel needs */
  practices: number;
  /** organisations with figures: those practices, or for an indicator with none (figures for CCGs only, such as
   * QOF smoking prevalence in 2013-14) the organisations with values */
  organisations: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
}

const DEF_COLUMNS = `d.code, d.version, d.title, d.domain, d.direction, d.unit, d.method, d.multiplier, d.org_type AS "orgType", d.source,
  d.how_to_read AS "howToRead", d.numerator_description AS "numeratorDescription", d.denominator_description AS "denominatorDescription", d.published,
  d.numerator_kind AS "numeratorKind", coalesce(d.family, d.code) AS family`;

export async function listIndicators(db: Queryable): Promise<CatalogueEntry[]> {
  // nearly every page asks for the catalogue first: read once per data version (its tables move the version);
  // each caller gets its own array, so that sorting or filtering it cannot change another's
  const catalogue = await cachedForDataVersion(db, 'catalogue', () =>
    db.query<CatalogueEntry>(
      `SELECT ${DEF_COLUMNS}, coalesce(s.organisations, 0) AS practices,
              coalesce(s.organisations, o.organisations, 0) AS organisations,
              coalesce(s.first_period, o.first_period) AS "firstPeriod", coalesce(s.last_period, o.last_period) AS "lastPeriod"
         FROM (SELECT DISTINCT ON (code) * FROM indicators ORDER BY code, version DESC) d
         LEFT JOIN (SELECT indicator_code, max(units) AS organisations, min(period_start) AS first_period, max(period_end) AS last_period
                      FROM indicator_aggregates WHERE area_code = '${ENGLAND}' GROUP BY indicator_code) s ON s.indicator_code = d.code
         -- no England figure over practices: what the values cover (read only for those indicators)
         LEFT JOIN LATERAL (SELECT count(DISTINCT v.org_code)::int AS organisations, min(v.period_start) AS first_period,
                                   max(v.period_end) AS last_period
                              FROM indicator_values v
                             WHERE s.indicator_code IS NULL AND v.indicator_code = d.code AND v.current) o ON true
        ORDER BY d.domain, d.title`,
    ),
  );
  return catalogue.map((d) => ({ ...d }));
}

export interface ValuePoint {
  indicatorCode: string;
  periodStart: string;
  periodEnd: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  valueLabel: string | null;
  definitionVersion: number;
  loadId: number;
  sourceFile: string;
  loadedAt: string;
  ccgCode: string | null;
  ccgValue: number | null;
  englandValue: number | null;
  englandStatistic: string | null;
  /** how many organisations the England figure is over (those with a value that can be compared) */
  englandUnits: number | null;
  /** why the value cannot be right as published (src/domain/value-quality.ts): kept, left out of comparisons */
  qualityIssue: string | null;
}

/**
 * Value points of the rows `rows` (a query of indicator_values) with their provenance and the CCG (as it was then)
 * and England benchmarks, by indicator and period. The benchmarks are looked up for the rows chosen only.
 */
function valuePointsOf(rows: string): string {
  return `SELECT v.indicator_code AS "indicatorCode", v.period_start AS "periodStart", v.period_end AS "periodEnd",
            v.numerator, v.denominator, v.value, v.value_label AS "valueLabel", v.definition_version AS "definitionVersion",
            v.load_id AS "loadId", ld.file_name AS "sourceFile", ld.started_at AS "loadedAt",
            l.parent_code AS "ccgCode", ac.value AS "ccgValue", ae.value AS "englandValue", ae.statistic AS "englandStatistic",
            ae.units AS "englandUnits", v.quality_issue AS "qualityIssue"
       FROM (${rows}) v
       JOIN loads ld ON ld.id = v.load_id
       LEFT JOIN organisation_links l ON l.child_code = v.org_code AND l.relationship = 'practice_sub_icb'
            AND l.valid_from <= v.period_start AND (l.valid_to IS NULL OR l.valid_to > v.period_start)
       -- looked up value by value (a lateral the planner may not flatten): joined whole, the planner hashed every
       -- CCG's aggregates of every indicator (2.4 M rows at national scale) for one practice's values
       LEFT JOIN LATERAL (SELECT a.value FROM indicator_aggregates a
                           WHERE a.indicator_code = v.indicator_code AND a.period_start = v.period_start
                             AND a.period_end = v.period_end AND a.area_code = l.parent_code
                          OFFSET 0) ac ON true
       LEFT JOIN indicator_aggregates ae ON ae.indicator_code = v.indicator_code AND ae.period_start = v.period_start
            AND ae.period_end = v.period_end AND ae.area_code = '${ENGLAND}'
      ORDER BY v.indicator_code, v.period_start`;
}

/** An organisation's current values, each with provenance and the CCG (as it was then) and England benchmarks. */
export async function valuesForOrganisation(
  db: Queryable,
  code: string,
  /** one indicator's series only (the organisation index leads with the organisation, then the indicator) */
  indicator?: string,
): Promise<ValuePoint[]> {
  return db.query<ValuePoint>(
    valuePointsOf(
      `SELECT * FROM indicator_values WHERE org_code = $1 AND current${indicator === undefined ? '' : ' AND indicator_code = $2'}`,
    ),
    indicator === undefined ? [code] : [code, indicator],
  );
}

/**
 * An organisation's latest current value of each indicator that has one (a value, not only counts), as
 * `valuesForOrganisation` gives it: the benchmarks are looked up for those values only (100, not 12,100, of a
 * practice at national scale).
 */
export async function latestValuesForOrganisation(db: Queryable, code: string): Promise<ValuePoint[]> {
  return db.query<ValuePoint>(
    valuePointsOf(
      `SELECT DISTINCT ON (indicator_code) * FROM indicator_values
        WHERE org_code = $1 AND current AND value IS NOT NULL
        ORDER BY indicator_code, period_start DESC`,
    ),
    [code],
  );
}

/**
 * The indicators an organisation has current values of, in code order: one probe of the organisation index per
 * indicator (a loose index scan), not a read of every value (12,100 of a practice at national scale).
 */
export async function indicatorCodesForOrganisation(db: Queryable, code: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `WITH RECURSIVE found(code) AS (
       (SELECT indicator_code FROM indicator_values WHERE org_code = $1 AND current ORDER BY indicator_code LIMIT 1)
       UNION ALL
       SELECT (SELECT v.indicator_code FROM indicator_values v
                WHERE v.org_code = $1 AND v.current AND v.indicator_code > f.code
                ORDER BY v.indicator_code LIMIT 1)
         FROM found f WHERE f.code IS NOT NULL)
     SELECT code FROM found WHERE code IS NOT NULL`,
    [code],
  );
  return rows.map((r) => r.code);
}

export interface RollupPoint {
  periodStart: string;
  periodEnd: string;
  practices: number;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/**
 * An indicator summed over the practices of a CCG or ICB, per period, "as it was then" or "as it is now".
 * Pooled (Σ numerator / Σ denominator × multiplier) where every practice has both; otherwise value is empty.
 */
export async function rollup(
  db: Queryable,
  area: { code: string; type: string },
  indicator: string,
  basis: 'then' | 'now',
): Promise<RollupPoint[]> {
  const areaColumn = area.type === 'icb' ? 'icb' : 'ccg';
  return db.query<RollupPoint>(
    `WITH RECURSIVE ${CURRENT_CCG_CTE},
     v_period AS (SELECT DISTINCT period_start FROM indicator_values WHERE indicator_code = $2 AND current),
     members AS (${membershipSql(basis)}),
     def AS (SELECT multiplier FROM indicators WHERE code = $2 ORDER BY version DESC LIMIT 1)
     SELECT v.period_start AS "periodStart", v.period_end AS "periodEnd", count(*)::int AS practices,
            sum(v.numerator) AS numerator, sum(v.denominator) AS denominator,
            CASE WHEN bool_and(v.numerator IS NOT NULL AND v.denominator IS NOT NULL) AND sum(v.denominator) > 0
                 THEN sum(v.numerator) / sum(v.denominator) * (SELECT multiplier FROM def) END AS value
       FROM indicator_values v
       JOIN members m ON m.practice = v.org_code AND m.period_start = v.period_start
      WHERE v.indicator_code = $2 AND v.current AND v.quality_issue IS NULL AND m.${areaColumn} = $1
      GROUP BY v.period_start, v.period_end
      ORDER BY v.period_start`,
    [area.code, indicator],
  );
}

/** The most practices any England benchmark is over: how many practices "all of England" means in this store. */
export async function nationalPracticeCount(db: Queryable): Promise<number> {
  const [r] = await db.query<{ n: number | null }>(
    `SELECT max(a.units)::int AS n FROM indicator_aggregates a
      WHERE a.area_code = '${ENGLAND}'
        AND EXISTS (SELECT 1 FROM indicators d WHERE d.code = a.indicator_code AND d.org_type = 'practice')`,
  );
  return r?.n ?? 0;
}

/** The CCGs (sub-ICB locations) whose practices hold an indicator's values in a period, by name. */
export async function benchmarkAreas(
  db: Queryable,
  indicator: string,
  periodStart: string,
): Promise<Array<{ code: string; name: string; units: number }>> {
  return db.query(
    `SELECT a.area_code AS code, coalesce(o.name, a.area_code) AS name, a.units::int AS units
       FROM indicator_aggregates a LEFT JOIN organisations o ON o.code = a.area_code
      WHERE a.indicator_code = $1 AND a.period_start = $2 AND a.area_code <> '${ENGLAND}'
      ORDER BY a.units DESC, a.area_code`,
    [indicator, periodStart],
  );
}

/** Each indicator's newest period with an England figure: the latest period most practices' pages show. */
export function latestEnglandPeriods(db: Queryable): Promise<Array<{ code: string; periodStart: string }>> {
  return db.query(
    `SELECT indicator_code AS code, max(period_start) AS "periodStart"
       FROM indicator_aggregates WHERE area_code = '${ENGLAND}' GROUP BY indicator_code ORDER BY indicator_code`,
  );
}

/**
 * Counts of concerns for patterns, scorecards and the QSG pack: only concerns that count (COUNTED), by provider,
 * month, category and service, optionally only those from some practices.
 */
import type { Queryable } from '../connect.js';
import { Where } from '../where.js';
import { CLOCK_COLUMNS } from './concerns.js';
import type { ClockFacts } from '../../concerns/workflow.js';

/** Concerns that count toward patterns: submitted and not set aside as duplicates or redirected elsewhere. */
export const COUNTED = `c.status NOT IN ('draft', 'duplicate', 'redirected')`;

export interface CountedConcern {
  id: number;
  providerCode: string;
  categoryId: string;
  parentCategoryId: string;
  practiceCode: string;
  eventDate: string;
  service: string | null;
  contractStandard: string | null;
  harm: string;
}

/** Counted concerns with events between from and to, of these providers and practices (null: all), oldest first. */
export function countedConcerns(
  db: Queryable,
  providers: string[] | null,
  from: string,
  to: string,
  practices: string[] | null = null,
): Promise<CountedConcern[]> {
  return db.query<CountedConcern>(
    `SELECT c.id, c.provider_code AS "providerCode", c.category_id AS "categoryId", k.parent_id AS "parentCategoryId",
            c.practice_code AS "practiceCode", c.event_date AS "eventDate", c.service, c.contract_standard AS "contractStandard", c.harm
       FROM concerns c JOIN concern_categories k ON k.id = c.category_id
      WHERE ${COUNTED} AND c.event_date BETWEEN $1 AND $2
        AND ($3::text[] IS NULL OR c.provider_code = ANY($3)) AND ($4::text[] IS NULL OR c.practice_code = ANY($4))
      ORDER BY c.event_date, c.id`,
    [from, to, providers, practices],
  );
}

export interface ProviderConcernCount {
  code: string;
  name: string | null;
  concerns: number;
}

/** Providers with counted concerns since a day from these practices (null: any), busiest first. */
export function providerConcernCounts(
  db: Queryable,
  practices: string[] | null,
  since: string,
  /** only providers still open on this date */
  openOn: string | null,
): Promise<ProviderConcernCount[]> {
  const w = new Where().sql(COUNTED);
  w.add('c.event_date >= ?', since);
  if (practices) w.add('c.practice_code = ANY(?)', practices);
  if (openOn) w.add('(o.close_date IS NULL OR o.close_date >= ?::date)', openOn);
  return db.query<ProviderConcernCount>(
    `SELECT c.provider_code AS code, o.name, count(*)::int AS concerns
       FROM concerns c LEFT JOIN organisations o ON o.code = c.provider_code
      ${w.clause()}
      GROUP BY c.provider_code, o.name ORDER BY count(*) DESC, c.provider_code`,
    w.params,
  );
}

export interface ThemeCount {
  providerCode: string;
  providerName: string | null;
  categoryId: string;
  categoryLabel: string;
  parentLabel: string;
  service: string | null;
  last30: number;
  last90: number;
  last365: number;
}

/** Counts per provider × category × service over the 30, 90 and 365 days to `day`, the most in 90 days first. */
export function themeCounts(db: Queryable, day: string, practices: string[] | null): Promise<ThemeCount[]> {
  return db.query<ThemeCount>(
    `SELECT c.provider_code AS "providerCode", o.name AS "providerName", c.category_id AS "categoryId",
            k.label AS "categoryLabel", kp.label AS "parentLabel", c.service,
            count(*) FILTER (WHERE c.event_date > $1::date - 30)::int AS last30,
            count(*) FILTER (WHERE c.event_date > $1::date - 90)::int AS last90,
            count(*)::int AS last365
       FROM concerns c JOIN concern_categories k ON k.id = c.category_id JOIN concern_categories kp ON kp.id = k.parent_id
       LEFT JOIN organisations o ON o.code = c.provider_code
      WHERE ${COUNTED} AND c.event_date > $1::date - 365 AND c.event_date <= $1::date
        ${practices ? 'AND c.practice_code = ANY($2)' : ''}
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY last90 DESC, last365 DESC, 1, 3, 6`,
    practices ? [day, practices] : [day],
  );
}

/** A provider's counted concerns with events after `from` up to `to`, of a service and practices (null: all). */
export interface ProviderConcernQuery {
  provider: string;
  from: string;
  to: string;
  service: string | null;
  practices: string[] | null;
}

const providerConcernParams = (q: ProviderConcernQuery) => [q.provider, q.from, q.to, q.service, q.practices];
const PROVIDER_CONCERNS = `c.provider_code = $1 AND ${COUNTED} AND c.event_date > $2 AND c.event_date <= $3
  AND ($4::text IS NULL OR c.service = $4) AND ($5::text[] IS NULL OR c.practice_code = ANY($5))`;

export interface ConcernTotals {
  total: number;
  moderateOrWorse: number;
}

export async function providerConcernTotals(db: Queryable, q: ProviderConcernQuery): Promise<ConcernTotals> {
  const [totals] = await db.query<ConcernTotals>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE c.harm IN ('moderate', 'severe', 'death'))::int AS "moderateOrWorse"
       FROM concerns c WHERE ${PROVIDER_CONCERNS}`,
    providerConcernParams(q),
  );
  return totals!;
}

export interface CategoryCount {
  id: string;
  label: string;
  count: number;
}

/** Counts by top-level category, the most first. */
export function providerConcernsByCategory(db: Queryable, q: ProviderConcernQuery): Promise<CategoryCount[]> {
  return db.query<CategoryCount>(
    `SELECT kp.id, kp.label, count(*)::int AS count FROM concerns c
       JOIN concern_categories k ON k.id = c.category_id JOIN concern_categories kp ON kp.id = k.parent_id
      WHERE ${PROVIDER_CONCERNS}
      GROUP BY kp.id, kp.label ORDER BY count(*) DESC`,
    providerConcernParams(q),
  );
}

export interface StandardCount {
  standard: string;
  count: number;
}

/** Counts of concerns naming a contract standard, by standard, the most first. */
export function providerContractBreaches(db: Queryable, q: ProviderConcernQuery): Promise<StandardCount[]> {
  return db.query<StandardCount>(
    `SELECT c.contract_standard AS standard, count(*)::int AS count FROM concerns c
      WHERE ${PROVIDER_CONCERNS} AND c.contract_standard IS NOT NULL
      GROUP BY 1 ORDER BY 2 DESC`,
    providerConcernParams(q),
  );
}

export interface MonthlyProviderCount {
  provider: string;
  name: string | null;
  /** YYYY-MM */
  month: string;
  n: number;
}

/** Counted concerns with events from `from` to `to` by provider and month, from these practices (null: all). */
export function monthlyProviderCounts(
  db: Queryable,
  from: string,
  to: string,
  practices: string[] | null,
): Promise<MonthlyProviderCount[]> {
  return db.query<MonthlyProviderCount>(
    `SELECT c.provider_code AS provider, o.name, to_char(c.event_date, 'YYYY-MM') AS month, count(*)::int AS n
       FROM concerns c LEFT JOIN organisations o ON o.code = c.provider_code
      WHERE ${COUNTED} AND c.event_date BETWEEN $1 AND $2 ${practices ? 'AND c.practice_code = ANY($3)' : ''}
      GROUP BY 1, 2, 3`,
    practices ? [from, to, practices] : [from, to],
  );
}

export interface ProviderThemeCount {
  provider: string;
  /** the top-level category's label */
  category: string;
  n: number;
}

/** Counted concerns with events from `from` to `to` by provider and top-level category, the most first. */
export function providerThemeCounts(
  db: Queryable,
  from: string,
  to: string,
  practices: string[] | null,
): Promise<ProviderThemeCount[]> {
  return db.query<ProviderThemeCount>(
    `SELECT c.provider_code AS provider, kp.label AS category, count(*)::int AS n
       FROM concerns c JOIN concern_categories k ON k.id = c.category_id JOIN concern_categories kp ON kp.id = k.parent_id
      WHERE ${COUNTED} AND c.event_date BETWEEN $1 AND $2 ${practices ? 'AND c.practice_code = ANY($3)' : ''}
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
    practices ? [from, to, practices] : [from, to],
  );
}

export interface AwaitingResponse extends ClockFacts {
  id: number;
  provider: string;
  practice: string;
}

/** Concerns waiting on the provider (with it, or more information asked), from these practices (null: all). */
export function concernsAwaitingProvider(
  db: Queryable,
  practices: string[] | null,
): Promise<AwaitingResponse[]> {
  return db.query<AwaitingResponse>(
    `SELECT c.id, c.provider_code AS provider, c.practice_code AS practice, ${CLOCK_COLUMNS}
       FROM concerns c WHERE c.status IN ('with_provider', 'info_requested') ${practices ? 'AND c.practice_code = ANY($1)' : ''}`,
    practices ? [practices] : [],
  );
}

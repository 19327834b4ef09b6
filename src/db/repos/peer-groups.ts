/** What finding a practice's peers reads: list sizes, the open practices, and the latest values beside the peers'. */
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { organisations } from '../schema.js';

export interface ListSizeRow {
  org: string;
  patients: number;
  date: string;
}

/** Each organisation's latest count of registered patients (all ages, both sexes), where above 0. */
export function latestListSizes(db: Queryable): Promise<ListSizeRow[]> {
  return db.query<ListSizeRow>(
    `SELECT DISTINCT ON (org_code) org_code AS org, patients, date FROM populations
      WHERE scheme = 'total' AND sex = 'all' AND patients > 0 ORDER BY org_code, date DESC`,
  );
}

export interface OpenPracticeRow {
  code: string;
  name: string;
}

/** The practices open on a day (not closed on or before it). */
export function openPracticesOn(db: Queryable, day: string): Promise<OpenPracticeRow[]> {
  return orm(db)
    .select({ code: organisations.code, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.type, 'practice'),
        or(isNull(organisations.closeDate), gt(organisations.closeDate, day)),
      ),
    );
}

/** One organisation's value of an indicator in the practice's latest period of it. */
export interface PeerValueRow {
  code: string;
  title: string;
  unit: string;
  direction: string;
  periodStart: string;
  org: string;
  value: number;
}

/**
 * For each indicator the practice has a value of, the values of the practice and of `orgs` in the practice's
 * latest period, by indicator title; unpublished (local) indicators only with `includeLocal`.
 */
export function latestValuesBesidePeers(
  db: Queryable,
  practice: string,
  orgs: string[],
  includeLocal: boolean,
): Promise<PeerValueRow[]> {
  return db.query<PeerValueRow>(
    `WITH latest AS (
       SELECT DISTINCT ON (indicator_code) indicator_code, period_start FROM indicator_values
        WHERE org_code = $1 AND current AND value IS NOT NULL ORDER BY indicator_code, period_start DESC)
     SELECT l.indicator_code AS code, d.title, d.unit, d.direction, l.period_start AS "periodStart", v.org_code AS org, v.value
       FROM latest l
       JOIN LATERAL (SELECT title, unit, direction, published FROM indicators WHERE code = l.indicator_code ORDER BY version DESC LIMIT 1) d ON true
       JOIN indicator_values v ON v.indicator_code = l.indicator_code AND v.period_start = l.period_start AND v.current
        AND v.value IS NOT NULL AND v.org_code = ANY($2)
      WHERE d.published OR $3
      ORDER BY d.title`,
    [practice, orgs, includeLocal],
  );
}

/** Organisations and their hierarchy over time: "as it was then" (links valid at a date) and "as it is now". */
import type { Queryable } from '../connect.js';
import type { OrganisationSummary } from '../../domain/organisations.js';
import { likeLiteral } from '../../domain/text.js';

/** The summary columns, qualified by a table alias where the query joins. */
const summaryOf = (t: string) =>
  `${t}.code, ${t}.name, ${t}.type, ${t}.postcode, ${t}.status, ${t}.open_date AS "openDate", ${t}.close_date AS "closeDate"`;
const SUMMARY = summaryOf('organisations');

export interface OrganisationDetail extends OrganisationSummary {
  attributes: Record<string, string>;
}

export interface RelatedOrganisation extends OrganisationSummary {
  relationship: string;
  validFrom: string;
  validTo: string | null;
}

/** Search by code (prefix), name (words, any order) or postcode (spaces ignored). Practices and trusts first. */
export async function searchOrganisations(
  db: Queryable,
  q: string,
  type: string | null,
  limit: number,
): Promise<OrganisationSummary[]> {
  const term = q.trim();
  if (term === '') return [];
  // what was typed is matched literally: % and _ (and the escape character itself) are not LIKE wildcards
  const words = term.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6).map(likeLiteral);
  const compact = term.replace(/\s+/g, '').toUpperCase();
  return db.query<OrganisationSummary>(
    `SELECT ${SUMMARY} FROM organisations
      WHERE ($2::text IS NULL OR type = $2)
        AND (code LIKE $5 || '%' ESCAPE '\\'
             OR replace(upper(coalesce(postcode, '')), ' ', '') LIKE $5 || '%' ESCAPE '\\'
             OR (SELECT bool_and(lower(name) LIKE '%' || w || '%' ESCAPE '\\') FROM unnest($1::text[]) AS w))
      ORDER BY (code = $3) DESC, (status = 'active') DESC,
               CASE type WHEN 'practice' THEN 0 WHEN 'trust' THEN 1 WHEN 'sub_icb' THEN 2 WHEN 'icb' THEN 3 WHEN 'pcn' THEN 4 ELSE 5 END, name
      LIMIT $4`,
    [words, type, compact, limit, likeLiteral(compact)],
  );
}

export async function findOrganisation(db: Queryable, code: string): Promise<OrganisationDetail | null> {
  const rows = await db.query<OrganisationDetail>(
    `SELECT ${SUMMARY}, attributes FROM organisations WHERE code = $1`,
    [code],
  );
  return rows[0] ?? null;
}

/**
 * Parents valid at a date, walking up the tree (practice → CCG → ICB → region; CCG → its successor). A practice's
 * PCN is one of its parents, but the walk goes up through its CCG, not the PCN's (a PCN can span CCGs); past a
 * merger it follows only further mergers (a closed CCG is in no ICB; its successor is).
 */
export async function parentsAt(db: Queryable, code: string, at: string): Promise<RelatedOrganisation[]> {
  return db
    .query<RelatedOrganisation>(
      `WITH RECURSIVE up AS (
       SELECT l.child_code, l.parent_code, l.relationship, l.valid_from, l.valid_to, 1 AS depth
         FROM organisation_links l WHERE l.child_code = $1 AND l.valid_from <= $2::date AND (l.valid_to IS NULL OR l.valid_to > $2::date)
       UNION ALL
       SELECT l.child_code, l.parent_code, l.relationship, l.valid_from, l.valid_to, up.depth + 1
         FROM up JOIN organisation_links l ON l.child_code = up.parent_code
        WHERE up.depth < 6 AND l.relationship <> 'practice_pcn' AND up.relationship <> 'practice_pcn'
          AND (up.relationship <> 'sub_icb_successor' OR l.relationship = 'sub_icb_successor')
          AND l.valid_from <= $2::date AND (l.valid_to IS NULL OR l.valid_to > $2::date)
     )
     SELECT DISTINCT ON (o.code) o.code, o.name, o.type, o.postcode, o.status, o.open_date AS "openDate", o.close_date AS "closeDate",
            up.relationship, up.valid_from AS "validFrom", up.valid_to AS "validTo", up.depth
       FROM up JOIN organisations o ON o.code = up.parent_code
      ORDER BY o.code, up.depth`,
      [code, at],
    )
    .then((rows) =>
      rows.sort(
        (a, b) => (a as unknown as { depth: number }).depth - (b as unknown as { depth: number }).depth,
      ),
    );
}

/** Children valid at a date. */
export async function childrenAt(db: Queryable, code: string, at: string): Promise<RelatedOrganisation[]> {
  return db.query<RelatedOrganisation>(
    `SELECT o.code, o.name, o.type, o.postcode, o.status, o.open_date AS "openDate", o.close_date AS "closeDate",
            l.relationship, l.valid_from AS "validFrom", l.valid_to AS "validTo"
       FROM organisation_links l JOIN organisations o ON o.code = l.child_code
      WHERE l.parent_code = $1 AND l.valid_from <= $2::date AND (l.valid_to IS NULL OR l.valid_to > $2::date)
      ORDER BY o.type, o.name`,
    [code, at],
  );
}

/** Every link of an organisation, both ways, with dates: the history shown on its page. */
export async function linkHistory(
  db: Queryable,
  code: string,
): Promise<Array<RelatedOrganisation & { direction: 'parent' | 'child' }>> {
  return db.query(
    `SELECT o.code, o.name, o.type, o.postcode, o.status, o.open_date AS "openDate", o.close_date AS "closeDate",
            l.relationship, l.valid_from AS "validFrom", l.valid_to AS "validTo", 'parent' AS direction
       FROM organisation_links l JOIN organisations o ON o.code = l.parent_code WHERE l.child_code = $1
     UNION ALL
     SELECT o.code, o.name, o.type, o.postcode, o.status, o.open_date, o.close_date, l.relationship, l.valid_from, l.valid_to, 'child'
       FROM organisation_links l JOIN organisations o ON o.code = l.child_code
      WHERE l.parent_code = $1 AND l.relationship = 'sub_icb_successor'
     ORDER BY "validFrom"`,
    [code],
  );
}

/** Top of the tree: the regions with ICBs at the date (or, before ICBs and STPs, any region with members). */
export async function topLevel(db: Queryable, at: string): Promise<OrganisationSummary[]> {
  return db.query<OrganisationSummary>(
    `WITH live AS (
       SELECT o.code, bool_or(l.relationship = 'icb_region') AS has_icbs
         FROM organisations o JOIN organisation_links l ON l.parent_code = o.code
        WHERE o.type = 'region' AND l.valid_from <= $1::date AND (l.valid_to IS NULL OR l.valid_to > $1::date)
        GROUP BY o.code
     )
     SELECT ${summaryOf('o')} FROM organisations o JOIN live ON live.code = o.code
      WHERE live.has_icbs OR NOT EXISTS (SELECT 1 FROM live WHERE has_icbs)
      ORDER BY o.name`,
    [at],
  );
}

/**
 * Practices that make up a CCG (sub-ICB) or ICB for a period:
 * - "then": as the area was at the period start;
 * - "now": the practice's latest CCG, followed through mergers to today's, and that CCG's latest ICB.
 */
export function membershipSql(basis: 'then' | 'now'): string {
  if (basis === 'then')
    return `SELECT l.child_code AS practice, l.parent_code AS ccg, i.parent_code AS icb, v_period.period_start
              FROM organisation_links l
              JOIN v_period ON l.valid_from <= v_period.period_start AND (l.valid_to IS NULL OR l.valid_to > v_period.period_start)
              LEFT JOIN organisation_links i ON i.child_code = l.parent_code AND i.relationship = 'sub_icb_icb'
                   AND i.valid_from <= v_period.period_start AND (i.valid_to IS NULL OR i.valid_to > v_period.period_start)
             WHERE l.relationship = 'practice_sub_icb'`;
  return `SELECT r.practice, r.ccg, (SELECT i.parent_code FROM organisation_links i WHERE i.child_code = r.ccg AND i.relationship = 'sub_icb_icb' ORDER BY i.valid_from DESC LIMIT 1) AS icb,
                 v_period.period_start
            FROM current_ccg r CROSS JOIN v_period`;
}

export const CURRENT_CCG_CTE = `
  latest AS (
    SELECT DISTINCT ON (child_code) child_code AS practice, parent_code AS ccg
      FROM organisation_links WHERE relationship = 'practice_sub_icb' ORDER BY child_code, valid_from DESC
  ),
  resolved AS (
    SELECT practice, ccg, 0 AS depth FROM latest
    UNION ALL
    SELECT r.practice, s.parent_code, r.depth + 1 FROM resolved r
      JOIN organisation_links s ON s.child_code = r.ccg AND s.relationship = 'sub_icb_successor' WHERE r.depth < 6
  ),
  current_ccg AS (SELECT DISTINCT ON (practice) practice, ccg FROM resolved ORDER BY practice, depth DESC)`;

/**
 * The open GP practices of a sub-ICB (CCG) or an ICB as it is now: current links only, so a practice that moved
 * away or closed is not a member, and a closed CCG has none; other prescribing settings (walk-in centres, prisons,
 * out-of-hours services) and dormant practices are not members.
 */
export async function currentPracticesOf(
  db: Queryable,
  area: string,
): Promise<Array<{ code: string; name: string; subIcb: string }>> {
  return db.query(
    `SELECT o.code, o.name, p.parent_code AS "subIcb"
       FROM organisation_links p JOIN organisations o ON o.code = p.child_code
       LEFT JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL
        AND o.type = 'practice' AND o.status = 'active' AND o.close_date IS NULL
        AND (p.parent_code = $1 OR i.parent_code = $1)
      ORDER BY o.name`,
    [area],
  );
}

/** Of these organisations, the ones closed (with the day each closed), by code. */
export async function closeDatesOf(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; closeDate: string }>(
    `SELECT code, close_date AS "closeDate" FROM organisations WHERE code = ANY($1::text[]) AND close_date IS NOT NULL`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.closeDate]));
}

/** An organisation's direct parents on a date, and where a closed CCG went: for FHIR Organization.partOf. */
import type { Queryable } from '../connect.js';
import type { RelatedOrganisation } from './organisations.js';

const RELATED = `o.code, o.name, o.type, o.postcode, o.status, o.open_date AS "openDate", o.close_date AS "closeDate",
  l.relationship, l.valid_from AS "validFrom", l.valid_to AS "validTo"`;

/** The links from an organisation to its parents that were open on the date (one step up, every relationship). */
export async function directParentsAt(
  db: Queryable,
  code: string,
  at: string,
): Promise<RelatedOrganisation[]> {
  return db.query<RelatedOrganisation>(
    `SELECT ${RELATED}
       FROM organisation_links l JOIN organisations o ON o.code = l.parent_code
      WHERE l.child_code = $1 AND l.valid_from <= $2::date AND (l.valid_to IS NULL OR l.valid_to > $2::date)
      ORDER BY l.relationship, o.code`,
    [code, at],
  );
}

/** The CCG a closed CCG had merged into by the date (following further mergers), or null. */
export async function successorAt(
  db: Queryable,
  code: string,
  at: string,
): Promise<RelatedOrganisation | null> {
  const rows = await db.query<RelatedOrganisation>(
    `WITH RECURSIVE chain AS (
       SELECT l.child_code, l.parent_code, l.valid_from, l.valid_to, l.relationship, 1 AS depth
         FROM organisation_links l
        WHERE l.child_code = $1 AND l.relationship = 'sub_icb_successor' AND l.valid_from <= $2::date
       UNION ALL
       SELECT l.child_code, l.parent_code, l.valid_from, l.valid_to, l.relationship, c.depth + 1
         FROM chain c JOIN organisation_links l ON l.child_code = c.parent_code
        WHERE c.depth < 6 AND l.relationship = 'sub_icb_successor' AND l.valid_from <= $2::date
     )
     SELECT ${RELATED}
       FROM chain l JOIN organisations o ON o.code = l.parent_code
      ORDER BY l.depth DESC LIMIT 1`,
    [code, at],
  );
  return rows[0] ?? null;
}

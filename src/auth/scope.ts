/** What a grant covers: the named organisation and everything below it in the hierarchy as it is now. */
import type { Queryable } from '../db/connect.js';
import type { Grant, Role } from '../domain/roles.js';

/** The organisation and its ancestors through links open today (a practice → PCN, CCG → ICB → region). */
export async function ancestorsOf(db: Queryable, orgCode: string): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(
    `WITH RECURSIVE up(code, depth) AS (
       SELECT $1::text, 0
       UNION
       SELECT l.parent_code, up.depth + 1 FROM organisation_links l JOIN up ON l.child_code = up.code
        WHERE (l.valid_to IS NULL OR l.valid_to > current_date) AND up.depth < 8)
     SELECT DISTINCT code FROM up`,
    [orgCode],
  );
  return new Set(rows.map((r) => r.code));
}

/** The grants (of the given roles) that cover orgCode; an unscoped grant (admin, partner) covers everything. */
export async function grantsCovering(
  db: Queryable,
  grants: readonly Grant[],
  roles: readonly Role[],
  orgCode: string,
): Promise<Grant[]> {
  const relevant = grants.filter((g) => roles.includes(g.role));
  if (relevant.length === 0) return [];
  if (relevant.every((g) => g.orgCode === null)) return relevant;
  const up = await ancestorsOf(db, orgCode);
  return relevant.filter((g) => g.orgCode === null || up.has(g.orgCode));
}

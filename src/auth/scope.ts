/** What a grant covers: the named organisation and everything below it in the hierarchy as it is now. */
import { today } from '../domain/clock.js';
import type { Queryable } from '../db/connect.js';
import type { Grant, Role } from '../domain/roles.js';

/** Each organisation with its ancestors through links open today (a practice → PCN, CCG → ICB → region), in one query. */
async function ancestorsOfEach(db: Queryable, codes: string[]): Promise<Map<string, Set<string>>> {
  const rows = await db.query<{ org: string; code: string }>(
    `WITH RECURSIVE up(org, code, depth) AS (
       SELECT c, c, 0 FROM unnest($1::text[]) AS c
       UNION
       SELECT up.org, l.parent_code, up.depth + 1 FROM organisation_links l JOIN up ON l.child_code = up.code
        WHERE (l.valid_to IS NULL OR l.valid_to > $2::date) AND up.depth < 8)
     SELECT DISTINCT org, code FROM up`,
    [codes, today()],
  );
  const out = new Map(codes.map((c) => [c, new Set<string>()]));
  for (const r of rows) out.get(r.org)!.add(r.code);
  return out;
}

export async function ancestorsOf(db: Queryable, orgCode: string): Promise<Set<string>> {
  return (await ancestorsOfEach(db, [orgCode])).get(orgCode)!;
}

/** The roles whose grants cover orgCode: one lookup of its ancestors however many grants are asked about. */
export async function rolesCovering(
  db: Queryable,
  grants: readonly Grant[],
  orgCode: string,
): Promise<Set<Role>> {
  if (grants.length === 0) return new Set();
  const up = grants.every((g) => g.orgCode === null) ? null : await ancestorsOf(db, orgCode);
  return new Set(grants.filter((g) => g.orgCode === null || up!.has(g.orgCode)).map((g) => g.role));
}

/** The organisations (of those given) that no grant of these roles covers. */
export async function organisationsNotCovered(
  db: Queryable,
  grants: readonly Grant[],
  roles: readonly Role[],
  orgCodes: string[],
): Promise<string[]> {
  const relevant = grants.filter((g) => roles.includes(g.role));
  if (relevant.some((g) => g.orgCode === null)) return [];
  if (relevant.length === 0) return orgCodes;
  const scope = new Set(relevant.map((g) => g.orgCode));
  const up = await ancestorsOfEach(db, orgCodes);
  return orgCodes.filter((c) => ![...up.get(c)!].some((a) => scope.has(a)));
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

/** The organisations (practices, PCNs, sub-ICBs…) below these, through links open today, the codes included. */
export async function descendantsOf(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.query<{ code: string }>(
    `WITH RECURSIVE down(code, depth) AS (
       SELECT c, 0 FROM unnest($1::text[]) AS c
       UNION
       SELECT l.child_code, down.depth + 1 FROM organisation_links l JOIN down ON l.parent_code = down.code
        WHERE (l.valid_to IS NULL OR l.valid_to > $2::date) AND down.depth < 8)
     SELECT DISTINCT code FROM down`,
    [codes, today()],
  );
  return new Set(rows.map((r) => r.code));
}

/**
 * The hierarchy as it is today, up and down: what a grant covers is the named organisation and everything below
 * it. Only the authorisation policy (policy.ts) reads grants; these are its lookups.
 */
import { today } from '../domain/clock.js';
import type { Queryable } from '../db/connect.js';

/** Each organisation with its ancestors through links open today (a practice → PCN, CCG → ICB → region), in one query. */
export async function ancestorsOfEach(db: Queryable, codes: string[]): Promise<Map<string, Set<string>>> {
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

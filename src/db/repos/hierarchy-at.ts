/** The hierarchy up and down from some organisations through the links open on a date (what a grant covers). */
import type { Queryable } from '../connect.js';

/** One organisation and one of its ancestors (itself included), through links open on the date. */
export interface AncestorRow {
  org: string;
  code: string;
}

/** Each organisation with its ancestors (a practice → PCN, CCG → ICB → region), itself included, in one query. */
export async function ancestorsAt(db: Queryable, codes: string[], at: string): Promise<AncestorRow[]> {
  return db.query<AncestorRow>(
    `WITH RECURSIVE up(org, code, depth) AS (
       SELECT c, c, 0 FROM unnest($1::text[]) AS c
       UNION
       SELECT up.org, l.parent_code, up.depth + 1 FROM organisation_links l JOIN up ON l.child_code = up.code
        WHERE (l.valid_to IS NULL OR l.valid_to > $2::date) AND up.depth < 8)
     SELECT DISTINCT org, code FROM up`,
    [codes, at],
  );
}

/** The codes of the organisations below these (practices, PCNs, sub-ICBs…), the codes themselves included. */
export async function descendantsAt(db: Queryable, codes: string[], at: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `WITH RECURSIVE down(code, depth) AS (
       SELECT c, 0 FROM unnest($1::text[]) AS c
       UNION
       SELECT l.child_code, down.depth + 1 FROM organisation_links l JOIN down ON l.parent_code = down.code
        WHERE (l.valid_to IS NULL OR l.valid_to > $2::date) AND down.depth < 8)
     SELECT DISTINCT code FROM down`,
    [codes, at],
  );
  return rows.map((r) => r.code);
}

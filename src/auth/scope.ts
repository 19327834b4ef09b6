/**
 * The hierarchy as it is today, up and down: what a grant covers is the named organisation and everything below
 * it. Only the authorisation policy (policy.ts) reads grants; these are its lookups.
 */
import { today } from '../domain/clock.js';
import type { Queryable } from '../db/connect.js';
import { ancestorsAt, descendantsAt } from '../db/repos/hierarchy-at.js';

/** Each organisation with its ancestors through links open today (a practice → PCN, CCG → ICB → region), in one query. */
export async function ancestorsOfEach(db: Queryable, codes: string[]): Promise<Map<string, Set<string>>> {
  const rows = await ancestorsAt(db, codes, today());
  const out = new Map(codes.map((c) => [c, new Set<string>()]));
  for (const r of rows) out.get(r.org)!.add(r.code);
  return out;
}

/** The organisations (practices, PCNs, sub-ICBs…) below these, through links open today, the codes included. */
export async function descendantsOf(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  return new Set(await descendantsAt(db, codes, today()));
}

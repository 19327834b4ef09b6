/**
 * CCGs closed as the registers tell it. An ODS eccg file lists every CCG as at its date, with the close date of one
 * closed lately; one closed earlier is simply not there. So a CCG an earlier register listed open that a later one
 * leaves out had closed by then, though no file gives the day: South Manchester CCG (01N) is in the January 2016
 * register and not in the November 2018 one, and none of its practices may be loaded to say where they went
 * (src/db/repos/mergers.ts, which finds a merger from them, is the better evidence and wins where it has any).
 */
import type { Queryable } from '../connect.js';

/** Record that a register of `type` dated `asAt` lists these organisations; returns how many it moved on. */
export async function recordRegisterListing(
  tx: Queryable,
  type: 'sub_icb',
  asAt: string,
  codes: string[],
): Promise<number> {
  const rows = await tx.query<{ code: string }>(
    `UPDATE organisations SET last_listed = $3::date
      WHERE code = ANY($1::text[]) AND type = $2 AND (last_listed IS NULL OR last_listed < $3::date)
      RETURNING code`,
    [codes, type, asAt],
  );
  return rows.length;
}

/** CCGs the latest register leaves out that are not yet recorded closed (none: nothing to write). */
const UNLISTED = `
  latest AS (SELECT max(last_listed) AS listed FROM organisations WHERE type = 'sub_icb'),
  unlisted AS (
    SELECT o.code, o.last_listed, latest.listed AS latest FROM organisations o CROSS JOIN latest
     WHERE o.type = 'sub_icb' AND o.last_listed < latest.listed AND o.close_date IS NULL
  )`;

/**
 * Close every CCG the latest register leaves out. Where exactly one CCG opened between the register that last
 * listed it and the latest one, in the ICB the 2022 lookup puts them both in, it merged into that one the day
 * before (01N into 14L, opened 1 April 2017): the successor link is recorded (as the load's) and the close date
 * set. Otherwise it is closed on a day not known; src/db/repos/link-lifetimes.ts ends its links by the latest
 * register's date. Returns how many CCGs were closed or given their close date.
 */
export async function closeUnlistedCcgs(tx: Queryable, loadId: number | null): Promise<number> {
  const [pending] = await tx.query<{ n: number }>(
    `WITH ${UNLISTED}
     SELECT count(*)::int AS n FROM unlisted u JOIN organisations o ON o.code = u.code
      WHERE o.status <> 'closed' OR EXISTS (SELECT 1 FROM organisation_links l WHERE l.child_code = u.code AND l.relationship = 'sub_icb_icb')`,
  );
  // nothing written when nothing is to be done: a write, even of no rows, moves the data version
  if (pending.n === 0) return 0;
  const rows = await tx.query<{ code: string }>(
    `WITH ${UNLISTED},
     candidates AS (
       SELECT DISTINCT u.code, s.code AS successor, s.open_date AS merged_on
         FROM unlisted u
         JOIN organisation_links ui ON ui.child_code = u.code AND ui.relationship = 'sub_icb_icb'
         JOIN organisation_links si ON si.parent_code = ui.parent_code AND si.relationship = 'sub_icb_icb' AND si.child_code <> u.code
         JOIN organisations s ON s.code = si.child_code AND s.type = 'sub_icb'
              AND s.open_date > u.last_listed AND s.open_date <= u.latest
     ), successor AS (
       SELECT code, min(successor) AS successor, min(merged_on) AS merged_on FROM candidates
        GROUP BY code HAVING count(*) = 1
     ), linked AS (
       INSERT INTO organisation_links (child_code, relationship, parent_code, valid_from, valid_to, load_id)
       SELECT code, 'sub_icb_successor', successor, merged_on, NULL, $1::int FROM successor
       ON CONFLICT DO NOTHING
     )
     UPDATE organisations o SET status = 'closed', close_date = s.merged_on - 1
       FROM unlisted u LEFT JOIN successor s ON s.code = u.code
      WHERE o.code = u.code AND (o.status <> 'closed' OR s.code IS NOT NULL)
      RETURNING o.code`,
    [loadId],
  );
  return rows.length;
}

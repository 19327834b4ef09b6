/**
 * Parent links kept within what the organisations at their ends were, whichever file said what: a link ends when
 * its child or its parent closes (the day after its close date, or for a CCG closed on a day not known, the date of
 * the register that left it out) and starts no earlier than either opened, so a CCG closed in 2017 is no member of a
 * 2022 ICB and a trust closed in 2021 sits in no ICB after it. A CCG's NHS England area team belongs to the 2013
 * structure that STPs (later ICBs) replaced in the same ODS column: its area-team link ends where its first ICB link
 * starts. Successor links start when their child closes and are left alone.
 */
import type { Queryable } from '../connect.js';

/** Links deleted (left empty) and links shortened by one statement. */
export interface ClipCounts {
  gone: number;
  moved: number;
}

/**
 * The day an organisation (aliased `o`) ended: the day after its close date; for a CCG closed on a day not known
 * (the latest register leaves it out: src/db/repos/register-closures.ts), that register's date.
 */
const endOf = (o: string) =>
  `coalesce(${o}.close_date + 1, CASE WHEN ${o}.status = 'closed' AND ${o}.last_listed < latest.listed THEN latest.listed END)`;

/** The links that reach beyond the lifetime of an organisation at either end, with the dates they should have. */
const CLIPPED = `latest AS (
       SELECT max(last_listed) AS listed FROM organisations WHERE type = 'sub_icb'
     ), clipped AS (
       SELECT l.child_code, l.relationship, l.valid_from,
              GREATEST(l.valid_from, c.open_date, p.open_date) AS new_from,
              LEAST(l.valid_to, ${endOf('c')}, ${endOf('p')}) AS new_to
         FROM organisation_links l
         JOIN organisations c ON c.code = l.child_code
         JOIN organisations p ON p.code = l.parent_code
         CROSS JOIN latest
        WHERE l.relationship <> 'sub_icb_successor'
          AND (c.open_date > l.valid_from OR p.open_date > l.valid_from
               OR ${endOf('c')} < coalesce(l.valid_to, 'infinity') OR ${endOf('p')} < coalesce(l.valid_to, 'infinity'))
     )`;

/** A CCG's area-team links from when its first ICB link starts (the 2013 structure the ICBs replaced). */
const SUPERSEDED = `icb AS (
       SELECT child_code, min(valid_from) AS since FROM organisation_links WHERE relationship = 'sub_icb_icb' GROUP BY child_code
     ), superseded AS (
       SELECT l.child_code, l.valid_from, icb.since FROM organisation_links l JOIN icb ON icb.child_code = l.child_code
        WHERE l.relationship = 'sub_icb_area_team' AND (l.valid_to IS NULL OR l.valid_to > icb.since)
     )`;

/**
 * Clip every link to the lifetimes of its ends; links left empty are deleted. Returns how many links changed.
 * Nothing is written when nothing needs clipping: a write, even of no rows, moves the data version, and every
 * answer kept for it (in each process, and stored for the others) would be made again after each `lantern serve`
 * start, which reconciles the store (src/ingest/link-lifetimes.ts).
 */
export async function clipLinksToLifetimes(tx: Queryable): Promise<number> {
  const [todo] = await tx.query<{ clip: boolean; supersede: boolean }>(
    `WITH ${CLIPPED}, ${SUPERSEDED}
     SELECT EXISTS (SELECT 1 FROM clipped) AS clip, EXISTS (SELECT 1 FROM superseded) AS supersede`,
  );
  let changed = 0;
  if (todo!.clip) {
    const [clipped] = await tx.query<ClipCounts>(
      `WITH ${CLIPPED}, gone AS (
         DELETE FROM organisation_links l USING clipped k
          WHERE l.child_code = k.child_code AND l.relationship = k.relationship AND l.valid_from = k.valid_from
            AND k.new_from >= k.new_to
         RETURNING 1
       ), moved AS (
         UPDATE organisation_links l SET valid_from = k.new_from, valid_to = k.new_to FROM clipped k
          WHERE l.child_code = k.child_code AND l.relationship = k.relationship AND l.valid_from = k.valid_from
            AND (k.new_to IS NULL OR k.new_from < k.new_to)
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM gone)::int AS gone, (SELECT count(*) FROM moved)::int AS moved`,
    );
    changed += clipped!.gone + clipped!.moved;
  }
  if (todo!.supersede) {
    const [superseded] = await tx.query<ClipCounts>(
      `WITH ${SUPERSEDED}, gone AS (
         DELETE FROM organisation_links l USING superseded s
          WHERE l.relationship = 'sub_icb_area_team' AND l.child_code = s.child_code AND l.valid_from = s.valid_from
            AND l.valid_from >= s.since
         RETURNING 1
       ), moved AS (
         UPDATE organisation_links l SET valid_to = s.since FROM superseded s
          WHERE l.relationship = 'sub_icb_area_team' AND l.child_code = s.child_code AND l.valid_from = s.valid_from
            AND l.valid_from < s.since
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM gone)::int AS gone, (SELECT count(*) FROM moved)::int AS moved`,
    );
    changed += superseded!.gone + superseded!.moved;
  }
  return changed;
}

/** CCG mergers read from where their practices went, recorded as successor links. */
import type { Queryable } from '../connect.js';

/**
 * A CCG whose practices all left on one day, most of them for one other CCG, merged into it then: record the
 * successor link (as the load's) and close the CCG (00W, 01M and 01N into 14L on 1 April 2017; 09G, 09H, 09X
 * into 70F in 2020). Mergers already recorded are left alone.
 */
export async function deriveMergers(tx: Queryable, loadId: number): Promise<void> {
  await tx.query(
    `WITH ended AS (
       SELECT parent_code AS ccg, max(valid_to) AS ended_on
         FROM organisation_links WHERE relationship = 'practice_sub_icb'
        GROUP BY parent_code
       HAVING bool_and(valid_to IS NOT NULL)
     ), moves AS (
       SELECT e.ccg, e.ended_on, l2.parent_code AS successor, count(*) AS n
         FROM ended e
         JOIN organisation_links l1 ON l1.relationship = 'practice_sub_icb' AND l1.parent_code = e.ccg AND l1.valid_to = e.ended_on
         JOIN organisation_links l2 ON l2.relationship = 'practice_sub_icb' AND l2.child_code = l1.child_code AND l2.valid_from = e.ended_on
        GROUP BY e.ccg, e.ended_on, l2.parent_code
     ), best AS (
       SELECT DISTINCT ON (ccg) ccg, ended_on, successor FROM moves ORDER BY ccg, n DESC, successor
     ), inserted AS (
       INSERT INTO organisation_links (child_code, relationship, parent_code, valid_from, valid_to, load_id)
       SELECT ccg, 'sub_icb_successor', successor, ended_on, NULL, $1::int FROM best
       ON CONFLICT DO NOTHING RETURNING child_code, valid_from
     )
     UPDATE organisations o SET close_date = (i.valid_from - 1), status = 'closed'
       FROM inserted i WHERE o.code = i.child_code AND o.close_date IS NULL`,
    [loadId],
  );
}

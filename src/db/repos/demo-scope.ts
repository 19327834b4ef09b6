/** The organisations the demo accounts are scoped to, chosen from what is loaded (src/auth/accounts-setup.ts). */
import type { Queryable } from '../connect.js';

/** The ICB with most practices linked to it now (through their CCGs), or null when no practice is linked. */
export async function icbWithMostPractices(db: Queryable): Promise<string | null> {
  const [r] = await db.query<{ icb: string }>(
    `SELECT i.parent_code AS icb FROM organisation_links p
       JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL
      GROUP BY i.parent_code ORDER BY count(*) DESC, i.parent_code LIMIT 1`,
  );
  return r?.icb ?? null;
}

/** The practice in the ICB now with most current values, or null. */
export async function practiceWithMostValues(db: Queryable, icb: string): Promise<string | null> {
  const [r] = await db.query<{ code: string }>(
    `SELECT p.child_code AS code FROM organisation_links p
       JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
       JOIN indicator_values v ON v.org_code = p.child_code AND v.current
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code = $1
      GROUP BY p.child_code ORDER BY count(*) DESC, p.child_code LIMIT 1`,
    [icb],
  );
  return r?.code ?? null;
}

/** The PCN a practice joined last, or null. */
export async function latestPcnOf(db: Queryable, practice: string): Promise<string | null> {
  const [r] = await db.query<{ code: string }>(
    `SELECT parent_code AS code FROM organisation_links WHERE child_code = $1 AND relationship = 'practice_pcn' ORDER BY valid_from DESC LIMIT 1`,
    [practice],
  );
  return r?.code ?? null;
}

/**
 * The trust open on the date with most data in the ICB's own postcode area (where its practices mostly refer),
 * else the one with most data anywhere; null when no trust has values.
 */
export async function trustNearIcb(db: Queryable, icb: string, on: string): Promise<string | null> {
  const [r] = await db.query<{ code: string }>(
    `WITH area AS (
       SELECT substring(o.postcode from '^[A-Z]+') AS a FROM organisation_links p
         JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
         JOIN organisations o ON o.code = p.child_code
        WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code = $1
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
     SELECT o.code FROM organisations o JOIN indicator_values v ON v.org_code = o.code AND v.current
      WHERE o.type = 'trust' AND (o.close_date IS NULL OR o.close_date >= $2::date)
      GROUP BY o.code, o.postcode
      ORDER BY (substring(o.postcode from '^[A-Z]+') IS NOT DISTINCT FROM (SELECT a FROM area)) DESC, count(*) DESC, o.code LIMIT 1`,
    [icb, on],
  );
  return r?.code ?? null;
}

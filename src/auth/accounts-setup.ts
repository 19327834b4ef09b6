/** Accounts at start-up: the first administrator, and demo accounts that exist only in demo mode. */
import { readFileSync } from 'node:fs';
import type { Database } from '../db/connect.js';
import type { Role } from '../domain/roles.js';
import { today } from '../domain/clock.js';
import { appendAudit } from './audit.js';
import { addGrant, createLocalUser } from './users.js';

export const DEMO_PASSWORD = 'demo-only lantern quality watch';
const DEMO_DOMAIN = 'demo.lantern.invalid';

export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
  org: string | null;
}

const CLI = { actorUserId: null, actor: 'system', role: null, ip: null } as const;

export async function hasAdministrator(db: Database): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM grants g JOIN users u ON u.id = g.user_id WHERE g.role = 'admin' AND NOT u.disabled AND NOT u.demo LIMIT 1`,
  );
  return rows.length > 0;
}

export async function bootstrapAdministrator(
  db: Database,
  email: string,
  passwordFile: string,
): Promise<boolean> {
  if (await hasAdministrator(db)) return false;
  const password = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
  await db.transaction(async (tx) => {
    const u = await createLocalUser(tx, { email, password });
    await addGrant(tx, u.id, 'admin', null);
    await appendAudit(tx, {
      ...CLI,
      action: 'users.bootstrap_admin',
      target: `user:${u.id}`,
      outcome: 'success',
      details: { email },
    });
  });
  return true;
}

/** Organisations to scope the demo accounts to: the ICB with most practices, one of its practices and PCNs, a trust. */
export async function demoScope(db: Database) {
  const [icb] = await db.query<{ icb: string }>(
    `SELECT i.parent_code AS icb FROM organisation_links p
       JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL
      GROUP BY i.parent_code ORDER BY count(*) DESC, i.parent_code LIMIT 1`,
  );
  if (!icb) return null;
  const [practice] = await db.query<{ code: string }>(
    `SELECT p.child_code AS code FROM organisation_links p
       JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
       JOIN indicator_values v ON v.org_code = p.child_code AND v.current
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code = $1
      GROUP BY p.child_code ORDER BY count(*) DESC, p.child_code LIMIT 1`,
    [icb.icb],
  );
  const [pcn] = await db.query<{ code: string }>(
    `SELECT parent_code AS code FROM organisation_links WHERE child_code = $1 AND relationship = 'practice_pcn' ORDER BY valid_from DESC LIMIT 1`,
    [practice?.code ?? ''],
  );
  // the open trust with most data in the ICB's own postcode area (where its practices mostly refer), else anywhere
  const [trust] = await db.query<{ code: string }>(
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
    [icb.icb, today()],
  );
  return {
    icb: icb.icb,
    practice: practice?.code ?? null,
    pcn: pcn?.code ?? null,
    trust: trust?.code ?? null,
  };
}

/** Create the demo accounts (once); without demo mode, remove any left from an earlier demo. */
export async function syncDemoAccounts(db: Database, demo: boolean): Promise<DemoAccount[]> {
  if (!demo) {
    await db.query('DELETE FROM users WHERE demo');
    return [];
  }
  const scope = await demoScope(db);
  // a clinician holds the practice user's grant too: patient lists beside the practice's own figures
  const wanted: Array<[string, Role, string | null, ...Role[]]> = [
    ['admin', 'admin', null],
    ['lead', 'commissioner_lead', scope?.icb ?? null],
    ['analyst', 'commissioner_analyst', scope?.icb ?? null],
    ['practice', 'practice_user', scope?.practice ?? null],
    ['clinician', 'practice_clinician', scope?.practice ?? null, 'practice_user'],
    ['peers', 'peer_group_lead', scope?.pcn ?? null],
    ['provider', 'provider_user', scope?.trust ?? null],
    ['partner', 'partner', null],
  ];
  const accounts: DemoAccount[] = [];
  for (const [name, role, org, ...alsoRoles] of wanted) {
    if (role !== 'admin' && role !== 'partner' && !org) continue;
    const email = `${name}@${DEMO_DOMAIN}`;
    await db.transaction(async (tx) => {
      const [existing] = await tx.query<{ id: number }>('SELECT id FROM users WHERE lower(email) = $1', [
        email,
      ]);
      if (existing) return;
      const u = await createLocalUser(tx, {
        email,
        password: DEMO_PASSWORD,
        displayName: `Demo ${role.replace(/_/g, ' ')}`,
        demo: true,
      });
      for (const r of [role, ...alsoRoles]) await addGrant(tx, u.id, r, org);
      await appendAudit(tx, {
        ...CLI,
        action: 'users.add_demo',
        target: `user:${u.id}`,
        outcome: 'success',
        details: { role, org },
      });
    });
    accounts.push({ email, password: DEMO_PASSWORD, role, org });
  }
  return accounts;
}

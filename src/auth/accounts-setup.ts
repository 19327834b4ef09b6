/** Accounts at start-up: the first administrator, and demo accounts that exist only in demo mode. */
import { readFileSync } from 'node:fs';
import type { Database } from '../db/connect.js';
import type { Role } from '../domain/roles.js';
import { today } from '../domain/clock.js';
import { appendAudit } from './audit.js';
import { addGrant, createLocalUser } from './users.js';
import { deleteDemoUsers, hasActiveAdministrator, userIdByLowerEmail } from '../db/repos/users.js';
import {
  icbWithMostPractices,
  latestPcnOf,
  practiceWithMostValues,
  trustNearIcb,
} from '../db/repos/demo-scope.js';

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
  return hasActiveAdministrator(db);
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
  const icb = await icbWithMostPractices(db);
  if (!icb) return null;
  const practice = await practiceWithMostValues(db, icb);
  return {
    icb,
    practice,
    pcn: await latestPcnOf(db, practice ?? ''),
    trust: await trustNearIcb(db, icb, today()),
  };
}

/** Create the demo accounts (once); without demo mode, remove any left from an earlier demo. */
export async function syncDemoAccounts(db: Database, demo: boolean): Promise<DemoAccount[]> {
  if (!demo) {
    await deleteDemoUsers(db);
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
      if ((await userIdByLowerEmail(tx, email)) !== null) return;
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

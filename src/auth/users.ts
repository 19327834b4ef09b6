/** Accounts and grants: local accounts with argon2id passwords, identities from OIDC, and lock-out with back-off. */
import { now, nowIso } from '../domain/clock.js';
import type { Queryable } from '../db/connect.js';
import { GRANT_ORG_TYPES, ROLE_LABEL, isRole, type Grant, type Role } from '../domain/roles.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { findOrganisation } from '../db/repos/organisations.js';
import * as users from '../db/repos/users.js';
import type { PasswordRow, UserRow, UserWithGrants } from '../db/repos/users.js';

export type User = UserRow;
export { grantsOf } from '../db/repos/users.js';

export class AccountError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createLocalUser(
  db: Queryable,
  input: { email: string; password: string; displayName?: string | null; demo?: boolean },
): Promise<User> {
  const email = input.email.trim();
  if (!EMAIL.test(email) || email.length > 254)
    throw new AccountError(`"${email}" is not an e-mail address`, 'email');
  const problem = await passwordProblem(input.password, [email, ...email.split(/[@.]/)]);
  if (problem) throw new AccountError(problem, 'password');
  if (await users.emailTaken(db, email))
    throw new AccountError(`an account for ${email} already exists`, 'email');
  return users.insertLocalUser(db, {
    email,
    displayName: input.displayName ?? null,
    passwordHash: await hashPassword(input.password),
    demo: input.demo ?? false,
  });
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | null> {
  return users.userByEmail(db, email.trim());
}

/** Check a role and organisation pair: the role exists and the organisation is of a type the role may be scoped to. */
export async function checkGrant(db: Queryable, role: string, orgCode: string | null): Promise<void> {
  if (!isRole(role))
    throw new AccountError(`"${role}" is not a role; one of ${Object.keys(ROLE_LABEL).join(', ')}`, 'role');
  const types = GRANT_ORG_TYPES[role];
  if (types === null) {
    if (orgCode) throw new AccountError(`the ${role} role is not scoped to an organisation`, 'org');
    return;
  }
  if (!orgCode)
    throw new AccountError(`the ${role} role needs an organisation (one of type ${types.join(', ')})`, 'org');
  const org = await findOrganisation(db, orgCode.toUpperCase());
  if (!org) throw new AccountError(`no organisation has the code ${orgCode}`, 'org');
  if (!types.includes(org.type))
    throw new AccountError(
      `a ${role} grant names an organisation of type ${types.join(' or ')}; ${orgCode} is a ${org.type}`,
      'org',
    );
}

export async function addGrant(
  db: Queryable,
  userId: number,
  role: Role,
  orgCode: string | null,
  origin: 'local' | 'oidc' = 'local',
): Promise<Grant> {
  await checkGrant(db, role, orgCode);
  return users.upsertGrant(db, userId, role, orgCode?.toUpperCase() ?? null, origin);
}

export async function revokeGrant(
  db: Queryable,
  userId: number,
  role: Role,
  orgCode: string | null,
): Promise<boolean> {
  return users.deleteGrant(db, userId, role, orgCode?.toUpperCase() ?? null);
}

export async function listUsers(db: Queryable): Promise<UserWithGrants[]> {
  return users.listUsersWithGrants(db);
}

export const LOCK_AFTER_FAILURES = 5;
const MAX_LOCK_MINUTES = 60;

/** Minutes an account stays locked after n consecutive failures: 1, 2, 4, … up to an hour (≤ 100 tries an hour). */
export function lockMinutes(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(2 ** (failures - LOCK_AFTER_FAILURES), MAX_LOCK_MINUTES);
}

export type SignInResult =
  | { kind: 'ok'; user: User }
  | { kind: 'refused'; reason: 'unknown_or_wrong' | 'disabled' }
  | { kind: 'locked'; until: string; userId: number };

/** Checks a password against a stored argon2 hash; injectable so that tests can count the verifications. */
export type PasswordVerifier = (stored: string, password: string) => Promise<boolean>;

/**
 * One argon2 verification, whatever the account: against its hash, or a dummy hash when it has none. Every
 * refusal (unknown, locked, disabled, wrong password) then costs the same, so the time taken does not tell
 * which accounts exist or are locked.
 */
async function verifyOnce(row: PasswordRow | null, password: string, verify: PasswordVerifier) {
  return verify(row?.passwordHash ?? (await dummyHash()), password);
}

async function countFailure(db: Queryable, row: PasswordRow): Promise<void> {
  const failures = row.failed + 1;
  const minutes = lockMinutes(failures);
  await users.recordFailedSignIn(db, row.id, failures, minutes, nowIso());
}

const isLocked = (row: PasswordRow) => !!row.lockedUntil && new Date(row.lockedUntil) > now();

/** Check an e-mail and password; count failures and lock with back-off. Callers show one message for all refusals. */
export async function checkPassword(
  db: Queryable,
  email: string,
  password: string,
  verify: PasswordVerifier = verifyPassword,
): Promise<SignInResult> {
  const row = await users.passwordRowByEmail(db, email.trim());
  const matches = await verifyOnce(row, password, verify);
  if (!row || !row.passwordHash) return { kind: 'refused', reason: 'unknown_or_wrong' };
  if (isLocked(row)) return { kind: 'locked', until: row.lockedUntil!, userId: row.id };
  if (!matches) {
    await countFailure(db, row);
    return { kind: 'refused', reason: 'unknown_or_wrong' };
  }
  if (row.disabled) return { kind: 'refused', reason: 'disabled' };
  await users.recordSignIn(db, row.id, nowIso());
  const { passwordHash: _h, lockedUntil: _l, failed: _f, ...user } = row;
  return { kind: 'ok', user };
}

/**
 * A signed-in user's current password, asked again before it is changed: a wrong one counts towards the
 * lock-out as a failed sign-in does, so a stolen session cannot be used to guess it.
 */
export async function checkOwnPassword(
  db: Queryable,
  userId: number,
  password: string,
  verify: PasswordVerifier = verifyPassword,
): Promise<'ok' | 'wrong' | 'locked' | 'no_password'> {
  const row = await users.passwordRowById(db, userId);
  const matches = await verifyOnce(row, password, verify);
  if (!row || !row.passwordHash) return 'no_password';
  if (isLocked(row)) return 'locked';
  if (!matches) {
    await countFailure(db, row);
    return 'wrong';
  }
  return 'ok';
}

/** A local account's new password, checked for strength as at creation; clears any lock-out. */
export async function setPassword(db: Queryable, userId: number, password: string): Promise<User> {
  const row = await users.userById(db, userId);
  if (!row) throw new AccountError(`no account ${userId}`, 'id');
  if (row.identitySource !== 'local')
    throw new AccountError(
      `${row.email} signs in with the identity provider (${row.identitySource}); Lantern keeps no password for it`,
      'password',
    );
  const problem = await passwordProblem(password, [row.email, ...row.email.split(/[@.]/)]);
  if (problem) throw new AccountError(problem, 'password');
  await users.updatePasswordHash(db, userId, await hashPassword(password));
  return row;
}

/** Disable (no sign-in; the caller ends the sessions) or enable an account; null when there is no such account. */
export async function setDisabled(db: Queryable, userId: number, disabled: boolean): Promise<User | null> {
  return users.updateDisabled(db, userId, disabled);
}

/** An identity from an OpenID Connect provider: found by (issuer, subject) or created; its OIDC grants replaced. */
export async function upsertOidcUser(
  db: Queryable,
  issuer: string,
  subject: string,
  email: string,
  displayName: string | null,
  grants: Array<{ role: Role; orgCode: string | null }>,
): Promise<User> {
  const user = await users.upsertOidcIdentity(db, { issuer, subject, email, displayName, at: nowIso() });
  await users.deleteOidcGrants(db, user.id);
  for (const g of grants) await addGrant(db, user.id, g.role, g.orgCode, 'oidc');
  return user;
}

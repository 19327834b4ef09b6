/** Accounts, their grants and their sign-in state (failures, lock-out): the rows behind src/auth/users.ts. */
import type { Queryable } from '../connect.js';
import type { Grant, Role } from '../../domain/roles.js';

/** An account as the rest of Lantern sees it (no password hash, no lock-out state). */
export interface UserRow {
  id: number;
  email: string;
  displayName: string | null;
  identitySource: string;
  demo: boolean;
  disabled: boolean;
  lastSignInAt: string | null;
}

/** An account with what a password check needs. */
export interface PasswordRow extends UserRow {
  passwordHash: string | null;
  lockedUntil: string | null;
  /** consecutive failed sign-ins */
  failed: number;
}

export type UserWithGrants = UserRow & { grants: Grant[] };

const USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.identity_source AS "identitySource", u.demo, u.disabled, u.last_sign_in_at AS "lastSignInAt"`;
const PASSWORD_ROW = `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash", u.locked_until AS "lockedUntil", u.failed_sign_ins AS failed
       FROM users u`;

/** Whether an account has this e-mail address, compared without regard to case. */
export async function emailTaken(db: Queryable, email: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email])).length > 0;
}

export async function insertLocalUser(
  db: Queryable,
  u: { email: string; displayName: string | null; passwordHash: string; demo: boolean },
): Promise<UserRow> {
  const [user] = await db.query<UserRow>(
    `INSERT INTO users AS u (email, display_name, password_hash, demo) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
    [u.email, u.displayName, u.passwordHash, u.demo],
  );
  return user!;
}

export async function userByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const [u] = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE lower(u.email) = lower($1)`,
    [email],
  );
  return u ?? null;
}

export async function userById(db: Queryable, id: number): Promise<UserRow | null> {
  const [u] = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return u ?? null;
}

/** The id of the account whose e-mail, lower-cased, is this one (demo accounts are named in lower case). */
export async function userIdByLowerEmail(db: Queryable, email: string): Promise<number | null> {
  const [r] = await db.query<{ id: number }>('SELECT id FROM users WHERE lower(email) = $1', [email]);
  return r?.id ?? null;
}

export async function passwordRowByEmail(db: Queryable, email: string): Promise<PasswordRow | null> {
  const [row] = await db.query<PasswordRow>(`${PASSWORD_ROW} WHERE lower(u.email) = lower($1)`, [email]);
  return row ?? null;
}

export async function passwordRowById(db: Queryable, id: number): Promise<PasswordRow | null> {
  const [row] = await db.query<PasswordRow>(`${PASSWORD_ROW} WHERE u.id = $1`, [id]);
  return row ?? null;
}

/** Record a failed sign-in: the count of failures, and a lock from `at` for `lockMinutes` when that is above 0. */
export async function recordFailedSignIn(
  db: Queryable,
  userId: number,
  failures: number,
  lockMinutes: number,
  at: string,
): Promise<void> {
  await db.query(
    `UPDATE users SET failed_sign_ins = $2, locked_until = CASE WHEN $3::int > 0 THEN $4::timestamptz + make_interval(mins => $3::int) END WHERE id = $1`,
    [userId, failures, lockMinutes, at],
  );
}

/** Record a successful sign-in: failures forgotten, any lock lifted. */
export async function recordSignIn(db: Queryable, userId: number, at: string): Promise<void> {
  await db.query(
    'UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2 WHERE id = $1',
    [userId, at],
  );
}

/** A new password hash; failures forgotten, any lock lifted. */
export async function updatePasswordHash(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  await db.query(
    'UPDATE users SET password_hash = $2, failed_sign_ins = 0, locked_until = NULL WHERE id = $1',
    [userId, passwordHash],
  );
}

export async function updateDisabled(
  db: Queryable,
  userId: number,
  disabled: boolean,
): Promise<UserRow | null> {
  const [u] = await db.query<UserRow>(
    `UPDATE users AS u SET disabled = $2 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [userId, disabled],
  );
  return u ?? null;
}

/** The account of an identity provider's (issuer, subject), created or updated with its e-mail and name, signed in at `at`. */
export async function upsertOidcIdentity(
  db: Queryable,
  i: { issuer: string; subject: string; email: string; displayName: string | null; at: string },
): Promise<UserRow> {
  const [user] = await db.query<UserRow>(
    `INSERT INTO users AS u (email, display_name, identity_source, subject, last_sign_in_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (identity_source, subject) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name, last_sign_in_at = $5
     RETURNING ${USER_COLUMNS}`,
    [i.email, i.displayName, i.issuer, i.subject, i.at],
  );
  return user!;
}

/** Every account with its grants, by e-mail. */
export async function listUsersWithGrants(db: Queryable): Promise<UserWithGrants[]> {
  return db.query<UserWithGrants>(
    `SELECT ${USER_COLUMNS},
            coalesce((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'orgCode', g.org_code) ORDER BY g.role, g.org_code)
                        FROM grants g WHERE g.user_id = u.id), '[]'::json) AS grants
       FROM users u ORDER BY lower(u.email)`,
  );
}

/** Whether an enabled account that is not a demo account holds the admin role. */
export async function hasActiveAdministrator(db: Queryable): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM grants g JOIN users u ON u.id = g.user_id WHERE g.role = 'admin' AND NOT u.disabled AND NOT u.demo LIMIT 1`,
  );
  return rows.length > 0;
}

export async function deleteDemoUsers(db: Queryable): Promise<void> {
  await db.query('DELETE FROM users WHERE demo');
}

export async function grantsOf(db: Queryable, userId: number): Promise<Grant[]> {
  return db.query<Grant>(
    `SELECT id, role, org_code AS "orgCode" FROM grants WHERE user_id = $1 ORDER BY role, org_code`,
    [userId],
  );
}

/** Add a grant, or answer the one already held (its origin kept). The organisation code is stored as given. */
export async function upsertGrant(
  db: Queryable,
  userId: number,
  role: Role,
  orgCode: string | null,
  origin: 'local' | 'oidc',
): Promise<Grant> {
  const [g] = await db.query<Grant>(
    `INSERT INTO grants (user_id, role, org_code, origin) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, role, coalesce(org_code, '')) DO UPDATE SET origin = grants.origin
     RETURNING id, role, org_code AS "orgCode"`,
    [userId, role, orgCode, origin],
  );
  return g!;
}

/** Remove a grant; false when the user did not hold it. */
export async function deleteGrant(
  db: Queryable,
  userId: number,
  role: Role,
  orgCode: string | null,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM grants WHERE user_id = $1 AND role = $2 AND coalesce(org_code, '') = coalesce($3, '') RETURNING id`,
    [userId, role, orgCode],
  );
  return rows.length > 0;
}

/** Remove the grants an identity provider gave the user (they are replaced at each OIDC sign-in). */
export async function deleteOidcGrants(db: Queryable, userId: number): Promise<void> {
  await db.query(`DELETE FROM grants WHERE user_id = $1 AND origin = 'oidc'`, [userId]);
}

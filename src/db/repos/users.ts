/**
 * Accounts, their grants and their sign-in state (failures, lock-out): the rows behind src/auth/users.ts. Plain
 * reads and writes go through the schema-typed builder; upserts on expression indexes and aggregates stay SQL.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { grants as grantsTable, users as usersTable } from '../schema.js';
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

/** The builder's select list for a UserRow, and for a PasswordRow. */
const userFields = {
  id: usersTable.id,
  email: usersTable.email,
  displayName: usersTable.displayName,
  identitySource: usersTable.identitySource,
  demo: usersTable.demo,
  disabled: usersTable.disabled,
  lastSignInAt: usersTable.lastSignInAt,
};
const passwordFields = {
  ...userFields,
  passwordHash: usersTable.passwordHash,
  lockedUntil: usersTable.lockedUntil,
  failed: usersTable.failedSignIns,
};
/** The same e-mail address, compared without regard to case (as the unique index on local accounts does). */
const sameEmail = (email: string) => sql`lower(${usersTable.email}) = lower(${email})`;

/** SQL's select list for a UserRow from `users u`, for the statements the builder does not write. */
const USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.identity_source AS "identitySource", u.demo, u.disabled, u.last_sign_in_at AS "lastSignInAt"`;

/** Whether an account has this e-mail address, compared without regard to case. */
export async function emailTaken(db: Queryable, email: string): Promise<boolean> {
  const rows = await orm(db).select({ id: usersTable.id }).from(usersTable).where(sameEmail(email)).limit(1);
  return rows.length > 0;
}

export async function insertLocalUser(
  db: Queryable,
  u: { email: string; displayName: string | null; passwordHash: string; demo: boolean },
): Promise<UserRow> {
  const [user] = await orm(db)
    .insert(usersTable)
    .values({ email: u.email, displayName: u.displayName, passwordHash: u.passwordHash, demo: u.demo })
    .returning(userFields);
  return user!;
}

export async function userByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const [u] = await orm(db).select(userFields).from(usersTable).where(sameEmail(email));
  return u ?? null;
}

export async function userById(db: Queryable, id: number): Promise<UserRow | null> {
  const [u] = await orm(db).select(userFields).from(usersTable).where(eq(usersTable.id, id));
  return u ?? null;
}

/** The id of the account whose e-mail, lower-cased, is this one (demo accounts are named in lower case). */
export async function userIdByLowerEmail(db: Queryable, email: string): Promise<number | null> {
  const [r] = await orm(db)
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(sql`lower(${usersTable.email}) = ${email}`);
  return r?.id ?? null;
}

export async function passwordRowByEmail(db: Queryable, email: string): Promise<PasswordRow | null> {
  const [row] = await orm(db).select(passwordFields).from(usersTable).where(sameEmail(email));
  return row ?? null;
}

export async function passwordRowById(db: Queryable, id: number): Promise<PasswordRow | null> {
  const [row] = await orm(db).select(passwordFields).from(usersTable).where(eq(usersTable.id, id));
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
  await orm(db)
    .update(usersTable)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: at })
    .where(eq(usersTable.id, userId));
}

/** A new password hash; failures forgotten, any lock lifted. */
export async function updatePasswordHash(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  await orm(db)
    .update(usersTable)
    .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
    .where(eq(usersTable.id, userId));
}

export async function updateDisabled(
  db: Queryable,
  userId: number,
  disabled: boolean,
): Promise<UserRow | null> {
  const [u] = await orm(db)
    .update(usersTable)
    .set({ disabled })
    .where(eq(usersTable.id, userId))
    .returning(userFields);
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
  await orm(db).delete(usersTable).where(eq(usersTable.demo, true));
}

export async function grantsOf(db: Queryable, userId: number): Promise<Grant[]> {
  const rows = await orm(db)
    .select({ id: grantsTable.id, role: grantsTable.role, orgCode: grantsTable.orgCode })
    .from(grantsTable)
    .where(eq(grantsTable.userId, userId))
    .orderBy(asc(grantsTable.role), asc(grantsTable.orgCode));
  // roles are stored only through upsertGrant, whose callers check them (src/auth/users.ts)
  return rows as Grant[];
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
  const rows = await orm(db)
    .delete(grantsTable)
    .where(
      and(
        eq(grantsTable.userId, userId),
        eq(grantsTable.role, role),
        sql`coalesce(${grantsTable.orgCode}, '') = coalesce(${orgCode}::text, '')`,
      ),
    )
    .returning({ id: grantsTable.id });
  return rows.length > 0;
}

/** Remove the grants an identity provider gave the user (they are replaced at each OIDC sign-in). */
export async function deleteOidcGrants(db: Queryable, userId: number): Promise<void> {
  await orm(db)
    .delete(grantsTable)
    .where(and(eq(grantsTable.userId, userId), eq(grantsTable.origin, 'oidc')));
}

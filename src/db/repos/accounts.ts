/** Accounts and sign-ins in flight: the small reads and writes the sign-in and administration routes need. */
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { oidcPending, organisations, users } from '../schema.js';

export async function userExists(q: Queryable, id: number): Promise<boolean> {
  return (await orm(q).select({ id: users.id }).from(users).where(eq(users.id, id))).length > 0;
}

/** The names of these organisations, by code (codes with no organisation are left out). */
export async function organisationNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await orm(q)
    .select({ code: organisations.code, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** How long an OpenID Connect sign-in may take between leaving for the provider and coming back. */
const PENDING_MINUTES = 10;

export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** Keep a sign-in that left for the identity provider, clearing those that were never finished. */
export async function keepPendingSignIn(q: Queryable, pending: PendingSignIn, now: string): Promise<void> {
  await orm(q)
    .delete(oidcPending)
    .where(lt(oidcPending.createdAt, sql`${now}::timestamptz - make_interval(mins => ${PENDING_MINUTES})`));
  await orm(q)
    .insert(oidcPending)
    .values({ ...pending, createdAt: now });
}

/** Take (once) the sign-in this state names, if it has not expired. */
export async function takePendingSignIn(
  q: Queryable,
  state: string,
  now: string,
): Promise<PendingSignIn | null> {
  const [row] = await orm(q)
    .delete(oidcPending)
    .where(
      and(
        eq(oidcPending.state, state),
        gt(oidcPending.createdAt, sql`${now}::timestamptz - make_interval(mins => ${PENDING_MINUTES})`),
      ),
    )
    .returning({
      state: oidcPending.state,
      nonce: oidcPending.nonce,
      codeVerifier: oidcPending.codeVerifier,
      returnTo: oidcPending.returnTo,
    });
  return row ?? null;
}

/**
 * Server-side sessions: rows keyed by the SHA-256 of their token, ended by setting ended_at (src/auth/sessions.ts).
 * Plain updates go through the schema-typed builder; what reckons with intervals stays SQL.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { sessions as sessionsTable } from '../schema.js';
import type { Grant } from '../../domain/roles.js';
import type { UserRow } from './users.js';

export interface SessionRow {
  id: number;
  csrfToken: string;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** A session as its owner lists it: no CSRF token, with the browser that opened it. */
export interface ActiveSessionRow extends Omit<SessionRow, 'csrfToken'> {
  userAgent: string | null;
}

/** A session found by its token, with its user and how it stands at the time asked. */
export type SessionLookupRow = SessionRow &
  Omit<UserRow, 'id'> & {
    userId: number;
    /** unused for longer than the idle limit */
    idle: boolean;
    /** past its absolute expiry */
    expired: boolean;
    /** last seen more than a minute ago: its idle clock is due a write */
    touch: boolean;
    /** the user's grants, as grantsOf (users.ts) reads them: read with the session, one query a request */
    grants: Grant[];
  };

export async function insertSession(
  db: Queryable,
  s: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    method: string;
    absoluteHours: number;
    userAgent: string | null;
    at: string;
  },
): Promise<SessionRow> {
  const [session] = await db.query<SessionRow>(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, method, expires_at, user_agent, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $7::timestamptz + make_interval(hours => $5), $6, $7, $7)
     RETURNING id, csrf_token AS "csrfToken", method, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt"`,
    [s.tokenHash, s.userId, s.csrfToken, s.method, s.absoluteHours, s.userAgent, s.at],
  );
  return session!;
}

/** The session not yet ended with this token hash, judged at `at` against an idle limit in minutes; null when none. */
export async function sessionByTokenHash(
  db: Queryable,
  tokenHash: string,
  idleMinutes: number,
  at: string,
): Promise<SessionLookupRow | null> {
  const [row] = await db.query<SessionLookupRow>(
    `SELECT s.id, s.csrf_token AS "csrfToken", s.method, s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
            s.expires_at AS "expiresAt", s.user_id AS "userId",
            s.last_seen_at < $3::timestamptz - make_interval(mins => $2) AS idle, s.expires_at <= $3::timestamptz AS expired,
            s.last_seen_at < $3::timestamptz - interval '1 minute' AS touch,
            u.email, u.display_name AS "displayName", u.identity_source AS "identitySource", u.demo, u.disabled,
            u.last_sign_in_at AS "lastSignInAt",
            (SELECT coalesce(json_agg(json_build_object('id', g.id, 'role', g.role, 'orgCode', g.org_code)
                                      ORDER BY g.role, g.org_code), '[]')
               FROM grants g WHERE g.user_id = u.id) AS grants
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.ended_at IS NULL`,
    [tokenHash, idleMinutes, at],
  );
  return row ?? null;
}

export async function markSessionEnded(db: Queryable, sessionId: number, at: string): Promise<void> {
  await orm(db).update(sessionsTable).set({ endedAt: at }).where(eq(sessionsTable.id, sessionId));
}

export async function touchSession(db: Queryable, sessionId: number, at: string): Promise<void> {
  await orm(db).update(sessionsTable).set({ lastSeenAt: at }).where(eq(sessionsTable.id, sessionId));
}

/** End one of the user's sessions; false when it is not theirs or already ended. */
export async function endUserSession(
  db: Queryable,
  userId: number,
  sessionId: number,
  at: string,
): Promise<boolean> {
  const rows = await orm(db)
    .update(sessionsTable)
    .set({ endedAt: at })
    .where(
      and(eq(sessionsTable.id, sessionId), eq(sessionsTable.userId, userId), isNull(sessionsTable.endedAt)),
    )
    .returning({ id: sessionsTable.id });
  return rows.length > 0;
}

/** End the user's sessions not yet ended, but the one kept (when named); answers how many were ended. */
export async function endUserSessions(
  db: Queryable,
  userId: number,
  at: string,
  keepSessionId: number | null = null,
): Promise<number> {
  const rows = await orm(db)
    .update(sessionsTable)
    .set({ endedAt: at })
    .where(
      and(
        eq(sessionsTable.userId, userId),
        keepSessionId === null ? undefined : ne(sessionsTable.id, keepSessionId),
        isNull(sessionsTable.endedAt),
      ),
    )
    .returning({ id: sessionsTable.id });
  return rows.length;
}

/** The user's sessions live at `at` (not ended, not expired, used within the idle limit), last used first. */
export async function liveSessionsOf(
  db: Queryable,
  userId: number,
  idleMinutes: number,
  at: string,
): Promise<ActiveSessionRow[]> {
  return db.query<ActiveSessionRow>(
    `SELECT id, method, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", user_agent AS "userAgent"
       FROM sessions WHERE user_id = $1 AND ended_at IS NULL AND expires_at > $3::timestamptz
        AND last_seen_at >= $3::timestamptz - make_interval(mins => $2)
      ORDER BY last_seen_at DESC`,
    [userId, idleMinutes, at],
  );
}

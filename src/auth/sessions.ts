/**
 * Server-side sessions (ASVS V3): a fresh 256-bit token at every sign-in, only its SHA-256 stored; 30 minutes
 * idle and 12 hours absolute; sign-out ends the row, so a stolen cookie dies with it; users can list and end
 * their sessions, or all of them.
 */
import { nowIso } from '../domain/clock.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connect.js';
import type { Grant } from '../domain/roles.js';
import { grantsOf, type User } from './users.js';

export const SESSION_COOKIE = '__Host-lantern_session';
export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 12;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export interface SessionInfo {
  id: number;
  csrfToken: string;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface SignedIn {
  user: User;
  grants: Grant[];
  session: SessionInfo;
}

export async function createSession(
  db: Queryable,
  userId: number,
  method: 'password' | 'oidc',
  userAgent: string | null,
): Promise<{ token: string; session: SessionInfo }> {
  const token = newToken();
  const [session] = await db.query<SessionInfo>(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, method, expires_at, user_agent, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $7::timestamptz + make_interval(hours => $5), $6, $7, $7)
     RETURNING id, csrf_token AS "csrfToken", method, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt"`,
    [sha256(token), userId, newToken(), method, ABSOLUTE_HOURS, userAgent?.slice(0, 200) ?? null, nowIso()],
  );
  return { token, session: session! };
}

/** The live session for a cookie token, touching its idle clock; null when unknown, ended, idle or past its absolute expiry. */
export async function resolveSession(db: Queryable, token: string): Promise<SignedIn | null> {
  const [row] = await db.query<
    SessionInfo & {
      userId: number;
      idle: boolean;
      expired: boolean;
      touch: boolean;
      disabled: boolean;
    } & User
  >(
    `SELECT s.id, s.csrf_token AS "csrfToken", s.method, s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
            s.expires_at AS "expiresAt", s.user_id AS "userId",
            s.last_seen_at < $3::timestamptz - make_interval(mins => $2) AS idle, s.expires_at <= $3::timestamptz AS expired,
            s.last_seen_at < $3::timestamptz - interval '1 minute' AS touch,
            u.email, u.display_name AS "displayName", u.identity_source AS "identitySource", u.demo, u.disabled,
            u.last_sign_in_at AS "lastSignInAt"
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.ended_at IS NULL`,
    [sha256(token), IDLE_MINUTES, nowIso()],
  );
  if (!row) return null;
  if (row.idle || row.expired || row.disabled) {
    await db.query('UPDATE sessions SET ended_at = $2 WHERE id = $1', [row.id, nowIso()]);
    return null;
  }
  // the idle clock counts in minutes: one write a minute at most, not one per request
  if (row.touch) await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [row.id, nowIso()]);
  return {
    user: {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      identitySource: row.identitySource,
      demo: row.demo,
      disabled: row.disabled,
      lastSignInAt: row.lastSignInAt,
    },
    grants: await grantsOf(db, row.userId),
    session: {
      id: row.id,
      csrfToken: row.csrfToken,
      method: row.method,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
    },
  };
}

export async function endSession(db: Queryable, userId: number, sessionId: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE sessions SET ended_at = $3 WHERE id = $1 AND user_id = $2 AND ended_at IS NULL RETURNING id',
    [sessionId, userId, nowIso()],
  );
  return rows.length > 0;
}

export async function endAllSessions(db: Queryable, userId: number): Promise<number> {
  return (
    await db.query('UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL RETURNING id', [
      userId,
      nowIso(),
    ])
  ).length;
}

/** End every session of the user but one (after a password change, the session that made it stays). */
export async function endOtherSessions(
  db: Queryable,
  userId: number,
  keepSessionId: number,
): Promise<number> {
  return (
    await db.query(
      'UPDATE sessions SET ended_at = $3 WHERE user_id = $1 AND id <> $2 AND ended_at IS NULL RETURNING id',
      [userId, keepSessionId, nowIso()],
    )
  ).length;
}

export async function activeSessions(
  db: Queryable,
  userId: number,
): Promise<Array<Omit<SessionInfo, 'csrfToken'> & { userAgent: string | null }>> {
  return db.query(
    `SELECT id, method, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", user_agent AS "userAgent"
       FROM sessions WHERE user_id = $1 AND ended_at IS NULL AND expires_at > $3::timestamptz
        AND last_seen_at >= $3::timestamptz - make_interval(mins => $2)
      ORDER BY last_seen_at DESC`,
    [userId, IDLE_MINUTES, nowIso()],
  );
}

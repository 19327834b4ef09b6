/**
 * Server-side sessions (ASVS V3): a fresh 256-bit token at every sign-in, only its SHA-256 stored; 30 minutes
 * idle and 12 hours absolute; sign-out ends the row, so a stolen cookie dies with it; users can list and end
 * their sessions, or all of them.
 */
import { nowIso } from '../domain/clock.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connect.js';
import type { Grant } from '../domain/roles.js';
import type { User } from './users.js';
import * as sessions from '../db/repos/sessions.js';
import type { ActiveSessionRow, SessionRow } from '../db/repos/sessions.js';

export const SESSION_COOKIE = '__Host-lantern_session';
export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 12;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export type SessionInfo = SessionRow;

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
  const session = await sessions.insertSession(db, {
    tokenHash: sha256(token),
    userId,
    csrfToken: newToken(),
    method,
    absoluteHours: ABSOLUTE_HOURS,
    userAgent: userAgent?.slice(0, 200) ?? null,
    at: nowIso(),
  });
  return { token, session };
}

/** The live session for a cookie token, touching its idle clock; null when unknown, ended, idle or past its absolute expiry. */
export async function resolveSession(db: Queryable, token: string): Promise<SignedIn | null> {
  const row = await sessions.sessionByTokenHash(db, sha256(token), IDLE_MINUTES, nowIso());
  if (!row) return null;
  if (row.idle || row.expired || row.disabled) {
    await sessions.markSessionEnded(db, row.id, nowIso());
    return null;
  }
  // the idle clock counts in minutes: one write a minute at most, not one per request
  if (row.touch) await sessions.touchSession(db, row.id, nowIso());
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
    grants: row.grants,
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
  return sessions.endUserSession(db, userId, sessionId, nowIso());
}

export async function endAllSessions(db: Queryable, userId: number): Promise<number> {
  return sessions.endUserSessions(db, userId, nowIso());
}

/** End every session of the user but one (after a password change, the session that made it stays). */
export async function endOtherSessions(
  db: Queryable,
  userId: number,
  keepSessionId: number,
): Promise<number> {
  return sessions.endUserSessions(db, userId, nowIso(), keepSessionId);
}

export async function activeSessions(db: Queryable, userId: number): Promise<ActiveSessionRow[]> {
  return sessions.liveSessionsOf(db, userId, IDLE_MINUTES, nowIso());
}

/** Email preferences and the outbox (tables email_preferences and email_outbox, migration 0017). */
import type { Queryable } from '../connect.js';
import type { Grant } from '../../domain/roles.js';

export const EMAIL_MODES = ['off', 'immediate', 'weekly'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** A user's choice: 'off' when they never chose. */
export async function emailPreference(db: Queryable, userId: number): Promise<EmailMode> {
  const [row] = await db.query<{ mode: EmailMode }>('SELECT mode FROM email_preferences WHERE user_id = $1', [
    userId,
  ]);
  return row?.mode ?? 'off';
}

/** Record a user's choice; returns what it was before. */
export async function setEmailPreference(
  db: Queryable,
  userId: number,
  mode: EmailMode,
  at: string,
): Promise<EmailMode> {
  const was = await emailPreference(db, userId);
  await db.query(
    `INSERT INTO email_preferences (user_id, mode, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
    [userId, mode, at],
  );
  return was;
}

export interface Subscriber {
  userId: number;
  email: string;
  grants: Grant[];
}

/** The enabled accounts that chose this mode, with their grants (who they are decides what they may be told). */
export function subscribers(db: Queryable, mode: Exclude<EmailMode, 'off'>): Promise<Subscriber[]> {
  return db.query<Subscriber>(
    `SELECT u.id AS "userId", u.email,
            coalesce((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'orgCode', g.org_code) ORDER BY g.id)
                        FROM grants g WHERE g.user_id = u.id), '[]'::json) AS grants
       FROM email_preferences p JOIN users u ON u.id = p.user_id
      WHERE p.mode = $1 AND NOT u.disabled ORDER BY u.id`,
    [mode],
  );
}

export interface OutboxEntry {
  userId: number;
  kind: 'alert' | 'digest';
  alertId?: number;
  digestWeek?: string;
  recipient: string;
  subject: string;
  body: string;
  /** 'refused': kept as a record with no subject or body (the reason is in lastError) */
  status?: 'queued' | 'refused';
  lastError?: string;
  at: string;
}

/** Queue a message; false when this alert or week's digest was queued for the user before. */
export async function insertOutbox(db: Queryable, e: OutboxEntry): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO email_outbox (user_id, kind, alert_id, digest_week, recipient, subject, body, status, last_error,
                               next_attempt_at, queued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING RETURNING id`,
    [
      e.userId,
      e.kind,
      e.alertId ?? null,
      e.digestWeek ?? null,
      e.recipient,
      e.subject,
      e.body,
      e.status ?? 'queued',
      e.lastError ?? null,
      e.at,
    ],
  );
  return rows.length > 0;
}

export async function digestQueued(db: Queryable, userId: number, week: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM email_outbox WHERE user_id = $1 AND digest_week = $2', [
    userId,
    week,
  ]);
  return rows.length > 0;
}

export interface ClaimedMessage {
  id: number;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Claim up to `limit` messages that are due: each is leased to this sender until `leaseUntil` and its attempt
 * counted. Rows another sender is claiming at the same moment are skipped (FOR UPDATE SKIP LOCKED), and rows it
 * has claimed are not due again until its lease runs out, so no message goes to two senders.
 */
export function claimDue(
  db: Queryable,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedMessage[]> {
  return db.query<ClaimedMessage>(
    `UPDATE email_outbox o SET attempts = o.attempts + 1, claimed_until = $2, last_attempt_at = $1
      WHERE o.id IN (SELECT id FROM email_outbox
                      WHERE status = 'queued' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING o.id, o.recipient, o.subject, o.body, o.attempts`,
    [now, leaseUntil, limit],
  );
}

export async function markSent(db: Queryable, id: number, at: string): Promise<void> {
  await db.query(
    `UPDATE email_outbox SET status = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1`,
    [id, at],
  );
}

/** Record a failed attempt: tried again at `retryAt`, or given up ('failed') when it is null. */
export async function markAttemptFailed(
  db: Queryable,
  id: number,
  error: string,
  retryAt: string | null,
): Promise<void> {
  await db.query(
    `UPDATE email_outbox SET claimed_until = NULL, last_error = $2,
            status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE status END,
            next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
      WHERE id = $1`,
    [id, error, retryAt],
  );
}

/** Refuse a claimed message at the last moment (the scanner found what looks like an NHS number): no body is kept. */
export async function markRefused(db: Queryable, id: number, reason: string): Promise<void> {
  await db.query(
    `UPDATE email_outbox SET status = 'refused', subject = '', body = '', claimed_until = NULL, last_error = $2
      WHERE id = $1`,
    [id, reason],
  );
}

/** Messages still unsent that were queued before `before` are stale: they are marked expired, not sent. */
export async function expireStale(db: Queryable, before: string, now: string): Promise<number> {
  const rows = await db.query(
    `UPDATE email_outbox SET status = 'expired', claimed_until = NULL
      WHERE status = 'queued' AND queued_at < $1 AND (claimed_until IS NULL OR claimed_until <= $2) RETURNING id`,
    [before, now],
  );
  return rows.length;
}

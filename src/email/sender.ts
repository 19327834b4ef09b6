/**
 * Sending the outbox: claim what is due (FOR UPDATE SKIP LOCKED, with a lease, so two senders — two servers, or a
 * server and `lantern alerts send` from cron — never send one message twice), send each through the SMTP relay,
 * and record what happened: sent; or the error, and a retry after a back-off that doubles (1, 2, 4 … 60 minutes)
 * until MAX_ATTEMPTS, then 'failed'. A message still unsent a week after it was queued is stale and expires.
 */
import nodemailer from 'nodemailer';
import type { Queryable } from '../db/connect.js';
import { claimDue, expireStale, markAttemptFailed, markRefused, markSent } from '../db/repos/email.js';
import { now as clockNow } from '../domain/clock.js';
import { completeLinks, PatientDataInMessage } from './compose.js';
import type { EmailSettings } from './settings.js';

/** What sends one message (nodemailer's SMTP transport; tests may pass their own). */
export interface Mailer {
  sendMail(m: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId: string;
  }): Promise<unknown>;
}

export const MAX_ATTEMPTS = 8;
/** The wait after the n-th failed attempt: 1 minute, doubling, at most an hour. */
export const retryDelaySeconds = (attempt: number): number => Math.min(3600, 60 * 2 ** (attempt - 1));
const MAX_AGE_MS = 7 * 86_400_000;
/** how long a claimed message is this sender's to send, before another may take it up (a sender that died) */
const LEASE_MS = 10 * 60_000;

export function createMailer(settings: EmailSettings): Mailer {
  return nodemailer.createTransport({
    ...settings.smtp,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

export interface SendReport {
  sent: number;
  /** failed this time, to be tried again after the back-off */
  retrying: number;
  /** failed for the last time (MAX_ATTEMPTS) */
  failed: number;
  refused: number;
  expired: number;
}

export interface SendOptions {
  from: string;
  publicUrl: string;
  /** the clock (tests move it on instead of waiting) */
  now?: Date;
  /** how many messages one claim takes */
  batch?: number;
}

/** Send every message that is due now; returns what became of them. */
export async function sendDue(db: Queryable, mailer: Mailer, o: SendOptions): Promise<SendReport> {
  const now = o.now ?? clockNow();
  const at = now.toISOString();
  const report: SendReport = { sent: 0, retrying: 0, failed: 0, refused: 0, expired: 0 };
  report.expired = await expireStale(db, new Date(now.getTime() - MAX_AGE_MS).toISOString(), at);
  const host = new URL(o.publicUrl).hostname || 'lantern';
  for (;;) {
    const claimed = await claimDue(db, at, new Date(now.getTime() + LEASE_MS).toISOString(), o.batch ?? 20);
    if (claimed.length === 0) return report;
    for (const m of claimed) {
      let message;
      try {
        message = completeLinks(m, o.publicUrl);
      } catch (e) {
        if (!(e instanceof PatientDataInMessage)) throw e;
        await markRefused(db, m.id, e.message);
        report.refused++;
        continue;
      }
      try {
        await mailer.sendMail({
          from: o.from,
          to: m.recipient,
          subject: message.subject,
          text: message.body,
          // the same id on every attempt, so a relay or reader can tell a repeat from a new message
          messageId: `<outbox-${m.id}@${host}>`,
        });
        await markSent(db, m.id, o.now ? at : clockNow().toISOString());
        report.sent++;
      } catch (e) {
        const last = m.attempts >= MAX_ATTEMPTS;
        const error = ((e as Error).message || String(e)).slice(0, 500);
        await markAttemptFailed(
          db,
          m.id,
          `attempt ${m.attempts}: ${error}`,
          last ? null : new Date(now.getTime() + retryDelaySeconds(m.attempts) * 1000).toISOString(),
        );
        report[last ? 'failed' : 'retrying']++;
      }
    }
  }
}

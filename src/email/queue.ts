/**
 * Queueing email: a message for each new alert to those who chose immediate alerts (in the transaction that raises
 * the alert, src/alerts/service.ts), and once a week a digest of each weekly subscriber's unread alerts. Who is told
 * about an alert is decided as the inbox decides who sees it: the practices their grants cover for 'alerts.read'.
 */
import type { Queryable } from '../db/connect.js';
import { Permissions } from '../auth/policy.js';
import { digestQueued, insertOutbox, subscribers, type Subscriber } from '../db/repos/email.js';
import { inboxPage } from '../alerts/service.js';
import type { AlertKind } from '../alerts/kinds.js';
import type { Tier } from '../variation/rules.js';
import { now as clockNow } from '../domain/clock.js';
import {
  alertMessage,
  digestMessage,
  DIGEST_LIST,
  PatientDataInMessage,
  type AlertFacts,
  type Message,
} from './compose.js';

export interface Recipient {
  userId: number;
  email: string;
  /** the practices whose alerts they see (null: every practice) */
  practices: Set<string> | null;
}

async function inScope(db: Queryable, s: Subscriber): Promise<Recipient | null> {
  const p = new Permissions(db, s.grants, s.userId);
  if (!p.holds('alerts.read')) return null;
  return { userId: s.userId, email: s.email, practices: await p.organisationsFor('alerts.read') };
}

/**
 * Who gets an email for a new alert about a practice: asked once, before alerts are raised (outside their
 * transactions), and answered per practice.
 */
export async function immediateRecipients(db: Queryable): Promise<(practice: string) => Recipient[]> {
  const all: Recipient[] = [];
  for (const s of await subscribers(db, 'immediate')) {
    const r = await inScope(db, s);
    if (r) all.push(r);
  }
  return (practice) => all.filter((r) => r.practices === null || r.practices.has(practice));
}

export interface QueueReport {
  queued: number;
  /** messages refused because the scanner found what looks like an NHS number (recorded, never sent) */
  refused: number;
}

/** Compose, or the refusal to record instead. */
function compose(make: () => Message): Message | { refused: string } {
  try {
    return make();
  } catch (e) {
    if (e instanceof PatientDataInMessage) return { refused: e.message };
    throw e;
  }
}

async function queue(
  db: Queryable,
  r: Recipient,
  m: Message | { refused: string },
  about: { kind: 'alert'; alertId: number } | { kind: 'digest'; digestWeek: string },
  at: string,
  report: QueueReport,
): Promise<void> {
  const refused = 'refused' in m;
  const inserted = await insertOutbox(db, {
    userId: r.userId,
    ...about,
    recipient: r.email,
    subject: refused ? '' : m.subject,
    body: refused ? '' : m.body,
    status: refused ? 'refused' : 'queued',
    ...(refused ? { lastError: m.refused } : {}),
    at,
  });
  if (inserted) report[refused ? 'refused' : 'queued']++;
}

/** Queue the message announcing an alert to each recipient (call in the alert's own transaction). */
export async function queueAlertEmails(
  tx: Queryable,
  alertId: number,
  facts: AlertFacts,
  recipients: Recipient[],
  at: string,
): Promise<QueueReport> {
  const report = { queued: 0, refused: 0 };
  if (recipients.length === 0) return report;
  const m = compose(() => alertMessage(facts));
  for (const r of recipients) await queue(tx, r, m, { kind: 'alert', alertId }, at, report);
  return report;
}

/** The Monday (UTC) of the week `at` falls in, as YYYY-MM-DD: a digest is queued once per user and week. */
export function weekOf(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export interface DigestReport extends QueueReport {
  week: string;
  /** weekly subscribers whose digest for this week was queued before (a second run in the week) */
  before: number;
  /** weekly subscribers with no unread alert raised in the last seven days: nothing is sent */
  nothingNew: number;
}

/**
 * Queue this week's digest for every weekly subscriber: their unread alerts raised in the seven days before `now`
 * (the inbox's own query, so they are the alerts their inbox shows), one message each; none when there are none.
 * Running it again in the same week queues nothing more.
 */
export async function queueWeeklyDigests(db: Queryable, opts: { now?: Date } = {}): Promise<DigestReport> {
  const now = opts.now ?? clockNow();
  const week = weekOf(now);
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const report: DigestReport = { week, queued: 0, refused: 0, before: 0, nothingNew: 0 };
  for (const s of await subscribers(db, 'weekly')) {
    if (await digestQueued(db, s.userId, week)) {
      report.before++;
      continue;
    }
    const r = await inScope(db, s);
    if (!r) continue;
    const page = await inboxPage(db, r.userId, r.practices && [...r.practices], {
      status: 'unread',
      since: since.toISOString(),
      until: now.toISOString(),
      page: 1,
      pageSize: DIGEST_LIST,
    });
    if (page.matching === 0) {
      report.nothingNew++;
      continue;
    }
    const practiceName = new Map(page.choices.practices.map((p) => [p.code, p.name]));
    const indicatorTitle = new Map(page.choices.indicators.map((i) => [i.code, i.title]));
    const items: AlertFacts[] = page.alerts.map((a) => ({
      kind: a.kind as AlertKind,
      practiceCode: a.practiceCode,
      practiceName: practiceName.get(a.practiceCode) ?? null,
      indicatorCode: a.indicatorCode,
      indicatorTitle: a.indicatorCode ? (indicatorTitle.get(a.indicatorCode) ?? null) : null,
      periodStart: a.periodStart,
      tierFrom: (a.details.from as Tier | undefined) ?? null,
      tierTo: (a.details.to as Tier | undefined) ?? null,
    }));
    const m = compose(() =>
      digestMessage({
        from: since.toISOString().slice(0, 10),
        to: now.toISOString().slice(0, 10),
        items,
        total: page.matching,
      }),
    );
    await queue(db, r, m, { kind: 'digest', digestWeek: week }, now.toISOString(), report);
  }
  return report;
}

/**
 * Alerts for the inbox, raised after results are computed (`lantern compute`): a practice's tier changed under the
 * rules in force, a practice's latest value of an indicator crossed a 99.8% limit that the period before did not,
 * or its CUSUM signalled a sustained shift in the worse direction in the latest period. Raising is idempotent (each alert has a key), so running it again raises nothing new. The commissioner team
 * covering the practice and the practice itself see an alert on their next visit; each reader marks it read. Those
 * who chose an email for each new alert have it queued with the alert (src/email, docs/email.md).
 */
import { isWorse } from '../variation/direction.js';
import type { Database, Queryable } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { listIndicators } from '../db/repos/indicators.js';
import { TIER_LABEL, type Tier } from '../variation/rules.js';
import { currentRules, evaluateCached } from '../variation/service.js';
import { ALERT_KIND_LABEL, ALERT_KINDS, type AlertKind } from './kinds.js';
import { CUSUM_H, MIN_CUSUM_PERIODS } from '../variation/practice-cusum.js';
import { indicatorCusum, type PracticeCusumState } from '../variation/cusum-state.js';
import { immediateRecipients, queueAlertEmails, type Recipient } from '../email/queue.js';
import { readDataVersion } from '../db/data-version.js';
import {
  alertsRaisedAtVersion,
  inboxAlerts,
  inboxCounts,
  inboxIndicators,
  inboxKinds,
  inboxPractices,
  insertAlerts as insertAlertRecords,
  insertAlertReads,
  recordAlertsRaised,
  recordedTiers,
  recordTiers,
  type InboxAlert,
} from '../db/repos/alerts.js';
import { organisationNames } from '../db/repos/accounts.js';
import { fittedPeriods, limitCrossings } from '../variation/stored-results.js';

export type { InboxAlert };

export interface RaiseReport {
  tierChanges: number;
  limitCrossings: number;
  /** CUSUM signals in the worse direction in an indicator's latest period */
  cusumSignals: number;
  /** practices whose tier was recorded for the first time (a baseline: no alert) */
  baseline: number;
  /** nothing alerts depend on had changed since they were last raised in full, so nothing was evaluated */
  upToDate: boolean;
}

/** Those who chose an email for each new alert, by practice. */
type Subscribed = (practice: string) => Recipient[];

/** An alert to raise, with the practice's name and the indicator's title for its emails (never the message text). */
interface AlertToRaise {
  key: string;
  kind: AlertKind;
  practice: string;
  practiceName: string | null;
  indicatorTitle?: string | null;
  indicator?: string;
  periodStart?: string;
  message: string;
  details: object;
}

/**
 * Insert alerts in one transaction, a batch per statement, with the emails of those who chose one for each new alert
 * about its practice: an alert is never raised without its emails, nor an email queued for an alert not raised. The
 * keys raised (an alert whose key exists is not raised again). One statement per alert took 1.5 s for 752 tier
 * changes at 6,500 practices.
 */
async function raiseAll(
  db: Queryable | Database,
  subscribed: Subscribed,
  list: AlertToRaise[],
): Promise<Set<string>> {
  if (list.length === 0) return new Set();
  const raise = async (tx: Queryable) => {
    const at = nowIso();
    const ids = await insertAlertRecords(
      tx,
      list.map((a) => ({
        key: a.key,
        kind: a.kind,
        practice: a.practice,
        indicator: a.indicator ?? null,
        periodStart: a.periodStart ?? null,
        message: a.message,
        details: a.details,
        at,
      })),
    );
    for (const a of list) {
      const id = ids.get(a.key);
      const recipients = id === undefined ? [] : subscribed(a.practice);
      if (recipients.length === 0) continue;
      const details = a.details as { from?: Tier; to?: Tier };
      await queueAlertEmails(
        tx,
        id!,
        {
          kind: a.kind,
          practiceCode: a.practice,
          practiceName: a.practiceName,
          indicatorCode: a.indicator ?? null,
          indicatorTitle: a.indicatorTitle ?? null,
          periodStart: a.periodStart ?? null,
          tierFrom: details.from ?? null,
          tierTo: details.to ?? null,
        },
        recipients,
        at,
      );
    }
    return new Set(ids.keys());
  };
  // given a transaction (a Queryable only), the caller's transaction is the alerts'
  return 'transaction' in db ? db.transaction(raise) : raise(db);
}

/** How many of the alerts were raised. */
const countRaised = (list: AlertToRaise[], raised: Set<string>) =>
  list.filter((a) => raised.has(a.key)).length;

export async function raiseAlerts(db: Queryable | Database): Promise<RaiseReport> {
  const report: RaiseReport = {
    tierChanges: 0,
    limitCrossings: 0,
    cusumSignals: 0,
    baseline: 0,
    upToDate: false,
  };
  // the first call adopts the default rules (a write), so the version is read after it
  const rules = await currentRules(db);
  // alerts follow from results, tiers and rules, all of which move the data version: at the version of the last
  // full run there is nothing new (an interrupted run records nothing, so the next one runs in full)
  const version = await readDataVersion(db);
  if ((await alertsRaisedAtVersion(db)) === version) return { ...report, upToDate: true };
  const subscribed = await immediateRecipients(db);
  if (rules) {
    const e = await evaluateCached(db, rules);
    const known = new Map((await recordedTiers(db)).map((r) => [r.code, r]));
    const record: Array<[string, Tier]> = [];
    const changes: AlertToRaise[] = [];
    for (const [code, d] of e.decisions) {
      const was = known.get(code);
      if (was && was.tier === d.tier) continue;
      record.push([code, d.tier]);
      if (was)
        changes.push({
          key: `tier:${code}:${was.tier}>${d.tier}:v${rules.version}:${nowIso().slice(0, 10)}`,
          kind: 'tier_change',
          practice: code,
          practiceName: d.name,
          message: `${d.name}: tier changed from “${TIER_LABEL[was.tier]}” to “${TIER_LABEL[d.tier]}” (${d.reason})`,
          details: { from: was.tier, to: d.tier, ruleVersion: rules.version, reason: d.reason },
        });
      else report.baseline++;
    }
    report.tierChanges = countRaised(changes, await raiseAll(db, subscribed, changes));
    // every new or changed tier in one statement (a first run records all practices)
    if (record.length) await recordTiers(db, record, rules.version, nowIso());
  }
  // newly beyond a 99.8% limit in each indicator's latest fitted period
  const titles = new Map((await listIndicators(db)).map((d) => [d.code, d]));
  const crossings = (await limitCrossings(db)).map((c): AlertToRaise => {
    const def = titles.get(c.indicator);
    const worse = isWorse(def?.direction, c.flag);
    return {
      key: `limit:${c.practice}:${c.indicator}:${c.periodStart}:${c.flag}`,
      kind: 'limit_crossed',
      practice: c.practice,
      practiceName: c.name,
      indicatorTitle: def?.title ?? null,
      indicator: c.indicator,
      periodStart: c.periodStart,
      message: `${c.name}: ${def?.title ?? c.indicator} for the period starting ${c.periodStart} is ${c.flag === 'high' ? 'higher' : 'lower'} than expected beyond the 99.8% limits${worse ? ' (the worse direction)' : def?.direction === 'neither' ? '' : ' (the better direction)'}`,
      details: { value: c.value, lower: c.lower, upper: c.upper, flag: c.flag, worse },
    };
  });
  report.limitCrossings = countRaised(crossings, await raiseAll(db, subscribed, crossings));
  // sustained shifts: a CUSUM signal in the worse direction in the indicator's latest fitted period (the sums run
  // on from the last run's where its periods are unchanged, so a new month reads that month's counts only)
  for (const [indicator, periods] of await fittedPeriods(db)) {
    const periodStart = periods.at(-1)!.periodStart;
    const def = titles.get(indicator);
    const worseArm = isWorse(def?.direction, 'higher')
      ? 'higher'
      : isWorse(def?.direction, 'lower')
        ? 'lower'
        : null;
    if (!worseArm) continue;
    const signalled: Array<{ practice: string; last: PracticeCusumState }> = [];
    for (const [practice, last] of (await indicatorCusum(db, indicator, periods)).practices)
      if (last.points >= MIN_CUSUM_PERIODS && last.lastStart === periodStart && last.signal === worseArm)
        signalled.push({ practice, last });
    const names = await organisationNames(
      db,
      signalled.map((s) => s.practice),
    );
    const shifts = signalled.map(({ practice, last }): AlertToRaise => {
      const name = names.get(practice) ?? practice;
      return {
        key: `cusum:${practice}:${indicator}:${periodStart}:${last.signal}`,
        kind: 'cusum',
        practice,
        practiceName: name,
        indicatorTitle: def?.title ?? null,
        indicator,
        periodStart,
        message: `${name}: ${def?.title ?? indicator} shows a sustained shift (CUSUM) to ${last.signal} than expected, signalled in the period starting ${periodStart}`,
        details: { signal: last.signal, upper: last.upper, lower: last.lower, h: CUSUM_H },
      };
    });
    report.cusumSignals += countRaised(shifts, await raiseAll(db, subscribed, shifts));
  }
  // the version read at the start: whatever changed while these were raised is looked at next time
  await recordAlertsRaised(db, version, nowIso());
  return report;
}

/** Alerts about these practices (null: all), newest first, with whether this user has read each. */
export async function inbox(
  db: Queryable,
  userId: number,
  practices: string[] | null,
  limit = 200,
): Promise<InboxAlert[]> {
  return (await inboxPage(db, userId, practices, { page: 1, pageSize: limit })).alerts;
}

export interface InboxFilter {
  kind?: AlertKind;
  practice?: string;
  indicator?: string;
  /** only the alerts this user has (not) read */
  status?: 'unread' | 'read';
  /** only alerts raised at or after `since` and before `until` (ISO instants; the weekly digest) */
  since?: string;
  until?: string;
  page: number;
  pageSize: number;
}

export interface InboxPage {
  /** every alert in this user's inbox, and how many of them are unread (whatever the filter) */
  all: number;
  unread: number;
  /** the alerts the filter keeps, and how many of those are unread */
  matching: number;
  matchingUnread: number;
  page: number;
  pageSize: number;
  alerts: InboxAlert[];
  /** what the filter can choose from: every kind, practice and indicator in the inbox, with its count */
  choices: {
    kinds: Array<{ kind: AlertKind; label: string; count: number }>;
    practices: Array<{ code: string; name: string | null; count: number }>;
    indicators: Array<{ code: string; title: string | null; count: number }>;
  };
}

/**
 * One page of a user's inbox, filtered in the database (kind, practice, indicator, read or unread), newest first,
 * with the counts the page needs to say what the filter kept and left out.
 */
export async function inboxPage(
  db: Queryable,
  userId: number,
  practices: string[] | null,
  f: InboxFilter,
): Promise<InboxPage> {
  const q = {
    userId,
    practices,
    kind: f.kind ?? null,
    practice: f.practice ?? null,
    indicator: f.indicator ?? null,
    status: f.status ?? null,
    since: f.since ?? null,
    until: f.until ?? null,
  };
  const alerts = await inboxAlerts(db, q, f.pageSize, (f.page - 1) * f.pageSize);
  const counts = await inboxCounts(db, q);
  const kinds = await inboxKinds(db, q);
  const practiceChoices = await inboxPractices(db, q);
  const indicatorChoices = await inboxIndicators(db, q);
  const byKind = new Map(kinds.map((k) => [k.kind, k.count]));
  return {
    ...counts,
    page: f.page,
    pageSize: f.pageSize,
    alerts,
    choices: {
      kinds: ALERT_KINDS.filter((k) => byKind.has(k)).map((k) => ({
        kind: k,
        label: ALERT_KIND_LABEL[k],
        count: byKind.get(k)!,
      })),
      practices: practiceChoices,
      indicators: indicatorChoices,
    },
  };
}

export async function markRead(db: Queryable, userId: number, ids: number[]): Promise<void> {
  await insertAlertReads(db, userId, ids, nowIso());
}

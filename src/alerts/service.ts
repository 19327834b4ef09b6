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
import { CUSUM_H, cusumSeries, MIN_CUSUM_PERIODS } from '../variation/practice-cusum.js';
import { immediateRecipients, queueAlertEmails, type Recipient } from '../email/queue.js';

export interface RaiseReport {
  tierChanges: number;
  limitCrossings: number;
  /** CUSUM signals in the worse direction in an indicator's latest period */
  cusumSignals: number;
  /** practices whose tier was recorded for the first time (a baseline: no alert) */
  baseline: number;
}

/** Those who chose an email for each new alert, by practice. */
type Subscribed = (practice: string) => Recipient[];

/**
 * Insert an alert; when someone chose an email for each new alert about its practice, the messages are queued in the
 * same transaction, so an alert is never raised without its emails nor an email queued for an alert not raised.
 */
async function insertAlert(
  db: Queryable | Database,
  subscribed: Subscribed,
  a: {
    key: string;
    kind: AlertKind;
    practice: string;
    /** the practice's name and the indicator's title, for the email (never the message text) */
    practiceName: string | null;
    indicatorTitle?: string | null;
    indicator?: string;
    periodStart?: string;
    message: string;
    details: object;
  },
): Promise<boolean> {
  const recipients = subscribed(a.practice);
  if (recipients.length === 0) return (await insertAlertRow(db, a)) !== null;
  const raise = async (tx: Queryable) => {
    const id = await insertAlertRow(tx, a);
    if (id === null) return false;
    const details = a.details as { from?: Tier; to?: Tier };
    await queueAlertEmails(
      tx,
      id,
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
      nowIso(),
    );
    return true;
  };
  // given a transaction (a Queryable only), the caller's transaction is the alert's
  return 'transaction' in db ? db.transaction(raise) : raise(db);
}

async function insertAlertRow(
  db: Queryable,
  a: {
    key: string;
    kind: AlertKind;
    practice: string;
    indicator?: string;
    periodStart?: string;
    message: string;
    details: object;
  },
): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO alerts (key, kind, practice_code, indicator_code, period_start, message, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING RETURNING id`,
    [
      a.key,
      a.kind,
      a.practice,
      a.indicator ?? null,
      a.periodStart ?? null,
      a.message,
      JSON.stringify(a.details),
      nowIso(),
    ],
  );
  return rows[0]?.id ?? null;
}

export async function raiseAlerts(db: Queryable | Database): Promise<RaiseReport> {
  const report: RaiseReport = { tierChanges: 0, limitCrossings: 0, cusumSignals: 0, baseline: 0 };
  const subscribed = await immediateRecipients(db);
  const rules = await currentRules(db);
  if (rules) {
    const e = await evaluateCached(db, rules);
    const known = new Map(
      (
        await db.query<{ code: string; tier: Tier; version: number }>(
          `SELECT practice_code AS code, tier, rule_version AS version FROM practice_tiers`,
        )
      ).map((r) => [r.code, r]),
    );
    const record: Array<[string, Tier]> = [];
    for (const [code, d] of e.decisions) {
      const was = known.get(code);
      if (was && was.tier === d.tier) continue;
      record.push([code, d.tier]);
      if (was) {
        const raised = await insertAlert(db, subscribed, {
          key: `tier:${code}:${was.tier}>${d.tier}:v${rules.version}:${nowIso().slice(0, 10)}`,
          kind: 'tier_change',
          practice: code,
          practiceName: d.name,
          message: `${d.name}: tier changed from “${TIER_LABEL[was.tier]}” to “${TIER_LABEL[d.tier]}” (${d.reason})`,
          details: { from: was.tier, to: d.tier, ruleVersion: rules.version, reason: d.reason },
        });
        if (raised) report.tierChanges++;
      } else report.baseline++;
    }
    // every new or changed tier in one statement (a first run records all practices)
    if (record.length)
      await db.query(
        `INSERT INTO practice_tiers (practice_code, tier, rule_version, recorded_at)
         SELECT c, t, $3, $4 FROM unnest($1::text[], $2::text[]) AS u(c, t)
         ON CONFLICT (practice_code) DO UPDATE SET tier = excluded.tier, rule_version = excluded.rule_version, recorded_at = excluded.recorded_at`,
        [record.map((r) => r[0]), record.map((r) => r[1]), rules.version, nowIso()],
      );
  }
  // newly beyond a 99.8% limit in each indicator's latest computed period
  const titles = new Map((await listIndicators(db)).map((d) => [d.code, d]));
  const crossings = await db.query<{
    indicator: string;
    practice: string;
    name: string;
    periodStart: string;
    value: number;
    lower: number;
    upper: number;
    flag: 'high' | 'low';
  }>(
    `WITH latest AS (
       SELECT indicator_code, max(period_start) AS period_start FROM variation_computations WHERE practices > 0 GROUP BY indicator_code),
     previous AS (
       SELECT c.indicator_code, max(c.period_start) AS period_start FROM variation_computations c
         JOIN latest l ON l.indicator_code = c.indicator_code AND c.period_start < l.period_start
        WHERE c.practices > 0 GROUP BY c.indicator_code)
     SELECT r.indicator_code AS indicator, r.org_code AS practice, o.name, r.period_start AS "periodStart", r.value,
            r.lower_99_8 AS lower, r.upper_99_8 AS upper, r.flag_99_8 AS flag
       FROM latest l
       JOIN variation_results r ON r.indicator_code = l.indicator_code AND r.period_start = l.period_start AND r.flag_99_8 <> ''
       JOIN organisations o ON o.code = r.org_code
       LEFT JOIN previous p ON p.indicator_code = l.indicator_code
       LEFT JOIN variation_results b ON b.indicator_code = r.indicator_code AND b.period_start = p.period_start AND b.org_code = r.org_code
      WHERE p.period_start IS NOT NULL AND coalesce(b.flag_99_8, '') <> r.flag_99_8
      ORDER BY 1, 2`,
  );
  for (const c of crossings) {
    const def = titles.get(c.indicator);
    const worse = isWorse(def?.direction, c.flag);
    const raised = await insertAlert(db, subscribed, {
      key: `limit:${c.practice}:${c.indicator}:${c.periodStart}:${c.flag}`,
      kind: 'limit_crossed',
      practice: c.practice,
      practiceName: c.name,
      indicatorTitle: def?.title ?? null,
      indicator: c.indicator,
      periodStart: c.periodStart,
      message: `${c.name}: ${def?.title ?? c.indicator} for the period starting ${c.periodStart} is ${c.flag === 'high' ? 'higher' : 'lower'} than expected beyond the 99.8% limits${worse ? ' (the worse direction)' : def?.direction === 'neither' ? '' : ' (the better direction)'}`,
      details: { value: c.value, lower: c.lower, upper: c.upper, flag: c.flag, worse },
    });
    if (raised) report.limitCrossings++;
  }
  // sustained shifts: a CUSUM signal in the worse direction in the indicator's latest computed period
  const latest = await db.query<{ indicator: string; periodStart: string }>(
    `SELECT indicator_code AS indicator, max(period_start) AS "periodStart" FROM variation_computations WHERE practices > 0 GROUP BY 1`,
  );
  for (const { indicator, periodStart } of latest) {
    const def = titles.get(indicator);
    const worseArm = isWorse(def?.direction, 'higher')
      ? 'higher'
      : isWorse(def?.direction, 'lower')
        ? 'lower'
        : null;
    if (!worseArm) continue;
    const rows = await db.query<{
      practice: string;
      name: string;
      periodStart: string;
      value: number;
      expected: number;
      z: number;
    }>(
      `SELECT r.org_code AS practice, o.name, r.period_start AS "periodStart", r.value, r.expected, r.z_adjusted AS z
         FROM variation_results r JOIN organisations o ON o.code = r.org_code WHERE r.indicator_code = $1
          AND r.org_code IN (SELECT org_code FROM variation_results WHERE indicator_code = $1 AND period_start = $2)
        ORDER BY r.org_code, r.period_start`,
      [indicator, periodStart],
    );
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j < rows.length && rows[j]!.practice === rows[i]!.practice) j++;
      const practice = rows[i]!.practice;
      const series = rows.slice(i, j).map(({ practice: _p, name: _n, ...r }) => r);
      const name = rows[i]!.name;
      i = j;
      if (series.length < MIN_CUSUM_PERIODS) continue;
      const last = cusumSeries(indicator, series).points.at(-1)!;
      if (last.signal !== worseArm || last.periodStart !== periodStart) continue;
      const raised = await insertAlert(db, subscribed, {
        key: `cusum:${practice}:${indicator}:${periodStart}:${last.signal}`,
        kind: 'cusum',
        practice,
        practiceName: name,
        indicatorTitle: def?.title ?? null,
        indicator,
        periodStart,
        message: `${name}: ${def?.title ?? indicator} shows a sustained shift (CUSUM) to ${last.signal} than expected, signalled in the period starting ${periodStart}`,
        details: { signal: last.signal, upper: last.upper, lower: last.lower, h: CUSUM_H },
      });
      if (raised) report.cusumSignals++;
    }
  }
  return report;
}

export interface InboxAlert {
  id: number;
  kind: string;
  practiceCode: string;
  indicatorCode: string | null;
  periodStart: string | null;
  message: string;
  details: Record<string, unknown>;
  createdAt: string;
  read: boolean;
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
  const scope = `FROM alerts a LEFT JOIN alert_reads r ON r.alert_id = a.id AND r.user_id = $1
      WHERE ($2::text[] IS NULL OR a.practice_code = ANY($2))`;
  const filtered = `${scope}
        AND ($3::text IS NULL OR a.kind = $3) AND ($4::text IS NULL OR a.practice_code = $4)
        AND ($5::text IS NULL OR a.indicator_code = $5)
        AND ($6::text IS NULL OR (r.alert_id IS NOT NULL) = ($6 = 'read'))
        AND ($7::timestamptz IS NULL OR a.created_at >= $7) AND ($8::timestamptz IS NULL OR a.created_at < $8)`;
  const args = [
    userId,
    practices,
    f.kind ?? null,
    f.practice ?? null,
    f.indicator ?? null,
    f.status ?? null,
    f.since ?? null,
    f.until ?? null,
  ];
  const alerts = await db.query<InboxAlert>(
    `SELECT a.id, a.kind, a.practice_code AS "practiceCode", a.indicator_code AS "indicatorCode",
            a.period_start AS "periodStart", a.message, a.details, a.created_at AS "createdAt",
            (r.alert_id IS NOT NULL) AS read
       ${filtered}
      ORDER BY a.created_at DESC, a.id DESC LIMIT $9 OFFSET $10`,
    [...args, f.pageSize, (f.page - 1) * f.pageSize],
  );
  const [counts] = await db.query<{ all: number; unread: number; matching: number; matchingUnread: number }>(
    `SELECT (SELECT count(*)::int ${scope}) AS all,
            (SELECT count(*)::int ${scope} AND r.alert_id IS NULL) AS unread,
            (SELECT count(*)::int ${filtered}) AS matching,
            (SELECT count(*)::int ${filtered} AND r.alert_id IS NULL) AS "matchingUnread"`,
    args,
  );
  const kinds = await db.query<{ kind: AlertKind; count: number }>(
    `SELECT a.kind, count(*)::int AS count ${scope} GROUP BY a.kind`,
    args.slice(0, 2),
  );
  const practiceChoices = await db.query<{ code: string; name: string | null; count: number }>(
    `SELECT a.practice_code AS code, min(o.name) AS name, count(*)::int AS count
       FROM (SELECT a.* ${scope}) a LEFT JOIN organisations o ON o.code = a.practice_code
      GROUP BY a.practice_code ORDER BY min(o.name), a.practice_code`,
    args.slice(0, 2),
  );
  const indicatorChoices = await db.query<{ code: string; title: string | null; count: number }>(
    `SELECT a.indicator_code AS code,
            (SELECT d.title FROM indicators d WHERE d.code = a.indicator_code ORDER BY d.version DESC LIMIT 1) AS title,
            count(*)::int AS count
       FROM (SELECT a.* ${scope} AND a.indicator_code IS NOT NULL) a
      GROUP BY a.indicator_code ORDER BY 2, 1`,
    args.slice(0, 2),
  );
  const byKind = new Map(kinds.map((k) => [k.kind, k.count]));
  return {
    ...counts!,
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
  await db.query(
    `INSERT INTO alert_reads (alert_id, user_id, read_at) SELECT id, $1, $3 FROM alerts WHERE id = ANY($2)
     ON CONFLICT DO NOTHING`,
    [userId, ids, nowIso()],
  );
}

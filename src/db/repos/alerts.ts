/**
 * Inbox alerts (tables alerts, alert_reads, practice_tiers) and what raising them reads: the tiers last recorded,
 * limit crossings and CUSUM series from the variation results.
 */
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { alerts, practiceTiers } from '../schema.js';
import type { AlertKind } from '../../alerts/kinds.js';
import type { Tier } from '../../variation/rules.js';

export interface NewAlert {
  /** unique: raising the same alert again inserts nothing */
  key: string;
  kind: AlertKind;
  practice: string;
  indicator: string | null;
  periodStart: string | null;
  message: string;
  details: object;
  at: string;
}

/** Rows a multi-row insert takes at once: 8 parameters each, well inside PostgreSQL's 65,535. */
const INSERT_BATCH = 2000;

/**
 * Insert alerts, a batch per statement; the id of each inserted, by key (an alert whose key exists is not inserted
 * again, nor is a second one with the same key in the list).
 */
export async function insertAlerts(db: Queryable, list: NewAlert[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < list.length; i += INSERT_BATCH) {
    const rows = await orm(db)
      .insert(alerts)
      .values(
        list.slice(i, i + INSERT_BATCH).map((a) => ({
          key: a.key,
          kind: a.kind,
          practiceCode: a.practice,
          indicatorCode: a.indicator,
          periodStart: a.periodStart,
          message: a.message,
          details: a.details as Record<string, unknown>,
          createdAt: a.at,
        })),
      )
      .onConflictDoNothing({ target: alerts.key })
      .returning({ id: alerts.id, key: alerts.key });
    for (const r of rows) ids.set(r.key, r.id);
  }
  return ids;
}

export interface RecordedTier {
  code: string;
  tier: Tier;
  version: number;
}

/** Each practice's tier as last recorded, with the rule version it was decided under. */
export async function recordedTiers(db: Queryable): Promise<RecordedTier[]> {
  const rows = await orm(db)
    .select({
      code: practiceTiers.practiceCode,
      tier: practiceTiers.tier,
      version: practiceTiers.ruleVersion,
    })
    .from(practiceTiers);
  // the column holds only tiers the rules decided
  return rows as RecordedTier[];
}

/** Record these practices' tiers (one statement for all of them). */
export async function recordTiers(
  db: Queryable,
  tiers: Array<[practice: string, tier: Tier]>,
  ruleVersion: number,
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO practice_tiers (practice_code, tier, rule_version, recorded_at)
     SELECT c, t, $3, $4 FROM unnest($1::text[], $2::text[]) AS u(c, t)
     ON CONFLICT (practice_code) DO UPDATE SET tier = excluded.tier, rule_version = excluded.rule_version, recorded_at = excluded.recorded_at`,
    [tiers.map((r) => r[0]), tiers.map((r) => r[1]), ruleVersion, at],
  );
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

/** Whose inbox and what it keeps: null fields do not filter. */
export interface InboxQuery {
  userId: number;
  /** the practices the user sees alerts about (null: all) */
  practices: string[] | null;
  kind: AlertKind | null;
  practice: string | null;
  indicator: string | null;
  status: 'unread' | 'read' | null;
  since: string | null;
  until: string | null;
}

const INBOX = `FROM alerts a LEFT JOIN alert_reads r ON r.alert_id = a.id AND r.user_id = $1
      WHERE ($2::text[] IS NULL OR a.practice_code = ANY($2))`;
const FILTERED = `${INBOX}
        AND ($3::text IS NULL OR a.kind = $3) AND ($4::text IS NULL OR a.practice_code = $4)
        AND ($5::text IS NULL OR a.indicator_code = $5)
        AND ($6::text IS NULL OR (r.alert_id IS NOT NULL) = ($6 = 'read'))
        AND ($7::timestamptz IS NULL OR a.created_at >= $7) AND ($8::timestamptz IS NULL OR a.created_at < $8)`;
const inboxArgs = (q: InboxQuery) => [
  q.userId,
  q.practices,
  q.kind,
  q.practice,
  q.indicator,
  q.status,
  q.since,
  q.until,
];

/** One page of the alerts the filter keeps, newest first, with whether the user has read each. */
export function inboxAlerts(
  db: Queryable,
  q: InboxQuery,
  limit: number,
  offset: number,
): Promise<InboxAlert[]> {
  return db.query<InboxAlert>(
    `SELECT a.id, a.kind, a.practice_code AS "practiceCode", a.indicator_code AS "indicatorCode",
            a.period_start AS "periodStart", a.message, a.details, a.created_at AS "createdAt",
            (r.alert_id IS NOT NULL) AS read
       ${FILTERED}
      ORDER BY a.created_at DESC, a.id DESC LIMIT $9 OFFSET $10`,
    [...inboxArgs(q), limit, offset],
  );
}

export interface InboxCounts {
  /** every alert in the inbox, and how many of them are unread (whatever the filter) */
  all: number;
  unread: number;
  /** the alerts the filter keeps, and how many of those are unread */
  matching: number;
  matchingUnread: number;
}

export async function inboxCounts(db: Queryable, q: InboxQuery): Promise<InboxCounts> {
  const [counts] = await db.query<InboxCounts>(
    `SELECT (SELECT count(*)::int ${INBOX}) AS all,
            (SELECT count(*)::int ${INBOX} AND r.alert_id IS NULL) AS unread,
            (SELECT count(*)::int ${FILTERED}) AS matching,
            (SELECT count(*)::int ${FILTERED} AND r.alert_id IS NULL) AS "matchingUnread"`,
    inboxArgs(q),
  );
  return counts!;
}

export interface KindCount {
  kind: AlertKind;
  count: number;
}

/** Alerts in the inbox by kind (whatever the filter). */
export function inboxKinds(db: Queryable, q: Pick<InboxQuery, 'userId' | 'practices'>): Promise<KindCount[]> {
  return db.query<KindCount>(`SELECT a.kind, count(*)::int AS count ${INBOX} GROUP BY a.kind`, [
    q.userId,
    q.practices,
  ]);
}

export interface PracticeCount {
  code: string;
  name: string | null;
  count: number;
}

/** Alerts in the inbox by practice, by the practice's name. */
export function inboxPractices(
  db: Queryable,
  q: Pick<InboxQuery, 'userId' | 'practices'>,
): Promise<PracticeCount[]> {
  return db.query<PracticeCount>(
    `SELECT a.practice_code AS code, min(o.name) AS name, count(*)::int AS count
       FROM (SELECT a.* ${INBOX}) a LEFT JOIN organisations o ON o.code = a.practice_code
      GROUP BY a.practice_code ORDER BY min(o.name), a.practice_code`,
    [q.userId, q.practices],
  );
}

export interface IndicatorCount {
  code: string;
  title: string | null;
  count: number;
}

/** Alerts in the inbox by indicator, by the indicator's title. */
export function inboxIndicators(
  db: Queryable,
  q: Pick<InboxQuery, 'userId' | 'practices'>,
): Promise<IndicatorCount[]> {
  return db.query<IndicatorCount>(
    `SELECT a.indicator_code AS code,
            (SELECT d.title FROM indicators d WHERE d.code = a.indicator_code ORDER BY d.version DESC LIMIT 1) AS title,
            count(*)::int AS count
       FROM (SELECT a.* ${INBOX} AND a.indicator_code IS NOT NULL) a
      GROUP BY a.indicator_code ORDER BY 2, 1`,
    [q.userId, q.practices],
  );
}

/** Mark these alerts read by the user (those already read stay as they were). */
export async function insertAlertReads(
  db: Queryable,
  userId: number,
  ids: number[],
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO alert_reads (alert_id, user_id, read_at) SELECT id, $1, $3 FROM alerts WHERE id = ANY($2)
     ON CONFLICT DO NOTHING`,
    [userId, ids, at],
  );
}

/** The data version at which alerts were last raised in full, if ever. */
export async function alertsRaisedAtVersion(db: Queryable): Promise<number | null> {
  const [r] = await db.query<{ v: number }>('SELECT data_version AS v FROM alert_runs WHERE id = 1');
  return r?.v ?? null;
}

export async function recordAlertsRaised(db: Queryable, version: number, at: string): Promise<void> {
  await db.query(
    `INSERT INTO alert_runs (id, data_version, finished_at) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET data_version = excluded.data_version, finished_at = excluded.finished_at`,
    [version, at],
  );
}

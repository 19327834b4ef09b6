/** The audit trail's rows: appended under a lock, read in order to verify the chain, searched newest first. */
import type { Queryable } from '../connect.js';
import { likeLiteral } from '../../domain/text.js';
import { Where } from '../where.js';

/** An entry as stored: what src/auth/audit.ts hashes, and the hashes that chain it. */
export interface AuditRow {
  seq: number;
  at: string;
  actorUserId: number | null;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure' | 'denied' | 'refused' | 'error';
  details: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditSearch {
  /** actions starting with this */
  action?: string;
  /** actors containing this, without regard to case */
  actor?: string;
  /** first and last day, inclusive */
  from?: string;
  to?: string;
  limit: number;
  /** entries numbered below this */
  before?: number;
}

const AUDIT_LOCK = 727_001; // advisory lock key serialising appends across connections

/** Hold the lock that serialises appends until the caller's transaction ends. */
export async function lockAuditChain(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
}

/** The newest entry's number and hash, or null on an empty trail. */
export async function lastAuditLink(db: Queryable): Promise<{ seq: number; hash: string } | null> {
  const [last] = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  return last ?? null;
}

export async function insertAuditRow(db: Queryable, r: AuditRow): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (seq, at, actor_user_id, actor, role, action, target, outcome, details, ip, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      r.seq,
      r.at,
      r.actorUserId,
      r.actor,
      r.role,
      r.action,
      r.target,
      r.outcome,
      JSON.stringify(r.details),
      r.ip,
      r.prevHash,
      r.hash,
    ],
  );
}

const SELECT = `SELECT seq, at, actor_user_id AS "actorUserId", actor, role, action, target, outcome, details, ip,
  prev_hash AS "prevHash", hash FROM audit_log`;

/** Up to `limit` entries numbered from `fromSeq` on, in order. */
export async function auditRowsFrom(db: Queryable, fromSeq: number, limit: number): Promise<AuditRow[]> {
  return db.query<AuditRow>(`${SELECT} WHERE seq >= $1 ORDER BY seq LIMIT $2`, [fromSeq, limit]);
}

/** Entries matching every criterion given, newest first. */
export async function searchAuditRows(db: Queryable, q: AuditSearch): Promise<AuditRow[]> {
  const w = new Where();
  if (q.action) w.add(`action LIKE ? || '%' ESCAPE '\\'`, likeLiteral(q.action));
  if (q.actor) w.add(`lower(actor) LIKE '%' || lower(?) || '%' ESCAPE '\\'`, likeLiteral(q.actor));
  if (q.from) w.add('at >= ?::date', q.from);
  if (q.to) w.add('at < ?::date + 1', q.to);
  if (q.before) w.add('seq < ?', q.before);
  return db.query<AuditRow>(`${SELECT} ${w.clause()} ORDER BY seq DESC LIMIT ${w.param(q.limit)}`, w.params);
}

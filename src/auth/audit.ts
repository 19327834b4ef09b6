/**
 * The audit trail. Each entry is numbered without gaps and carries SHA-256(previous hash ‖ its own content),
 * so editing, deleting or reordering any entry breaks the chain from that point on, and `lantern audit verify`
 * names every entry that does not fit. What is hashed is exactly what the database keeps (see domain/text.ts).
 * A trigger refuses UPDATE, DELETE and TRUNCATE. Entries name staff and records, never patients: callers pass
 * codes and ids, not clinical text or NHS numbers.
 */
import { Where } from '../db/where.js';
import { nowIso } from '../domain/clock.js';
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/connect.js';
import { likeLiteral, storableJson, storableText } from '../domain/text.js';

export interface AuditEntry {
  actorUserId: number | null;
  /** the signed-in user's e-mail, 'anonymous', or 'cli' */
  actor: string;
  role: string | null;
  /** dotted verb: 'auth.sign_in', 'users.grant', 'data.upload', 'access.denied', … */
  action: string;
  /** what it was done to: 'user:3', 'load:12', 'GET /api/loads' */
  target: string | null;
  /** refused: a request turned down for its content (e.g. a bad upload); error: the server failed (5xx) */
  outcome: 'success' | 'failure' | 'denied' | 'refused' | 'error';
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface StoredAuditEntry extends Required<AuditEntry> {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 727_001; // advisory lock key serialising appends across connections

/** JSON with object keys sorted at every level, so the hash does not depend on how jsonb orders keys. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function entryHash(prevHash: string, e: Omit<StoredAuditEntry, 'prevHash' | 'hash'>): string {
  const content = canonicalJson({
    seq: e.seq,
    at: e.at,
    actorUserId: e.actorUserId,
    actor: e.actor,
    role: e.role,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    details: e.details,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Append one entry. Pass the caller's transaction so the entry commits (or not) with the change it records. */
export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<StoredAuditEntry> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const [last] = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  // hash exactly what the database will keep: a lone surrogate or NUL in any text (a sign-in e-mail, say) would
  // otherwise be stored differently from how it was hashed, and the entry would read as altered for ever after
  const text = (s: string | null) => (s === null ? null : storableText(s));
  const stored = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actorUserId: entry.actorUserId,
    actor: storableText(entry.actor),
    role: text(entry.role),
    action: storableText(entry.action),
    target: text(entry.target),
    outcome: entry.outcome,
    details: storableJson(entry.details ?? {}) as Record<string, unknown>,
    ip: text(entry.ip ?? null),
  };
  const prevHash = last?.hash ?? GENESIS;
  const hash = entryHash(prevHash, stored);
  await db.query(
    `INSERT INTO audit_log (seq, at, actor_user_id, actor, role, action, target, outcome, details, ip, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      stored.seq,
      stored.at,
      stored.actorUserId,
      stored.actor,
      stored.role,
      stored.action,
      stored.target,
      stored.outcome,
      JSON.stringify(stored.details),
      stored.ip,
      prevHash,
      hash,
    ],
  );
  return { ...stored, prevHash, hash };
}

const SELECT = `SELECT seq, at, actor_user_id AS "actorUserId", actor, role, action, target, outcome, details, ip,
  prev_hash AS "prevHash", hash FROM audit_log`;

/** One entry that does not fit the chain, and why. */
export interface AuditBreak {
  seq: number;
  problem: string;
}

/** At most this many breaks are listed (all are counted): enough to see the pattern of any tampering. */
export const MAX_LISTED_BREAKS = 1000;

export type AuditVerification =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; headHash: string; breakCount: number; breaks: AuditBreak[] };

/**
 * Walk the chain in order and report every entry that does not fit, not just the first: each entry is checked
 * against its own stored hash (altered?) and against the entry before it (deleted, reordered, replaced?), so
 * one break does not hide another after it.
 */
export async function verifyAudit(db: Queryable, batch = 5000): Promise<AuditVerification> {
  let prev = GENESIS;
  let expected = 1;
  let entries = 0;
  let breakCount = 0;
  const breaks: AuditBreak[] = [];
  for (;;) {
    const rows = await db.query<StoredAuditEntry>(`${SELECT} WHERE seq >= $1 ORDER BY seq LIMIT $2`, [
      expected,
      batch,
    ]);
    for (const r of rows) {
      const problems: string[] = [];
      if (r.seq !== expected)
        problems.push(
          `${r.seq - expected === 1 ? `entry ${expected} is` : `entries ${expected}–${r.seq - 1} are`} missing (the next entry is ${r.seq}): entries were deleted`,
        );
      else if (r.prevHash !== prev)
        problems.push(
          `entry ${r.seq} does not follow entry ${r.seq - 1} (its previous-hash differs): entries were reordered, replaced or deleted`,
        );
      if (entryHash(r.prevHash, r) !== r.hash)
        problems.push(`entry ${r.seq} has been altered: its content no longer matches its hash`);
      if (problems.length > 0) {
        breakCount++;
        if (breaks.length < MAX_LISTED_BREAKS) breaks.push({ seq: r.seq, problem: problems.join('; and ') });
      }
      prev = r.hash;
      expected = r.seq + 1;
      entries++;
    }
    if (rows.length < batch)
      return breakCount === 0
        ? { ok: true, entries, headHash: prev }
        : { ok: false, entries, headHash: prev, breakCount, breaks };
  }
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit: number;
  before?: number;
}

/** Search newest first; `before` pages back by sequence number. */
export async function searchAudit(db: Queryable, q: AuditQuery): Promise<StoredAuditEntry[]> {
  const w = new Where();
  if (q.action) w.add(`action LIKE ? || '%' ESCAPE '\\'`, likeLiteral(q.action));
  if (q.actor) w.add(`lower(actor) LIKE '%' || lower(?) || '%' ESCAPE '\\'`, likeLiteral(q.actor));
  if (q.from) w.add('at >= ?::date', q.from);
  if (q.to) w.add('at < ?::date + 1', q.to);
  if (q.before) w.add('seq < ?', q.before);
  return db.query<StoredAuditEntry>(
    `${SELECT} ${w.clause()} ORDER BY seq DESC LIMIT ${w.param(q.limit)}`,
    w.params,
  );
}

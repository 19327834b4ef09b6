/**
 * Indicators chosen with member practices: each indicator's state (indicator_lifecycle), every move
 * (indicator_lifecycle_events) and every practice's comment (indicator_comments), the last two append-only.
 */
import type { Queryable } from '../connect.js';

export interface LifecycleStateRow {
  code: string;
  /** one of LIFECYCLE_STATES (src/variation/lifecycle.ts) */
  state: string;
  closesOn: string | null;
}

/** Each practice's latest say on an indicator. */
export interface PracticeSayRow {
  indicator: string;
  practice: string;
  /** null when the practice is not in the store */
  name: string | null;
  agree: boolean | null;
  comment: string;
  at: string;
}

export interface LifecycleEventRow {
  fromState: string;
  toState: string;
  why: string;
  ruleVersion: number | null;
  role: string | null;
  at: string;
}

export type IndicatorCommentRow = Omit<PracticeSayRow, 'indicator'>;

/** The state of every indicator that has one (the others have never moved). */
export function lifecycleStates(db: Queryable): Promise<LifecycleStateRow[]> {
  return db.query<LifecycleStateRow>(
    `SELECT indicator_code AS code, state, closes_on AS "closesOn" FROM indicator_lifecycle`,
  );
}

/** Each practice's latest say on each indicator (on one indicator when a code is given). */
export function latestSays(db: Queryable, code?: string): Promise<PracticeSayRow[]> {
  return db.query<PracticeSayRow>(
    `SELECT DISTINCT ON (c.indicator_code, c.practice_code) c.indicator_code AS indicator, c.practice_code AS practice,
            o.name, c.agree, c.comment, c.at
       FROM indicator_comments c LEFT JOIN organisations o ON o.code = c.practice_code
      WHERE $1::text IS NULL OR c.indicator_code = $1
      ORDER BY c.indicator_code, c.practice_code, c.id DESC`,
    [code ?? null],
  );
}

/** An indicator's moves, oldest first. */
export function lifecycleEvents(db: Queryable, code: string): Promise<LifecycleEventRow[]> {
  return db.query<LifecycleEventRow>(
    `SELECT from_state AS "fromState", to_state AS "toState", why, rule_version AS "ruleVersion", role, at
       FROM indicator_lifecycle_events WHERE indicator_code = $1 ORDER BY id`,
    [code],
  );
}

/** Every comment on an indicator, oldest first. */
export function indicatorComments(db: Queryable, code: string): Promise<IndicatorCommentRow[]> {
  return db.query<IndicatorCommentRow>(
    `SELECT c.practice_code AS practice, o.name, c.agree, c.comment, c.at FROM indicator_comments c
       LEFT JOIN organisations o ON o.code = c.practice_code WHERE c.indicator_code = $1 ORDER BY c.id`,
    [code],
  );
}

/** Set an indicator's state, and record the move. */
export async function recordMove(
  db: Queryable,
  move: {
    code: string;
    from: string;
    to: string;
    closesOn: string | null;
    why: string;
    ruleVersion: number | null;
    actor: string;
    role: string | null;
    at: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO indicator_lifecycle (indicator_code, state, closes_on, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (indicator_code) DO UPDATE SET state = excluded.state, closes_on = excluded.closes_on,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [move.code, move.to, move.closesOn, move.actor, move.at],
  );
  await db.query(
    `INSERT INTO indicator_lifecycle_events (indicator_code, from_state, to_state, why, rule_version, actor, role, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [move.code, move.from, move.to, move.why, move.ruleVersion, move.actor, move.role, move.at],
  );
}

export async function addIndicatorComment(
  db: Queryable,
  c: {
    code: string;
    practice: string;
    agree: boolean | null;
    comment: string;
    userId: number | null;
    role: string | null;
    at: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO indicator_comments (indicator_code, practice_code, agree, comment, actor_user_id, role, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.code, c.practice, c.agree, c.comment, c.userId, c.role, c.at],
  );
}

/**
 * Indicators chosen with member practices: each indicator's state (indicator_lifecycle), every move
 * (indicator_lifecycle_events) and every practice's comment (indicator_comments), the last two append-only.
 */
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import {
  indicatorComments as comments,
  indicatorLifecycle,
  indicatorLifecycleEvents,
  organisations,
} from '../schema.js';

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
  return orm(db)
    .select({
      code: indicatorLifecycle.indicatorCode,
      state: indicatorLifecycle.state,
      closesOn: indicatorLifecycle.closesOn,
    })
    .from(indicatorLifecycle);
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
  const e = indicatorLifecycleEvents;
  return orm(db)
    .select({
      fromState: e.fromState,
      toState: e.toState,
      why: e.why,
      ruleVersion: e.ruleVersion,
      role: e.role,
      at: e.at,
    })
    .from(e)
    .where(eq(e.indicatorCode, code))
    .orderBy(asc(e.id));
}

/** Every comment on an indicator, oldest first. */
export function indicatorComments(db: Queryable, code: string): Promise<IndicatorCommentRow[]> {
  return orm(db)
    .select({
      practice: comments.practiceCode,
      name: organisations.name,
      agree: comments.agree,
      comment: comments.comment,
      at: comments.at,
    })
    .from(comments)
    .leftJoin(organisations, eq(organisations.code, comments.practiceCode))
    .where(eq(comments.indicatorCode, code))
    .orderBy(asc(comments.id));
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
  const state = { state: move.to, closesOn: move.closesOn, updatedBy: move.actor, updatedAt: move.at };
  await orm(db)
    .insert(indicatorLifecycle)
    .values({ indicatorCode: move.code, ...state })
    .onConflictDoUpdate({ target: indicatorLifecycle.indicatorCode, set: state });
  await orm(db).insert(indicatorLifecycleEvents).values({
    indicatorCode: move.code,
    fromState: move.from,
    toState: move.to,
    why: move.why,
    ruleVersion: move.ruleVersion,
    actor: move.actor,
    role: move.role,
    at: move.at,
  });
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
  await orm(db).insert(comments).values({
    indicatorCode: c.code,
    practiceCode: c.practice,
    agree: c.agree,
    comment: c.comment,
    actorUserId: c.userId,
    role: c.role,
    at: c.at,
  });
}

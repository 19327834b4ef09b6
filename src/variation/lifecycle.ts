/**
 * Indicators chosen with member practices (metrics practices chose are metrics they act on): the quality lead
 * proposes an indicator, opens it for comment until a closing date, each practice comments and says whether it
 * agrees, and the lead adopts it (a new version of the tier rule set that includes it, with the practices'
 * agreement in the note) or retires it (a new version without it). Indicators the first rule set adopted count as
 * adopted. Every move and comment is kept, append-only.
 */
import type { Queryable } from '../db/connect.js';
import { nowIso, today } from '../domain/clock.js';
import { notAdoptable } from './service.js';
import { listIndicators } from '../db/repos/indicators.js';
import { currentRules, saveRules } from './service.js';
import type { RuleSet } from './rules.js';
import {
  addIndicatorComment,
  indicatorComments,
  latestSays,
  lifecycleEvents,
  lifecycleStates,
  recordMove,
} from '../db/repos/indicator-lifecycle.js';

export const LIFECYCLE_STATES = [
  'not_proposed',
  'proposed',
  'open_for_comment',
  'adopted',
  'retired',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const LIFECYCLE_LABEL: Record<LifecycleState, string> = {
  not_proposed: 'Not proposed',
  proposed: 'Proposed',
  open_for_comment: 'Open for comment',
  adopted: 'Adopted',
  retired: 'Retired',
};

const MOVES: Record<LifecycleState, readonly LifecycleState[]> = {
  not_proposed: ['proposed'],
  proposed: ['open_for_comment', 'retired'],
  open_for_comment: ['adopted', 'retired'],
  adopted: ['retired'],
  retired: ['proposed'],
};

export class LifecycleError extends Error {
  constructor(
    message: string,
    readonly allowed: readonly LifecycleState[] = [],
    /** a move refused for the indicator's state now (409), not for a bad request; true whenever `allowed` is given */
    readonly conflict = allowed.length > 0,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The day after a date (YYYY-MM-DD). */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface Tally {
  agree: number;
  disagree: number;
  commentOnly: number;
}

export interface LifecycleRow {
  code: string;
  title: string;
  domain: string;
  direction: string;
  state: LifecycleState;
  closesOn: string | null;
  /** while comments are open: the first day it can be adopted (the day after they close) */
  adoptableFrom: string | null;
  tally: Tally;
  allowed: readonly LifecycleState[];
}

const tallyOf = (says: Array<{ agree: boolean | null }>): Tally => ({
  agree: says.filter((s) => s.agree === true).length,
  disagree: says.filter((s) => s.agree === false).length,
  commentOnly: says.filter((s) => s.agree === null).length,
});

/**
 * Every practice indicator that could be tier evidence (counts of events with a better direction: not an amount),
 * with its state, closing date and the practices' agreement so far.
 */
export async function listLifecycle(db: Queryable): Promise<LifecycleRow[]> {
  const defs = (await listIndicators(db)).filter((d) => !notAdoptable(d));
  const rows = new Map(
    (await lifecycleStates(db)).map((r) => [r.code, { ...r, state: r.state as LifecycleState }]),
  );
  const rules = await currentRules(db);
  const says = await latestSays(db);
  return defs.map((d) => {
    const state: LifecycleState =
      rows.get(d.code)?.state ?? (rules?.indicators.includes(d.code) ? 'adopted' : 'not_proposed');
    const closesOn = rows.get(d.code)?.closesOn ?? null;
    return {
      code: d.code,
      title: d.title,
      domain: d.domain,
      direction: d.direction,
      state,
      closesOn,
      adoptableFrom:
        state === 'open_for_comment' && closesOn && closesOn >= today() ? dayAfter(closesOn) : null,
      tally: tallyOf(says.filter((s) => s.indicator === d.code)),
      allowed: MOVES[state],
    };
  });
}

export async function lifecycleOf(db: Queryable, code: string) {
  const row = (await listLifecycle(db)).find((r) => r.code === code);
  if (!row) return null;
  const events = await lifecycleEvents(db, code);
  const comments = await indicatorComments(db, code);
  return { ...row, events, comments, latest: await latestSays(db, code) };
}

/**
 * Move an indicator to another state. Adopting and retiring write a new version of the tier rule set; the version
 * is returned so the caller can show who moved tier.
 */
export async function moveIndicator(
  db: Queryable,
  code: string,
  actor: { email: string; role: string | null },
  input: { to: LifecycleState; why: string; closesOn?: string },
): Promise<{ ruleVersion: number | null; before: RuleSet | null }> {
  const row = (await listLifecycle(db)).find((r) => r.code === code);
  if (!row)
    throw new LifecycleError(`${code} is not a practice indicator with counts and a better direction`);
  if (!row.allowed.includes(input.to))
    throw new LifecycleError(
      `${row.title} is ${LIFECYCLE_LABEL[row.state].toLowerCase()}; it can move to ${row.allowed.map((s) => LIFECYCLE_LABEL[s].toLowerCase()).join(' or ')}`,
      row.allowed,
    );
  // practices have until the end of the closing date to comment; adopting before then would ignore their say
  if (input.to === 'adopted' && row.adoptableFrom)
    throw new LifecycleError(
      `${row.title} is open for comment until ${row.closesOn}: it can be adopted from ${row.adoptableFrom}, once the practices have had their say`,
      row.allowed.filter((s) => s !== 'adopted'),
      true,
      { closesOn: row.closesOn, adoptableFrom: row.adoptableFrom },
    );
  if (input.to === 'open_for_comment' && !(input.closesOn && input.closesOn > today()))
    throw new LifecycleError('closesOn: opening for comment needs a closing date after today');
  let ruleVersion: number | null = null;
  const before = await currentRules(db);
  if ((input.to === 'adopted' || input.to === 'retired') && before) {
    const { version: _v, note: _n, createdBy: _c, createdAt: _a, ...rules } = before;
    const indicators =
      input.to === 'adopted'
        ? [...new Set([...rules.indicators, code])].sort()
        : rules.indicators.filter((c) => c !== code);
    if (indicators.length === 0)
      throw new LifecycleError('the rule set needs at least one adopted indicator: adopt another first');
    if (
      indicators.length !== rules.indicators.length ||
      indicators.some((c, i) => c !== rules.indicators[i])
    ) {
      const t = row.tally;
      ruleVersion = await saveRules(
        db,
        { ...rules, indicators },
        `${input.to === 'adopted' ? 'Adopted' : 'Retired'} ${row.title} after comment (${t.agree} practices agree, ${t.disagree} disagree, ${t.commentOnly} commented only): ${input.why}`,
        actor.email,
      );
    }
  }
  await recordMove(db, {
    code,
    from: row.state,
    to: input.to,
    closesOn: input.to === 'open_for_comment' ? input.closesOn! : null,
    why: input.why,
    ruleVersion,
    actor: actor.email,
    role: actor.role,
    at: nowIso(),
  });
  return { ruleVersion, before };
}

/** A practice's comment and agreement (its latest counts); only while the indicator is open for comment. */
export async function commentOn(
  db: Queryable,
  code: string,
  practice: string,
  actor: { userId: number | null; role: string | null },
  input: { agree: boolean | null; comment: string },
): Promise<void> {
  const row = (await listLifecycle(db)).find((r) => r.code === code);
  if (!row)
    throw new LifecycleError(`${code} is not a practice indicator with counts and a better direction`);
  if (row.state !== 'open_for_comment' || (row.closesOn && row.closesOn < today()))
    throw new LifecycleError(
      `${row.title} is not open for comment${row.closesOn && row.closesOn < today() ? ` (comments closed on ${row.closesOn})` : ''}`,
    );
  await addIndicatorComment(db, {
    code,
    practice,
    agree: input.agree,
    comment: input.comment,
    userId: actor.userId,
    role: actor.role,
    at: nowIso(),
  });
}

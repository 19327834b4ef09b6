/**
 * Improvement cases in the store: opening one with a snapshot of the tier evidence, each step with who, when,
 * why and its evidence (append-only), buddy suggestions, overdue reviews, and the escalation evidence pack.
 * Writes run in the caller's transaction so that the API commits each step with its audit entry or not at all.
 */
import { betterSign } from '../variation/direction.js';
import type { Queryable } from '../db/connect.js';
import { nowIso, today } from '../domain/clock.js';
import { addWorkingDays } from '../domain/working-days.js';
import { listIndicators } from '../db/repos/indicators.js';
import { describeRules, TIER_LABEL, type IndicatorResult } from '../variation/rules.js';
import { currentRules, evaluateCached } from '../variation/service.js';
import { peersOf } from '../variation/peer-groups.js';
import type { Role } from '../domain/roles.js';
import { checkStep, type Party, type Stage, type StepKind, type STEPS } from './workflow.js';
import {
  findCase,
  hasCurrentValue,
  insertAnnotation,
  insertCase,
  insertStep,
  isPractice,
  listAnnotations,
  listCaseRows,
  listSteps,
  openCaseOf,
  updateCase,
  type Annotation,
  type CaseChanges,
  type CaseRow,
  type StepRow,
} from '../db/repos/improvement.js';

export type { CaseRow, StepRow };

/** Working days a practice has to reply once the data are shared (the date is shown; nothing happens by itself). */
export const REPLY_WORKING_DAYS = 20;
/** How many practices similar on case mix are searched for a buddy. */
const BUDDY_POOL = 30;

export class ImprovementInputError extends Error {}

export interface Actor {
  userId: number | null;
  email: string;
  role: Role | null;
}

export async function getCase(db: Queryable, id: number): Promise<CaseRow | null> {
  return findCase(db, id);
}

/** Cases, newest first: for some practices (null: every practice), open only or all. */
export async function listCases(
  db: Queryable,
  opts: { practices: string[] | null; open?: boolean; escalatedOnly?: boolean },
): Promise<CaseRow[]> {
  return listCaseRows(db, {
    practices: opts.practices,
    open: opts.open ?? false,
    escalatedOnly: opts.escalatedOnly ?? false,
  });
}

export const isOverdue = (c: CaseRow, on = today()) =>
  c.stage !== 'closed' && c.reviewDue !== null && c.reviewDue < on;

export async function stepsOf(db: Queryable, caseId: number): Promise<StepRow[]> {
  return listSteps(db, caseId);
}

async function appendStep(
  db: Queryable,
  caseId: number,
  actor: Actor,
  s: {
    kind: StepKind;
    from: Stage | null;
    to: Stage;
    party: Party;
    why: string;
    details?: object;
    evidence?: object | null;
  },
) {
  await insertStep(db, caseId, {
    at: nowIso(),
    kind: s.kind,
    from: s.from,
    to: s.to,
    actorUserId: actor.userId,
    actor: actor.email,
    role: actor.role,
    party: s.party,
    why: s.why,
    details: s.details ?? {},
    evidence: s.evidence ?? null,
  });
}

/** The practice's tier now with its evidence and the rules as applied: what a step rests on. */
export async function tierSnapshot(db: Queryable, practice: string) {
  const rules = await currentRules(db);
  if (!rules) return null;
  const e = await evaluateCached(db, rules);
  const d = e.decisions.get(practice);
  const catalogue = await listIndicators(db);
  const titles = Object.fromEntries(catalogue.map((x) => [x.code, x.title]));
  return {
    ruleVersion: rules.version,
    rules: describeRules(rules, catalogue).map((r) => r.text),
    tier: d?.tier ?? null,
    tierLabel: d ? TIER_LABEL[d.tier] : null,
    reason: d?.reason ?? 'no results for the adopted indicators',
    evidence: (d?.evidence ?? []).map((x) => ({ ...x, title: titles[x.indicator] ?? x.indicator })),
    /** every latest result of the practice, for indicators the evidence does not name */
    latest: (e.results.get(practice)?.[0] ?? []).map((x) => ({
      ...x,
      title: titles[x.indicator] ?? x.indicator,
    })),
  };
}
export type TierSnapshot = NonNullable<Awaited<ReturnType<typeof tierSnapshot>>>;

/**
 * The indicators a new case with the practice can be about (those with a latest result under the adopted rules,
 * the same openCase accepts), each marked when worse than expected: the form offers them, the worse ones chosen.
 */
export async function caseChoices(db: Queryable, practice: string) {
  const snapshot = await tierSnapshot(db, practice);
  if (!snapshot) return [];
  const worse = new Set(snapshot.evidence.filter((e) => e.worseWatch).map((e) => e.indicator));
  return snapshot.latest
    .map((r) => ({ code: r.indicator, title: r.title, worse: worse.has(r.indicator) }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** Share the data with the practice: a new case holding the tier evidence as it stood. */
export async function openCase(
  db: Queryable,
  practice: string,
  actor: Actor,
  input: { why: string; indicators?: string[] },
): Promise<number> {
  const open = await openCaseOf(db, practice);
  if (open !== null)
    throw new ImprovementInputError(`${practice} already has an open improvement case (${open})`);
  const snapshot = await tierSnapshot(db, practice);
  if (!snapshot) throw new ImprovementInputError('no tier rules yet: nothing to share');
  const worse = [...new Set(snapshot.evidence.filter((e) => e.worseWatch).map((e) => e.indicator))];
  const indicators = input.indicators?.length ? [...new Set(input.indicators)] : worse;
  if (indicators.length === 0)
    throw new ImprovementInputError(
      `${practice} has no indicator worse than expected: name the indicators the case is about`,
    );
  const known = new Set(snapshot.latest.map((r) => r.indicator));
  const unknown = indicators.filter((c) => !known.has(c));
  if (unknown.length)
    throw new ImprovementInputError(
      `indicators: ${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no result for ${practice} under the adopted rules`,
    );
  const id = await insertCase(db, {
    practice,
    indicators,
    ruleVersion: snapshot.ruleVersion,
    tierAtOpening: snapshot.tier,
    reviewDue: addWorkingDays(today(), REPLY_WORKING_DAYS),
    openedBy: actor.email,
    openedAt: nowIso(),
  });
  await appendStep(db, id, actor, {
    kind: 'share',
    from: null,
    to: 'shared',
    party: 'commissioner',
    why: input.why,
    details: { indicators, replyBy: addWorkingDays(today(), REPLY_WORKING_DAYS) },
    evidence: snapshot,
  });
  return id;
}

export interface PlanAction {
  action: string;
  owner: string;
  reviewBy: string;
}

export type StepInput =
  | { kind: 'reply'; why: string; onBehalf?: boolean }
  | { kind: 'peer_review'; why: string; attendees: string; conclusions: string }
  | { kind: 'buddy'; why: string; buddy: string }
  | { kind: 'support_plan'; why: string; actions: PlanAction[] }
  | { kind: 'agree_plan'; why: string }
  | { kind: 'review'; why: string; progress: 'improving' | 'no_change' | 'worse'; nextReview?: string }
  | { kind: 'escalate'; why: string }
  | { kind: 'close'; why: string; outcome: string }
  | { kind: 'note'; why: string };

/**
 * Take one step on a case, as one of `parties` (`lead`: the commissioner's quality lead). Checks the step is open
 * now (StepRefused otherwise), records it with its evidence and moves the case on.
 */
export async function takeStep(
  db: Queryable,
  c: CaseRow,
  actor: Actor,
  parties: Party[],
  lead: boolean,
  input: StepInput,
): Promise<void> {
  const to = checkStep(c, input.kind as (typeof STEPS)[number], parties, lead);
  const { kind, why, ...details } = input;
  // the party the step is taken as: the first of the viewer's parties the step allows
  const party = partyFor(kind, parties);
  let evidence: object | null = null;
  const set: CaseChanges = { stage: to };
  switch (input.kind) {
    case 'reply':
      if (input.onBehalf && !parties.includes('commissioner'))
        throw new ImprovementInputError('only the commissioner records a reply on the practice’s behalf');
      if (!input.onBehalf && party !== 'practice')
        throw new ImprovementInputError(
          'the commissioner records a reply only on the practice’s behalf (onBehalf: true)',
        );
      set.replied = true;
      set.reviewDue = null;
      break;
    case 'buddy': {
      if (input.buddy === c.practiceCode) throw new ImprovementInputError('a practice cannot buddy itself');
      const suggestions = await buddySuggestions(db, c.practiceCode, c.indicators);
      if (!(await isPractice(db, input.buddy)))
        throw new ImprovementInputError(`buddy: no practice has the code ${input.buddy}`);
      evidence = suggestions;
      set.buddyCode = input.buddy;
      break;
    }
    case 'support_plan':
      if (input.actions.length === 0)
        throw new ImprovementInputError('a support plan needs at least one action');
      for (const a of input.actions)
        if (a.reviewBy <= today())
          throw new ImprovementInputError(`actions: “${a.action}” needs a review date after today`);
      set.planAgreed = false;
      set.reviewDue = input.actions.map((a) => a.reviewBy).sort()[0];
      break;
    case 'agree_plan':
      set.planAgreed = true;
      break;
    case 'review':
      if (input.nextReview && input.nextReview <= today())
        throw new ImprovementInputError('nextReview must be after today');
      evidence = await tierSnapshot(db, c.practiceCode);
      set.reviewDue = input.nextReview ?? null;
      break;
    case 'escalate':
      evidence = await evidencePack(db, c);
      break;
    case 'close':
      set.outcome = input.outcome;
      set.closedAt = nowIso();
      set.reviewDue = null;
      break;
    default:
      break;
  }
  await updateCase(db, c.id, set);
  await appendStep(db, c.id, actor, { kind, from: c.stage, to, party, why, details, evidence });
}

function partyFor(kind: StepKind, parties: Party[]): Party {
  const order: Party[] =
    kind === 'reply' || kind === 'agree_plan'
      ? ['practice', 'commissioner', 'peer_group']
      : ['commissioner', 'peer_group', 'practice'];
  return order.find((p) => parties.includes(p))!;
}

/**
 * Buddies: among the practices most similar on case mix, those doing well whose latest results on the indicators in
 * question are furthest on the better side of expected (mean z-score after overdispersion, signed so that higher
 * is better). Practices without a result on every indicator in question are left out.
 */
export async function buddySuggestions(db: Queryable, practice: string, indicators: string[]) {
  const rules = await currentRules(db);
  const similar = await peersOf(db, practice, BUDDY_POOL);
  const method = `The ${BUDDY_POOL} practices most similar on case mix (${similar.reason ?? 'Mahalanobis distance on age and sex profile, deprivation, need and list size'}), kept when doing well and with a result on every indicator in question, ranked by their mean z-score on those indicators after overdispersion (higher: further on the better side of expected).`;
  if (!rules || similar.peers.length === 0) return { method, suggestions: [] };
  const e = await evaluateCached(db, rules);
  const direction = new Map((await listIndicators(db)).map((d) => [d.code, d.direction]));
  const sign = (code: string) => betterSign(direction.get(code));
  const suggestions = similar.peers.flatMap((p) => {
    if (e.decisions.get(p.code)?.tier !== 'doing_well') return [];
    const latest = e.results.get(p.code)?.[0] ?? [];
    const on = indicators.map((code) => latest.find((r) => r.indicator === code));
    if (on.some((r) => !r)) return [];
    const results = on as IndicatorResult[];
    const score = results.reduce((a, r) => a + sign(r.indicator) * r.zAdjusted, 0) / results.length;
    return [
      {
        code: p.code,
        name: p.name,
        similarityRank: p.rank,
        distance: p.distance,
        score,
        results: results.map((r) => ({
          indicator: r.indicator,
          periodStart: r.periodStart,
          value: r.value,
          expected: r.expected,
          zAdjusted: r.zAdjusted,
        })),
      },
    ];
  });
  suggestions.sort((a, b) => b.score - a.score);
  return { method, suggestions: suggestions.filter((s) => s.score > 0).slice(0, 3) };
}

/** What goes to NHS England: the case, every step with its evidence, and the tier as it stands. */
export async function evidencePack(db: Queryable, c: CaseRow) {
  return {
    case: c,
    steps: await stepsOf(db, c.id),
    tierNow: await tierSnapshot(db, c.practiceCode),
    generatedAt: nowIso(),
    about:
      'A tier describes a practice’s results against what would be expected, never an individual clinician. The practice’s reply is part of this pack.',
  };
}
export type EvidencePack = Awaited<ReturnType<typeof evidencePack>>;

/** A practice's notes on its values (the newest note per value first). */
export async function annotationsOf(db: Queryable, practice: string): Promise<Annotation[]> {
  return listAnnotations(db, practice);
}

export async function annotate(
  db: Queryable,
  practice: string,
  actor: Actor,
  input: { indicator: string; periodStart: string; note: string },
): Promise<number> {
  if (!(await hasCurrentValue(db, practice, input.indicator, input.periodStart)))
    throw new ImprovementInputError(
      `${practice} has no value of ${input.indicator} for the period starting ${input.periodStart}`,
    );
  return insertAnnotation(db, {
    practice,
    indicator: input.indicator,
    periodStart: input.periodStart,
    note: input.note,
    actorUserId: actor.userId,
    actor: actor.email,
    role: actor.role,
    at: nowIso(),
  });
}

/**
 * The life of a concern: its states, the moves between them, who may make each move, and the deadlines that
 * follow from where it is. Pure: the service records the moves, this decides whether they are allowed.
 */
import { addWorkingDays, workingDaysBetween } from '../domain/working-days.js';
import { DEADLINE_LABEL, type Deadlines } from './taxonomy.js';

export const STATES = [
  'draft',
  'submitted',
  'triaged',
  'with_provider',
  'provider_responded',
  'commissioner_review',
  'closed',
  'info_requested',
  'redirected',
  'duplicate',
  'escalated_to_incident',
  'reopened',
] as const;
export type State = (typeof STATES)[number];

export const STATE_LABEL: Record<State, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  triaged: 'Triaged',
  with_provider: 'With the provider',
  provider_responded: 'Provider responded',
  commissioner_review: 'Commissioner review',
  closed: 'Closed',
  info_requested: 'More information requested from the provider',
  redirected: 'Redirected (complaint/PALS or safeguarding)',
  duplicate: 'Duplicate',
  escalated_to_incident: 'Escalated to an incident',
  reopened: 'Reopened',
};

/** Who moves a concern: the reporting practice, the commissioner quality team, or the provider it is about. */
export type Party = 'practice' | 'commissioner' | 'provider';

/**
 * Who may read the note on a step of a concern's history. A commissioner's note (triage, review) is internal to the
 * commissioner team unless they share it; the practice's and the provider's notes are shared with every party.
 */
export const NOTE_VISIBILITIES = ['internal', 'shared'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];
export const NOTE_VISIBILITY_LABEL: Record<NoteVisibility, string> = {
  internal: 'Internal to the commissioner team',
  shared: 'Shared with the practice and the provider',
};

/** from → to → the parties that may make the move. The commissioner may record a provider's response. */
const MOVES: Partial<Record<State, Partial<Record<State, Party[]>>>> = {
  draft: { submitted: ['practice'] },
  submitted: { triaged: ['commissioner'], redirected: ['commissioner'], duplicate: ['commissioner'] },
  triaged: {
    with_provider: ['commissioner'],
    redirected: ['commissioner'],
    duplicate: ['commissioner'],
    escalated_to_incident: ['commissioner'],
    closed: ['commissioner'],
  },
  with_provider: {
    provider_responded: ['provider', 'commissioner'],
    escalated_to_incident: ['commissioner'],
  },
  info_requested: { with_provider: ['commissioner'], provider_responded: ['provider', 'commissioner'] },
  provider_responded: { commissioner_review: ['commissioner'] },
  commissioner_review: {
    closed: ['commissioner'],
    info_requested: ['commissioner'],
    escalated_to_incident: ['commissioner'],
  },
  closed: { reopened: ['commissioner'] },
  reopened: { commissioner_review: ['commissioner'], with_provider: ['commissioner'] },
  escalated_to_incident: { closed: ['commissioner'] },
};

/** Where a concern may go next from `from`, for these parties (all parties when none given). */
export function allowedMoves(from: State, parties?: readonly Party[]): State[] {
  const next = MOVES[from] ?? {};
  return (Object.keys(next) as State[]).filter(
    (to) => !parties || next[to]!.some((p) => parties.includes(p)),
  );
}

export class IllegalTransition extends Error {
  constructor(
    readonly from: State,
    readonly to: State,
    readonly allowed: State[],
    readonly reasonText: string,
  ) {
    super(reasonText);
  }
}

/** Throws IllegalTransition naming the moves that are allowed. */
export function checkMove(from: State, to: State, parties: readonly Party[]): void {
  const any = allowedMoves(from);
  const mine = allowedMoves(from, parties);
  if (mine.includes(to)) return;
  const list = (s: State[]) => (s.length ? s.join(', ') : 'none');
  if (any.includes(to))
    throw new IllegalTransition(
      from,
      to,
      mine,
      `Only the ${(MOVES[from]![to] ?? []).join(' or ')} may move a concern from ${from} to ${to}; you may move it to: ${list(mine)}.`,
    );
  throw new IllegalTransition(
    from,
    to,
    mine,
    `A concern cannot go from ${from} to ${to}. From ${from} it may go to: ${list(any)}.`,
  );
}

export const OUTCOMES = [
  'concern_upheld',
  'partially_upheld',
  'not_upheld',
  'learning_identified_no_fault',
  'unable_to_determine',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** When the concern entered each state most recently, and when it was first acknowledged. */
export interface ClockFacts {
  status: State;
  submittedOn: string | null;
  acknowledgedOn: string | null;
  triagedOn: string | null;
  sentToProviderOn: string | null;
  providerRespondedOn: string | null;
  reviewedOn: string | null;
}

export interface Deadline {
  name: keyof Deadlines;
  label: string;
  due: string;
  metOn: string | null;
  overdue: boolean;
  /** working days left (negative when overdue); null once met */
  workingDaysLeft: number | null;
  /** the concern ended (closed, redirected…) before this was needed */
  stopped: boolean;
}

/**
 * The deadlines that apply, each from the day its clock started: acknowledge and triage from submission,
 * provider response from the (latest) day it was sent to the provider, review from the provider's response.
 */
export function deadlinesFor(f: ClockFacts, days: Deadlines, today: string): Deadline[] {
  const out: Deadline[] = [];
  const add = (name: keyof Deadlines, from: string | null, metOn: string | null) => {
    if (!from) return;
    const due = addWorkingDays(from, days[name]);
    out.push({
      name,
      label: DEADLINE_LABEL[name],
      due,
      metOn,
      overdue: metOn ? metOn > due : today > due,
      workingDaysLeft: metOn ? null : workingDaysBetween(today, due),
      stopped: false,
    });
  };
  add('acknowledge', f.submittedOn, f.acknowledgedOn ?? f.triagedOn);
  add('triage', f.submittedOn, f.triagedOn);
  add(
    'providerResponse',
    f.sentToProviderOn,
    f.sentToProviderOn && f.providerRespondedOn && f.providerRespondedOn >= f.sentToProviderOn
      ? f.providerRespondedOn
      : null,
  );
  add(
    'commissionerReview',
    f.providerRespondedOn,
    f.reviewedOn && f.providerRespondedOn && f.reviewedOn >= f.providerRespondedOn ? f.reviewedOn : null,
  );
  // A terminal state stops the clocks that were still running.
  if (['closed', 'redirected', 'duplicate', 'escalated_to_incident'].includes(f.status))
    for (const d of out)
      if (!d.metOn) Object.assign(d, { overdue: false, workingDaysLeft: null, stopped: true });
  return out;
}

/**
 * The graduated, supportive improvement process for one practice, as a table of steps: who may take each step,
 * in which stages, and where it leads. The commissioner shares the data; the practice has a right of reply, and
 * nothing goes beyond the commissioner and the practice (peer review, a buddy, escalation) until a reply is
 * recorded; a support plan is agreed by the practice; escalation to NHS England follows an agreed plan.
 * Pure: the service applies it, the API turns a refusal into a 409 naming the steps allowed.
 */

export const STAGES = [
  'shared',
  'replied',
  'peer_review',
  'buddied',
  'support_plan',
  'escalated',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABEL: Record<Stage, string> = {
  shared: 'Data shared with the practice',
  replied: 'Practice has replied',
  peer_review: 'Peer review held',
  buddied: 'Buddy agreed',
  support_plan: 'Support plan',
  escalated: 'Escalated to NHS England',
  closed: 'Closed',
};

export const STEPS = [
  'reply',
  'peer_review',
  'buddy',
  'support_plan',
  'agree_plan',
  'review',
  'escalate',
  'close',
  'note',
] as const;
export type StepKind = (typeof STEPS)[number] | 'share';

export const STEP_LABEL: Record<StepKind, string> = {
  share: 'Data shared',
  reply: 'Practice reply',
  peer_review: 'Peer review',
  buddy: 'Buddy',
  support_plan: 'Support plan proposed',
  agree_plan: 'Support plan agreed',
  review: 'Review',
  escalate: 'Escalated to NHS England',
  close: 'Closed',
  note: 'Note',
};

/** Who takes a step: the commissioner team, the practice itself, or a peer-group lead covering the practice. */
export type Party = 'commissioner' | 'practice' | 'peer_group';

export const CLOSE_OUTCOMES = [
  'improved',
  'explained_by_context',
  'support_completed',
  'escalation_concluded',
  'opened_in_error',
] as const;

interface StepRule {
  parties: readonly Party[];
  /** stages the case may be in */
  from: readonly Stage[];
  /** the stage it moves to (unchanged when absent) */
  to?: Stage;
  /** needs the practice's reply on record (the right of reply before anything is shared more widely) */
  needsReply?: boolean;
  /** needs the practice's agreement to the support plan */
  needsAgreedPlan?: boolean;
  /** only the commissioner's quality lead (or an administrator) may take it */
  leadOnly?: boolean;
}

const OPEN: readonly Stage[] = STAGES.filter((s) => s !== 'closed');

export const RULES: Record<(typeof STEPS)[number], StepRule> = {
  reply: { parties: ['practice', 'commissioner'], from: OPEN, to: 'replied' },
  peer_review: {
    parties: ['commissioner', 'peer_group'],
    from: ['replied', 'peer_review', 'buddied', 'support_plan'],
    to: 'peer_review',
    needsReply: true,
  },
  buddy: {
    parties: ['commissioner'],
    from: ['replied', 'peer_review', 'buddied', 'support_plan'],
    to: 'buddied',
    needsReply: true,
  },
  support_plan: {
    parties: ['commissioner'],
    from: ['replied', 'peer_review', 'buddied', 'support_plan'],
    to: 'support_plan',
    needsReply: true,
  },
  agree_plan: { parties: ['practice'], from: ['support_plan'] },
  review: { parties: ['commissioner'], from: ['support_plan', 'escalated'], needsAgreedPlan: true },
  escalate: {
    parties: ['commissioner'],
    from: ['support_plan'],
    to: 'escalated',
    needsReply: true,
    needsAgreedPlan: true,
    leadOnly: true,
  },
  close: { parties: ['commissioner'], from: OPEN, to: 'closed' },
  note: { parties: ['commissioner', 'practice', 'peer_group'], from: OPEN },
};

export interface CaseFacts {
  stage: Stage;
  replied: boolean;
  planAgreed: boolean;
}

export class StepRefused extends Error {
  constructor(
    message: string,
    readonly step: StepKind,
    readonly allowed: StepKind[],
  ) {
    super(message);
  }
}

/** Why a party may not take a step now, or null when it may. */
function refusal(c: CaseFacts, step: (typeof STEPS)[number], parties: Party[], lead: boolean): string | null {
  const rule = RULES[step];
  if (!parties.some((p) => rule.parties.includes(p)))
    return `${STEP_LABEL[step]} is for ${rule.parties.join(' or ')}`;
  if (c.stage === 'closed') return 'the case is closed';
  if (rule.needsReply && !c.replied)
    return `the practice’s reply must be on record before anything goes beyond the commissioner and the practice`;
  if (!rule.from.includes(c.stage)) return `${STEP_LABEL[step]} is not open at “${STAGE_LABEL[c.stage]}”`;
  if (rule.needsAgreedPlan && !c.planAgreed) return 'the practice has not yet agreed the support plan';
  if (rule.leadOnly && !lead) return `${STEP_LABEL[step]} is for the commissioner’s quality lead`;
  if (step === 'agree_plan' && c.planAgreed) return 'the support plan is already agreed';
  return null;
}

/** The steps these parties may take on the case now. */
export function allowedSteps(c: CaseFacts, parties: Party[], lead: boolean): (typeof STEPS)[number][] {
  return STEPS.filter((s) => refusal(c, s, parties, lead) === null);
}

/** The stage after a step, or a StepRefused naming what is allowed instead. */
export function checkStep(
  c: CaseFacts,
  step: (typeof STEPS)[number],
  parties: Party[],
  lead: boolean,
): Stage {
  const why = refusal(c, step, parties, lead);
  if (why) throw new StepRefused(`Not now: ${why}.`, step, allowedSteps(c, parties, lead));
  const to = RULES[step].to;
  // a later reply or note never moves a case back (a reply to a case at peer review stays at peer review)
  if (!to || (step === 'reply' && STAGES.indexOf(c.stage) > STAGES.indexOf('replied'))) return c.stage;
  return to;
}

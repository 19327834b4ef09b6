/** Improvement cases as the routes answer them, and how they are written. */
import type { CaseRow, StepRow } from '../../../../src/improvement/service';
import { STEP_LABEL, type Stage } from '../../../../src/improvement/workflow';

export type CaseSummary = CaseRow & {
  stageLabel: string;
  tierAtOpeningLabel: string | null;
  overdue: boolean;
};

export interface CaseList {
  today: string;
  cases: CaseSummary[];
  /** for one practice, when the viewer may open a case: the indicators a case can be about */
  choices?: Array<{ code: string; title: string; worse: boolean }>;
}

export interface CaseView {
  case: CaseSummary;
  steps: Array<StepRow & { kindLabel: string; actor: string | null }>;
  parties: string[];
  allowed: Array<keyof typeof STEP_LABEL>;
  stages: Record<Stage, string>;
  closeOutcomes: string[];
}

export const dateGb = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '';

export const OUTCOME_LABEL: Record<string, string> = {
  improved: 'Improved',
  explained_by_context: 'Explained by the practice’s context',
  support_completed: 'Support completed',
  escalation_concluded: 'Escalation concluded',
  opened_in_error: 'Opened in error',
};

export const PROGRESS_LABEL: Record<string, string> = {
  improving: 'Improving',
  no_change: 'No change yet',
  worse: 'Worse',
};

export const dueLabel = (c: CaseSummary) =>
  c.reviewDue ? `${c.stage === 'shared' ? 'Reply expected by' : 'Review due'} ${dateGb(c.reviewDue)}` : '';

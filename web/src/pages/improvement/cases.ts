/** Improvement cases as the routes answer them, and how they are written. */
import type { Answer } from '../../api/client';

export type CaseList = Answer<'/api/improvement', 'get'>;
export type CaseView = Answer<'/api/improvement/{id}', 'get'>;
export type CaseSummary = CaseView['case'];

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

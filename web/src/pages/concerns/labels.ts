/** How a concern's harm, outcome, moves and dates are written. */
import { HARM_GRADES } from '../../../../src/concerns/taxonomy';

export const HARM: Record<string, string> = Object.fromEntries(HARM_GRADES.map((h) => [h.id, h.label]));

export const OUTCOMES: Record<string, string> = {
  concern_upheld: 'Concern upheld',
  partially_upheld: 'Partially upheld',
  not_upheld: 'Not upheld',
  learning_identified_no_fault: 'Learning identified, no fault',
  unable_to_determine: 'Unable to determine',
};

export const STATE_LABEL: Record<string, string> = {
  submitted: 'Submitted',
  triaged: 'Triaged',
  with_provider: 'Send to the provider',
  provider_responded: 'Record the provider’s response',
  commissioner_review: 'Start the commissioner review',
  closed: 'Close',
  info_requested: 'Ask the provider for more information',
  redirected: 'Redirect (complaint/PALS or safeguarding)',
  duplicate: 'Mark as a duplicate',
  escalated_to_incident: 'Escalate to an incident',
  reopened: 'Reopen',
};

export const dateGb = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * Who sees a concern, and as which party: the record-level rule behind every concern route. The viewer's scope
 * comes from the authorisation policy (`Permissions.concernScope`); this decides per concern from its practice,
 * provider, status and reporter.
 */
import type { ConcernScope } from '../auth/policy.js';
import type { ConcernRow } from '../db/repos/concerns.js';
import type { Party } from './workflow.js';

/**
 * The part the viewer plays for this concern, or null when they may not see it: the commissioner team of the
 * practice's area (never a draft), the reporting practice (its drafts only to their author), the provider once
 * the concern has been sent to it.
 */
export function partyFor(scope: ConcernScope, c: ConcernRow): Party | null {
  const isDraft = c.status === 'draft';
  if (!isDraft && (scope.everything || scope.commissionerPractices.has(c.practiceCode)))
    return 'commissioner';
  if (scope.practices.has(c.practiceCode) && (!isDraft || c.reporterUserId === scope.userId))
    return 'practice';
  if (scope.providers.has(c.providerCode) && c.sentToProviderOn !== null) return 'provider';
  return null;
}

/** Every party the viewer plays for the concern, the first being the one whose view they get. */
export function partiesFor(scope: ConcernScope, c: ConcernRow): Party[] {
  const p = partyFor(scope, c);
  if (!p) return [];
  const all: Party[] = [p];
  if (p !== 'practice' && scope.practices.has(c.practiceCode)) all.push('practice');
  if (p !== 'provider' && scope.providers.has(c.providerCode) && c.sentToProviderOn !== null)
    all.push('provider');
  return all;
}

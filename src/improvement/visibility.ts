/**
 * Who takes part in an improvement case, as which party: the record-level rule behind every case route. The
 * commissioner team of the practice's area and the practice itself from the start; a peer-group lead covering the
 * practice only once the practice has replied (the right of reply: nothing goes beyond the commissioner and the
 * practice before it); a partner (NHS England, CQC) who is not otherwise a party reads a case once escalated.
 */
import type { Permissions } from '../auth/policy.js';
import type { Party } from './workflow.js';

export interface CaseParticipation {
  parties: Party[];
  /** the commissioner's quality lead (or an administrator): takes lead-only steps */
  lead: boolean;
  /** reads the case as a partner (escalated cases only), taking no steps */
  partnerReader: boolean;
}

export async function participationIn(
  permissions: Permissions,
  c: { practiceCode: string; replied: boolean },
  escalated: () => Promise<boolean>,
): Promise<CaseParticipation> {
  const over = { org: c.practiceCode };
  const parties: Party[] = [];
  if (await permissions.can('improvement.open', over)) parties.push('commissioner');
  if (await permissions.can('improvement.reply', over)) parties.push('practice');
  if (c.replied && (await permissions.can('improvement.peer_review', over))) parties.push('peer_group');
  const lead = await permissions.can('improvement.lead', over);
  const partnerReader =
    parties.length === 0 && (await permissions.can('improvement.escalated', over)) && (await escalated());
  return { parties, lead, partnerReader };
}

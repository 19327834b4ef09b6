/**
 * What each party sees of a concern once it may see it at all (visibility.ts decides that): the provider never
 * learns the reporter, the reporting practice (unless the reporter agreed) or anything of the NHS number, and the
 * commissioner team's internal notes reach only that team. Pure functions over the concern and the viewer's party,
 * so the rule is tested on its own and every route that shows a concern applies the same one.
 */
import type { ConcernEvent, ConcernRow } from './concerns.js';
import { SERVICES } from './taxonomy.js';
import { STATE_LABEL, type Party } from './workflow.js';

/** A concern as this party may see it. Providers get neither the reporter nor anything of the NHS number. */
export function concernView(c: ConcernRow, party: Party) {
  const forProvider = party === 'provider';
  const reporterHidden = forProvider && !c.shareReporter;
  return {
    id: c.id,
    status: c.status,
    statusLabel: STATE_LABEL[c.status],
    provider: { code: c.providerCode, name: c.providerName },
    site: c.siteCode,
    service: c.service,
    serviceLabel: c.service ? (SERVICES[c.service] ?? `treatment function ${c.service}`) : null,
    category: {
      id: c.categoryId,
      label: c.categoryLabel,
      parentId: c.parentCategoryId,
      parentLabel: c.parentCategoryLabel,
    },
    harm: c.harm,
    description: c.description,
    eventDate: c.eventDate,
    contractStandard: c.contractStandard,
    nationalReference: c.nationalReference,
    urgent: c.urgent,
    practice: reporterHidden ? null : { code: c.practiceCode, name: c.practiceName },
    reporter: reporterHidden ? null : c.reporter,
    reporterHidden,
    hasNhsNumber: forProvider ? undefined : c.nhsNumberSealed !== null,
    duplicateOf: c.duplicateOf,
    outcome: c.outcome,
    incidentId: forProvider ? null : c.incidentId,
    synthetic: c.synthetic,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * One step of the history as this party may see it: the practice's people are not named to the provider (unless
 * the reporter agreed), a note not shared reaches only the commissioner team (the step is shown, its note is not),
 * and the provider sees no details.
 */
export function eventView(e: ConcernEvent, party: Party, c: ConcernRow) {
  const hide = party === 'provider' && e.party === 'practice' && !c.shareReporter;
  const withheld = party !== 'commissioner' && e.visibility !== 'shared';
  const { details, ...rest } = e;
  return {
    ...rest,
    reason: withheld ? null : e.reason,
    actor: hide ? 'The reporting practice' : e.actor,
    role: hide ? null : e.role,
    details: party === 'provider' ? {} : details,
  };
}

/** The history as this party may see it: the provider is not told that an NHS number was revealed. */
export function historyView(events: ConcernEvent[], party: Party, c: ConcernRow) {
  return events
    .filter((e) => party !== 'provider' || e.kind !== 'nhs_number_revealed')
    .map((e) => eventView(e, party, c));
}

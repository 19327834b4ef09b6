/**
 * Organization (UK Core conventions): the ODS code as identifier, the name, whether it was open on the date asked,
 * its kind in Lantern's organisation-type code system, and `partOf` as at that date from the organisation links
 * Lantern holds. A CCG that had closed by then is no one's parent: a child still linked to it resolves to the CCG
 * it merged into, and the closed CCG itself is part of its successor.
 */
import type { Queryable } from '../db/connect.js';
import type { z } from 'zod';
import type { organization } from './contract.js';
import type { OrganisationSummary } from '../domain/organisations.js';
import { ORG_TYPE_LABEL, PARENT_RELATIONSHIP, type OrgType } from '../domain/organisations.js';
import { directParentsAt, successorAt } from '../db/repos/organisation-parents.js';
import type { RelatedOrganisation } from '../db/repos/organisations.js';
import { ODS_SYSTEM, ORGANISATION_TYPE_SYSTEM } from './systems.js';

/** A reference to an organisation by its ODS code, as Lantern writes them everywhere. */
export const organizationReference = (o: { code: string; name?: string }) => ({
  reference: `Organization/${o.code}`,
  identifier: { system: ODS_SYSTEM, value: o.code },
  ...(o.name ? { display: o.name } : {}),
});

/** Open on the date: opened by then (or no open date known) and not closed before it. */
export const openOn = (o: Pick<OrganisationSummary, 'openDate' | 'closeDate' | 'status'>, at: string) =>
  (o.openDate === null ? o.status !== 'proposed' : o.openDate <= at) &&
  (o.closeDate === null ? o.status !== 'closed' : o.closeDate >= at);

/**
 * The organisation's parent on the date: the first relationship of its kind's navigation order that was open
 * then (a practice's CCG before its PCN, a CCG's ICB before its successor or area team). A CCG parent that had
 * already closed resolves to the CCG it merged into.
 */
export async function parentOn(
  db: Queryable,
  org: OrganisationSummary,
  at: string,
): Promise<RelatedOrganisation | null> {
  const order = PARENT_RELATIONSHIP[org.type] ?? [];
  const links = await directParentsAt(db, org.code, at);
  const link =
    order.map((r) => links.find((l) => l.relationship === r)).find(Boolean) ??
    // kinds without a navigation order (a trust site, a region): any parent open then
    (order.length === 0 ? links[0] : undefined);
  if (!link) return null;
  if (link.type === 'sub_icb' && !openOn(link, at)) return (await successorAt(db, link.code, at)) ?? link;
  return link;
}

export function organizationResource(
  org: OrganisationSummary,
  at: string,
  parent: Pick<OrganisationSummary, 'code' | 'name'> | null,
): z.input<typeof organization> {
  return {
    resourceType: 'Organization',
    id: org.code,
    identifier: [{ system: ODS_SYSTEM, value: org.code }],
    active: openOn(org, at),
    type: [
      {
        coding: [
          { system: ORGANISATION_TYPE_SYSTEM, code: org.type, display: ORG_TYPE_LABEL[org.type as OrgType] },
        ],
        text: ORG_TYPE_LABEL[org.type as OrgType],
      },
    ],
    name: org.name,
    ...(org.postcode ? { address: [{ postalCode: org.postcode, country: 'GB' }] } : {}),
    ...(parent ? { partOf: organizationReference(parent) } : {}),
  };
}

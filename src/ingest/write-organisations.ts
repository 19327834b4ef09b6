/** A load's organisations: a reference file's replace what was known, a mention only fills gaps. */
import type { Queryable } from '../db/connect.js';
import type { OrgType } from '../domain/organisations.js';
import {
  upsertMentionedOrganisations,
  upsertReferenceOrganisations,
  type KnownOrganisation,
  type OrganisationWrite,
} from '../db/repos/load-organisations.js';
import type { OrgRecord } from './load-builder.js';
import type { LoadReport } from './load-report.js';

/** Organisations compared in Lantern; an unverified one of these is worth a warning (a placeholder region is not). */
const UNITS = new Set<OrgType>(['practice', 'trust', 'trust_site', 'provider', 'pcn']);

export async function writeOrganisations(
  tx: Queryable,
  orgs: OrgRecord[],
  existing: Map<string, KnownOrganisation>,
  loadId: number,
  report: LoadReport,
): Promise<void> {
  const rows = (list: OrgRecord[]): OrganisationWrite[] =>
    list.map((o) => ({
      code: o.code,
      name: o.name || o.code,
      type: o.type,
      postcode: o.postcode ?? null,
      openDate: o.openDate ?? null,
      closeDate: o.closeDate ?? null,
      status: o.status ?? (o.authority === 'reference' ? 'active' : 'unverified'),
      attributes: o.attributes ?? {},
    }));
  const reference = orgs.filter((o) => o.authority === 'reference');
  const mention = orgs.filter((o) => o.authority === 'mention');
  if (reference.length) {
    const r = await upsertReferenceOrganisations(tx, rows(reference), loadId);
    report.organisations.added += r.inserted;
    report.organisations.updated += r.updated;
  }
  if (mention.length) {
    // a mention only fills gaps: a placeholder name (the code itself), a missing postcode, new attributes
    const r = await upsertMentionedOrganisations(tx, rows(mention), loadId);
    report.organisations.added += r.inserted;
    report.organisations.updated += r.updated;
    const unverified = mention.filter((o) => !existing.has(o.code) && UNITS.has(o.type)).map((o) => o.code);
    report.organisations.unverified = unverified.length;
    if (unverified.length > 0)
      report.warnings.push(
        `${unverified.length} organisation${unverified.length === 1 ? '' : 's'} not in any loaded ODS reference registered as unverified: ${unverified.slice(0, 8).join(', ')}${unverified.length > 8 ? ', …' : ''}`,
      );
  }
}

import type { OrganisationSummary } from '../api';
import { Link, orgHref } from './Link';

const TYPE_LABEL: Record<string, string> = {
  practice: 'GP practice',
  trust: 'NHS trust',
  sub_icb: 'CCG / sub-ICB',
  icb: 'ICB',
  pcn: 'PCN',
  region: 'Region',
  prescribing_setting: 'Other prescribing setting',
  trust_site: 'Trust site',
  provider: 'Provider',
  area_team: 'Area team',
};

/** Organisations found or listed as members, each linked to its page. */
export function OrgList({
  orgs,
  at,
}: {
  orgs: Array<OrganisationSummary & { relationship?: string }>;
  at?: string;
}) {
  return (
    <ul className="nhsuk-list lantern-results">
      {orgs.map((o) => (
        <li key={`${o.code}-${o.relationship ?? ''}`}>
          <Link href={orgHref(o.code, o.type, at)}>{o.name}</Link>{' '}
          <span className="lantern-code">
            ({o.code}
            {o.postcode ? `, ${o.postcode}` : ''})
          </span>
          <span className="lantern-tag">{TYPE_LABEL[o.type] ?? o.type}</span>
          {o.status !== 'active' && <span className="lantern-tag">{o.status}</span>}
        </li>
      ))}
    </ul>
  );
}

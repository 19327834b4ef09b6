import { useApi, type OrganisationSummary } from '../api';
import { Link, orgHref } from '../components/Link';
import { Panel } from '../components/Panel';
import { navigate } from '../router';
import { useSession } from '../session';
import { SearchForm } from '../components/SearchForm';

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
          <Link href={orgHref(o.code, at)}>{o.name}</Link>{' '}
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

export function Home({ query }: { query: string }) {
  const { session } = useSession();
  const results = useApi<{ results: OrganisationSummary[] }>(
    query ? `/api/organisations?q=${encodeURIComponent(query)}&limit=30` : null,
  );
  const regions = useApi<{ at: string; regions: OrganisationSummary[] }>('/api/hierarchy');
  return (
    <>
      <h1>Find a practice, trust or area</h1>
      {session && !session.user && (
        <div className="nhsuk-inset-text">
          <p>
            Patient or member of the public?{' '}
            <Link href="/public">Compare GP practices and hospitals on published figures</Link>, explained in
            plain English.
          </p>
        </div>
      )}
      <SearchForm
        id="search"
        label="Search by name, ODS code or postcode"
        hint="For example: Densham, A81001, TS18 1HU or Manchester"
        query={query}
        onSearch={(text) => navigate(`/?q=${encodeURIComponent(text)}`)}
      />
      {query && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">Results for “{query}”</h2>
          <Panel
            data={results}
            isEmpty={(d) => d.results.length === 0}
            empty={
              <>
                Nothing matches “{query}”. Try part of the name, the ODS code (such as A81001) or a postcode.
              </>
            }
          >
            {(d) => <OrgList orgs={d.results} />}
          </Panel>
        </section>
      )}
      <section aria-labelledby="browse-heading">
        <h2 id="browse-heading">Browse by region</h2>
        <p className="nhsuk-body">
          Region → ICB → CCG (sub-ICB location) → PCN → practice, as the NHS is organised today.
        </p>
        <Panel
          data={regions}
          isEmpty={(d) => d.regions.length === 0}
          empty="No organisation hierarchy is loaded yet. Load the ODS reference files with lantern ingest."
        >
          {(d) => <OrgList orgs={d.regions} />}
        </Panel>
      </section>
    </>
  );
}

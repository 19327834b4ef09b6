import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { Link } from '../../components/Link';
import { OrgList } from '../../components/OrgList';
import { Panel } from '../../components/Panel';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { SearchForm } from '../../components/SearchForm';

export function Home({ query }: { query: string }) {
  const { session } = useSession();
  const results = useApi<Answer<'/api/organisations', 'get'>>(
    query ? `/api/organisations?q=${encodeURIComponent(query)}&limit=30` : null,
  );
  const regions = useApi<Answer<'/api/hierarchy', 'get'>>('/api/hierarchy');
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

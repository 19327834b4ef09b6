import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { Link } from '../../components/Link';
import { Panel } from '../../components/Panel';
import { navigate } from '../../router';
import { usePageTitle } from '../../title';
import '../../public.css';
import { SearchForm } from '../../components/SearchForm';

type Found = Answer<'/api/public/practices', 'get'>['results'][number];

/** The public view's start page: what it is, and finding a GP practice by its name or ODS code. */
export function PublicStart({ query }: { query: string }) {
  usePageTitle('Compare GP practices and hospitals');
  const results = useApi<{ results: Found[] }>(
    query ? `/api/public/practices?q=${encodeURIComponent(query)}` : null,
  );
  return (
    <div className="lantern-public">
      <h1>Compare GP practices and hospitals</h1>
      <p className="nhsuk-lede-text">
        See how a GP practice compares with the rest of England on figures the NHS publishes, and compare
        hospital waiting times and A&amp;E.
      </p>
      <p className="nhsuk-body">
        Every figure here is published open data, shown with the period it covers and where it comes from. You
        do not need to sign in.
      </p>
      <SearchForm
        id="public-search"
        label="Find a GP practice"
        hint="Type part of the practice’s name or its ODS code (for example A81001)"
        large
        query={query}
        onSearch={(text) => navigate(`/public?q=${encodeURIComponent(text)}`)}
      />
      {query && (
        <section aria-labelledby="public-results">
          <h2 id="public-results">GP practices matching “{query}”</h2>
          <Panel
            data={results}
            isEmpty={(d) => d.results.length === 0}
            empty={<>No GP practice matches “{query}”. Try a shorter part of the name, or the ODS code.</>}
          >
            {(d) => (
              <ul className="nhsuk-list lantern-results">
                {d.results.map((p) => (
                  <li key={p.code}>
                    <Link href={`/public/practices/${encodeURIComponent(p.code)}`}>{p.name}</Link>{' '}
                    <span className="lantern-code">
                      ({p.code}
                      {p.postcode ? `, ${p.postcode}` : ''})
                    </span>
                    {!p.open && <span className="lantern-tag">closed</span>}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </section>
      )}
      <h2>Compare hospitals</h2>
      <p className="nhsuk-body">
        <Link href="/public/hospitals">Compare hospital trusts on waiting times and A&amp;E</Link>, for
        example before you and your GP choose where to be referred.
      </p>
      <h2>What you will find here, and what you will not</h2>
      <p className="nhsuk-body">
        You will find figures published by NHS England, NHS Digital and others, each with a range that shows
        how precise it is. You will not find figures the NHS keeps for its own use, or how the NHS is working
        with a practice: those are not published, and small numbers could identify people.
      </p>
    </div>
  );
}

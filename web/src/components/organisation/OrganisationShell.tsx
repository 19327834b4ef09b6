/**
 * What every organisation's page shows, whatever its type: where it sits (breadcrumbs, parents, history, a date to
 * see it as it was), its members, and its indicators over time. The page of each type (practices/PracticePage,
 * trusts/TrustPage, icbs/AreaPage, organisations/OrganisationPage) puts its own panels in the middle.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { OrgType } from '../../../../src/domain/organisations';
import { useApi, type OrganisationPage } from '../../api';
import type { Answer } from '../../api/client';

type IndicatorList = Answer<'/api/organisations/{code}/indicator-list', 'get'>;
import { orgHref } from '../../addresses';
import { IndicatorSeriesCard } from './IndicatorSeriesCard';
import { ListSizeChart, PopulationPyramid } from '../../charts/PopulationPyramid';
import { navigate, useSearchParams } from '../../router';
import { usePageTitle } from '../../title';
import { Breadcrumbs, HOME_CRUMB } from '../Breadcrumbs';
import { Details } from '../Details';
import { Link } from '../Link';
import { OrgList } from '../OrgList';
import { PageContents } from '../PageContents';
import { Panel } from '../Panel';
import { ScrollTable } from '../ScrollTable';

const DOMAIN_ORDER = [
  'effectiveness',
  'access',
  'experience',
  'prescribing',
  'safety',
  'referral',
  'workforce',
  'performance',
  'finance',
  'context',
];
const RELATIONSHIP: Record<string, string> = {
  practice_sub_icb: 'CCG / sub-ICB',
  practice_pcn: 'PCN',
  pcn_sub_icb: 'CCG / sub-ICB',
  sub_icb_icb: 'ICB',
  sub_icb_area_team: 'Area team',
  icb_region: 'Region',
  area_team_region: 'Region',
  sub_icb_successor: 'Merged into',
  trust_icb: 'ICB',
  trust_region: 'Region',
};

/**
 * The page of the organisation `code`, expected to be of one of `types` (the address says which): one of another type
 * moves to its own address, so that `/practices/RW6` ends at `/trusts/RW6`.
 */
export function OrganisationShell({
  code,
  types,
  children,
}: {
  code: string;
  types: readonly OrgType[];
  /** the panels of this type of organisation, between its place in the hierarchy and its members */
  children?: (page: OrganisationPage) => ReactNode;
}) {
  const at = useSearchParams().get('at');
  const page = useApi<OrganisationPage>(
    `/api/organisations/${encodeURIComponent(code)}${at ? `?at=${at}` : ''}`,
  );
  // which indicators it has: each one's figures are asked for as its chart comes near the screen
  const indicators = useApi<IndicatorList>(`/api/organisations/${encodeURIComponent(code)}/indicator-list`);
  const population = useApi<Answer<'/api/organisations/{code}/population', 'get'>>(
    `/api/organisations/${encodeURIComponent(code)}/population`,
  );
  const actual = page.state === 'ready' ? page.data.organisation.type : null;
  const elsewhere = actual !== null && !types.includes(actual);
  useEffect(() => {
    if (actual && elsewhere) navigate(orgHref(code, actual, at), { replace: true });
  }, [actual, elsewhere, code, at]);
  usePageTitle(page.state === 'ready' ? page.data.organisation.name : null);
  if (elsewhere) return null;
  return (
    <>
      {page.state !== 'ready' && <h1>Organisation {code}</h1>}
      <Panel data={page} empty="">
        {(p) => (
          <OrganisationView page={p} indicators={indicators} population={population}>
            {children?.(p)}
          </OrganisationView>
        )}
      </Panel>
    </>
  );
}

function OrganisationView({
  page,
  indicators,
  population,
  children,
}: {
  page: OrganisationPage;
  children: ReactNode;
  indicators: ReturnType<typeof useApi<IndicatorList>>;
  population: ReturnType<typeof useApi<Answer<'/api/organisations/{code}/population', 'get'>>>;
}) {
  const o = page.organisation;
  const byDomain = useMemo(() => {
    if (indicators.state !== 'ready') return [];
    const groups = new Map<string, IndicatorList['indicators']>();
    for (const s of indicators.data.indicators) {
      const d = s.definition?.domain ?? 'other';
      if (!groups.has(d)) groups.set(d, []);
      groups.get(d)!.push(s);
    }
    return [...groups].sort((a, b) => DOMAIN_ORDER.indexOf(a[0]) - DOMAIN_ORDER.indexOf(b[0]));
  }, [indicators]);
  // every indicator's chart at once rather than as each is scrolled to: asked for, and before printing
  const [allCharts, setAllCharts] = useState(false);
  useEffect(() => {
    const all = () => setAllCharts(true);
    addEventListener('beforeprint', all);
    return () => removeEventListener('beforeprint', all);
  }, []);
  const childrenByType = page.children.filter((c) => c.relationship !== 'sub_icb_successor');
  // where a closed organisation went, whatever the date shown (the history holds every merger)
  const successors = page.history.filter(
    (h) => h.direction === 'parent' && h.relationship === 'sub_icb_successor',
  );
  const closedBy = o.closeDate !== null && o.closeDate < page.at;
  return (
    <>
      <Breadcrumbs
        items={[
          HOME_CRUMB,
          ...[...page.parents]
            .reverse()
            .filter((x) => x.relationship !== 'practice_pcn' && x.relationship !== 'sub_icb_successor')
            .map((x) => ({ href: orgHref(x.code, x.type), label: x.name })),
        ]}
      />
      <span className="nhsuk-caption-l">
        {o.typeLabel} · {o.code}
      </span>
      <h1>{o.name}</h1>
      {o.closeDate && (
        <div className="nhsuk-inset-text lantern-closed">
          <p>
            Closed on {o.closeDate}
            {successors.length > 0 && (
              <>
                {': merged into '}
                {successors.map((x, i) => (
                  <span key={x.code}>
                    {i > 0 && ', '}
                    <Link href={orgHref(x.code, x.type)}>{x.name}</Link> ({x.code}) on {x.validFrom}
                  </span>
                ))}
              </>
            )}
            .{' '}
            {closedBy ? (
              <>
                After that date it belongs to no area and has no members.{' '}
                <Link href={orgHref(o.code, o.type, o.closeDate)}>Show it as it was on {o.closeDate}</Link>.
              </>
            ) : (
              <>Shown as it was on {page.at}, when it was open.</>
            )}
          </p>
        </div>
      )}
      <PageContents />
      <dl className="nhsuk-summary-list">
        <Row
          k="Status"
          v={`${o.status}${o.status === 'unverified' ? ' (seen in a data file, not in a loaded ODS reference file)' : ''}`}
        />
        {o.postcode && <Row k="Postcode" v={o.postcode} />}
        {(o.openDate || o.closeDate) && (
          <Row k="Open" v={`${o.openDate ?? 'unknown'}${o.closeDate ? ` to ${o.closeDate}` : ''}`} />
        )}
        {Object.entries(o.attributes)
          .filter(([k]) => k !== 'prescribing_setting')
          .map(([k, v]) => (
            <Row key={k} k={k.replace(/_/g, ' ')} v={v} />
          ))}
        {page.parents.map((x) => (
          <div className="nhsuk-summary-list__row" key={`${x.code}-${x.relationship}`}>
            <dt className="nhsuk-summary-list__key">{RELATIONSHIP[x.relationship] ?? x.relationship}</dt>
            <dd className="nhsuk-summary-list__value">
              <Link href={orgHref(x.code, x.type, page.at)}>{x.name}</Link> ({x.code}) since {x.validFrom}
            </dd>
          </div>
        ))}
      </dl>
      <form
        className="nhsuk-form-group"
        onSubmit={(e) => {
          e.preventDefault();
          const v = new FormData(e.currentTarget).get('at');
          navigate(orgHref(o.code, o.type, v ? String(v) : null));
        }}
      >
        <label className="nhsuk-label" htmlFor="at">
          Show the organisation as it was on
        </label>
        <div className="nhsuk-hint" id="at-hint">
          Parents and members change over time (CCGs merged in 2017–2020 and became sub-ICB locations in
          2022).
        </div>
        <input
          className="nhsuk-input nhsuk-input--width-10"
          type="date"
          id="at"
          name="at"
          defaultValue={page.at}
          aria-describedby="at-hint"
        />{' '}
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show
        </button>
      </form>
      {page.history.length > 0 && (
        <Details summary="History of its parents and mergers">
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Relationship</th>
                <th scope="col">Organisation</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
              </tr>
            </thead>
            <tbody>
              {page.history.map((h) => (
                <tr key={`${h.code}-${h.relationship}-${h.validFrom}`}>
                  <td>
                    {h.direction === 'child' ? 'Merged in' : (RELATIONSHIP[h.relationship] ?? h.relationship)}
                  </td>
                  <td>
                    <Link href={orgHref(h.code, h.type)}>{h.name}</Link> ({h.code})
                  </td>
                  <td>{h.validFrom}</td>
                  <td>{h.validTo ?? 'now'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </Details>
      )}
      {children}
      {childrenByType.length > 0 && (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">
            Members on {page.at} ({childrenByType.length})
          </h2>
          <OrgList orgs={childrenByType} at={page.at} />
        </section>
      )}
      {(o.type === 'practice' || o.type === 'prescribing_setting') && (
        <section aria-labelledby="population-heading">
          <h2 id="population-heading">Registered patients</h2>
          <Panel
            data={population}
            isEmpty={(d) => d.rows.length === 0}
            empty="No list-size data is loaded for this practice."
          >
            {(d) => (
              <div className="lantern-grid">
                <div className="lantern-card">
                  <PopulationPyramid rows={d.rows} />
                </div>
                <div className="lantern-card">
                  <ListSizeChart rows={d.rows} />
                </div>
              </div>
            )}
          </Panel>
        </section>
      )}
      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">Indicators over time</h2>
        <Panel
          data={indicators}
          isEmpty={(d) => d.indicators.length === 0}
          empty={`No indicator values are loaded for ${o.name}. ${o.type === 'sub_icb' || o.type === 'icb' ? 'Area figures are built from member practices: open a practice to see its indicators.' : ''}`}
        >
          {(d) => (
            <>
              <AllChartsNow count={d.indicators.length} shown={allCharts} show={() => setAllCharts(true)} />
              {byDomain.map(([domain, list]) => (
                <section key={domain} aria-labelledby={`domain-${domain}`}>
                  <h3 id={`domain-${domain}`} className="nhsuk-heading-m nhsuk-u-margin-top-5">
                    {domain[0].toUpperCase() + domain.slice(1)}
                  </h3>
                  <div className="lantern-grid">
                    {list.map((entry) => (
                      <IndicatorSeriesCard
                        key={entry.code}
                        orgCode={o.code}
                        orgName={o.name}
                        entry={entry}
                        now={allCharts}
                      />
                    ))}
                  </div>
                </section>
              ))}
            </>
          )}
        </Panel>
      </section>
    </>
  );
}

/** Charts come as they are scrolled to; this asks for them all, to print the page or search its figures. */
function AllChartsNow({ count, shown, show }: { count: number; shown: boolean; show: () => void }) {
  if (count < 2) return null;
  return (
    <p className="nhsuk-body-s">
      Each chart&apos;s figures are fetched as it comes into view.{' '}
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
        onClick={show}
        disabled={shown}
      >
        {shown ? `All ${count} charts asked for` : `Show all ${count} charts now`}
      </button>{' '}
      (to print the page or search its figures).
    </p>
  );
}

function Row({ k, v }: { k: string; v: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{k}</dt>
      <dd className="nhsuk-summary-list__value">{v}</dd>
    </div>
  );
}

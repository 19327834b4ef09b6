import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { periodLabel } from '../../charts/IndicatorChart';
import { formatFigure } from '../../charts/IntervalChart';
import { Panel } from '../../components/Panel';
import { ScrollTable } from '../../components/ScrollTable';
import { navigate } from '../../router';
import { usePageTitle } from '../../title';
import { Breadcrumbs, PUBLIC_CRUMB } from '../../components/Breadcrumbs';
import '../../public.css';
import { SearchForm } from '../../components/SearchForm';

type Hospitals = Answer<'/api/public/hospitals', 'get'>;
type TrustFigure = Hospitals['hospitals'][number]['figures'][string];

const SHORT: Record<string, string> = {
  similar: 'about the same as the median',
  higher: 'higher than the median',
  lower: 'lower than the median',
};

function Cell({ f, unit }: { f: TrustFigure | undefined; unit: string }) {
  if (!f) return <td>no figure</td>;
  return (
    <td>
      <strong>{formatFigure(f.value, unit)}</strong>
      {f.interval && (
        <span className="lantern-public-counts">
          {' '}
          ({formatFigure(f.interval.lower, unit)} to {formatFigure(f.interval.upper, unit)})
        </span>
      )}
      <br />
      <span className="nhsuk-body-s">{f.comparison ? SHORT[f.comparison] : 'not compared'}</span>
    </td>
  );
}

/** "Where to refer" for patients and the public: hospital trusts side by side on published figures. */
export function PublicHospitals({ query }: { query: string }) {
  usePageTitle('Compare hospitals');
  const data = useApi<Hospitals>(`/api/public/hospitals${query ? `?q=${encodeURIComponent(query)}` : ''}`);
  return (
    <div className="lantern-public">
      <Breadcrumbs className="lantern-public-back" items={[PUBLIC_CRUMB]} />
      <h1>Compare hospitals: waiting times and A&amp;E</h1>
      <p className="nhsuk-lede-text">
        When you and your GP choose where to be referred, these published figures show how long people wait at
        each hospital trust.
      </p>
      <SearchForm
        id="hospital-search"
        label="Find a hospital trust"
        hint="Type part of the trust’s name or its ODS code (for example RW3)"
        query={query}
        onSearch={(text) => navigate(`/public/hospitals${text ? `?q=${encodeURIComponent(text)}` : ''}`)}
      />
      <Panel
        data={data}
        isEmpty={(d) => d.hospitals.length === 0}
        empty={
          query ? (
            <>No hospital trust with published figures matches “{query}”.</>
          ) : (
            <>No published hospital figures are loaded.</>
          )
        }
      >
        {(d) => (
          <>
            <p className="nhsuk-body">{d.about}</p>
            <ScrollTable className="nhsuk-table lantern-public-table">
              <caption className="nhsuk-table__caption">
                {query ? `Hospital trusts matching “${query}”` : 'Hospital trusts'}: each figure with its 95%
                interval
                {d.total > d.hospitals.length
                  ? ` (the first ${d.hospitals.length} of ${d.total}; search to find others)`
                  : ''}
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Hospital trust</th>
                  {d.measures.map((m) => (
                    <th scope="col" key={m.indicator}>
                      {m.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {d.hospitals.map((h) => (
                  <tr key={h.code}>
                    <th scope="row">
                      {h.name} <span className="lantern-code">({h.code})</span>
                    </th>
                    {d.measures.map((m) => (
                      <Cell key={m.indicator} f={h.figures[m.indicator]} unit={m.unit} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            <h2>What the figures mean</h2>
            <p className="nhsuk-body">
              Each trust is compared with the middle trust in England (the median). Higher or lower is not a
              verdict: a busy or specialist hospital can have longer waits for reasons that do not reflect the
              care it gives.
            </p>
            {d.measures.map((m) => (
              <section key={m.indicator} aria-labelledby={`measure-${m.indicator}`}>
                <h3 id={`measure-${m.indicator}`}>{m.title}</h3>
                <p className="nhsuk-body">{m.about}</p>
                <p className="nhsuk-body-s">
                  Middle trust in England: {formatFigure(m.median, m.unit)}, of {m.trusts} trusts · period{' '}
                  {periodLabel(m.periodStart, m.periodEnd)} · source: {m.source.publisher}
                  {m.source.url && (
                    <>
                      {' · '}
                      <a href={m.source.url} className="lantern-public-url">
                        {m.source.url}
                      </a>
                    </>
                  )}
                </p>
              </section>
            ))}
          </>
        )}
      </Panel>
    </div>
  );
}

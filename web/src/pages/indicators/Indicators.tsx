import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';

export function Indicators() {
  const data = useApi<Answer<'/api/indicators', 'get'>>('/api/indicators');
  return (
    <>
      <h1>Indicators</h1>
      <p className="nhsuk-body">
        Members choose which indicators count towards practice tiers:{' '}
        <Link href="/indicators/choosing">choosing indicators</Link>.
      </p>
      <p className="nhsuk-body">
        Every indicator Lantern holds, with its definition, which way is better, its source and the periods
        loaded. Practice indicators with counts open as a funnel plot of every practice.
      </p>
      <Panel data={data} isEmpty={(d) => d.indicators.length === 0} empty="No indicators are loaded yet.">
        {(d) => (
          <ScrollTable className="nhsuk-table">
            <caption className="nhsuk-table__caption">{d.indicators.length} indicators</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Indicator</th>
                <th scope="col">Domain</th>
                <th scope="col">Better</th>
                <th scope="col">Organisations</th>
                <th scope="col">Periods</th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr key={i.code}>
                  <td>
                    {/* linked where its funnel can be drawn: the catalogue's own reason, not a second rule here */}
                    {i.published && i.noFunnel === null ? (
                      <Link href={`/indicators/${i.code}`}>
                        <strong>{i.title}</strong>
                      </Link>
                    ) : (
                      <strong>{i.title}</strong>
                    )}
                    <br />
                    <span className="nhsuk-body-s">
                      {i.howToRead} <code>{i.code}</code> v{i.version} · {i.source}
                      {i.noFunnel === 'too_few_practices' &&
                        ` · No funnel plot: fewer than ${d.minFunnelPractices} practices have its counts in any period.`}
                    </span>
                  </td>
                  <td>{i.domain}</td>
                  <td>
                    {i.direction === 'higher_better'
                      ? 'Higher'
                      : i.direction === 'lower_better'
                        ? 'Lower'
                        : 'Neither'}
                  </td>
                  <td>{i.organisations.toLocaleString('en-GB')}</td>
                  <td>{i.firstPeriod ? `${i.firstPeriod} to ${i.lastPeriod}` : 'none'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </Panel>
    </>
  );
}

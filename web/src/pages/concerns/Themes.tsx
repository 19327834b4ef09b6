/** Themes and signals across concerns from the viewer's practices (/concerns/themes). */
import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import { Downloads } from '../../components/Downloads';
import { SignalsTable } from './SignalsTable';

export function Themes() {
  const data = useApi<Answer<'/api/concerns/themes', 'get'>>('/api/concerns/themes');
  return (
    <>
      <h1>Themes and signals</h1>
      <p className="nhsuk-body">
        Patterns across concerns from your practices: clusters from several practices in a short window,
        months above the SPC control limit, and sustained rises (CUSUM). Each signal links to the concerns
        behind it and states how often it would appear by chance.
      </p>
      <Panel data={data} empty="No concerns in the last year." isEmpty={(d) => d.rows.length === 0}>
        {(d) => (
          <>
            <h2>Signals</h2>
            <SignalsTable signals={d.signals} showProvider />
            <h2>Concerns by provider, category and service</h2>
            <Downloads
              href="/api/concerns/themes/export"
              what={`concerns by provider, category and service over 30, 90 and 365 days to ${d.asOf}`}
            />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">Counts to {d.asOf}</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Category</th>
                  <th scope="col">Service</th>
                  <th scope="col">30 days</th>
                  <th scope="col">90 days</th>
                  <th scope="col">365 days</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.slice(0, 100).map((r, i) => (
                  <tr key={i}>
                    <td>
                      <Link href={`/organisations/${r.providerCode}`}>
                        {r.providerName ?? r.providerCode}
                      </Link>
                    </td>
                    <td>
                      {r.parentLabel}: {r.categoryLabel}
                    </td>
                    <td>{r.serviceLabel ?? '–'}</td>
                    <td>{r.last30 ?? '*'}</td>
                    <td>{r.last90 ?? '*'}</td>
                    <td>{r.last365 ?? '*'}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </>
        )}
      </Panel>
    </>
  );
}

import { useApi } from '../api';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ScrollTable } from '../components/ScrollTable';

interface Rules {
  rules: { version: number; note: string | null; createdBy: string; createdAt: string };
  text: string[];
  about: string;
  history: Array<{ version: number; note: string | null; createdBy: string; createdAt: string }>;
}

export function TierRules() {
  const data = useApi<Rules>('/api/tiers/rules');
  return (
    <>
      <h1>How tiers are decided</h1>
      <p className="nhsuk-body">
        The indicators that count are chosen with member practices: see{' '}
        <Link href="/indicators/choosing">choosing indicators</Link> (members only).
      </p>
      <Panel data={data} empty="">
        {(d) => (
          <>
            <p className="nhsuk-body">
              The rules below are applied exactly as written (version {d.rules.version}). {d.about}
            </p>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {d.text.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
            <h2>Versions</h2>
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Adopted</th>
                  <th scope="col">By</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.version}>
                    <td>{h.version}</td>
                    <td>{new Date(h.createdAt).toLocaleString('en-GB')}</td>
                    <td>{h.createdBy}</td>
                    <td>{h.note ?? '–'}</td>
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

import { useApi, type LoadRow } from '../api';
import { Panel } from '../components/Panel';

export function Data() {
  const loads = useApi<LoadRow[]>('/api/loads');
  return (
    <>
      <h1>Data loads</h1>
      <p className="nhsuk-body">
        Every file loaded, with its checksum and what it changed. Every figure in Lantern can be traced to one
        of these loads. Load new files with <code>lantern ingest FILE…</code>.
      </p>
      <Panel data={loads} isEmpty={(d) => d.length === 0} empty="Nothing has been loaded yet.">
        {(d) => (
          <table className="nhsuk-table nhsuk-body-s">
            <caption className="nhsuk-table__caption">{d.length} most recent loads</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Load</th>
                <th scope="col">File</th>
                <th scope="col">Format</th>
                <th scope="col">Rows read</th>
                <th scope="col">Superseded</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {d.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.id}
                    <br />
                    {new Date(l.startedAt).toLocaleString('en-GB')}
                  </td>
                  <td>
                    <code>{l.fileName}</code>
                    <br />
                    <span title="SHA-256">{l.checksum.slice(0, 12)}…</span>
                  </td>
                  <td>{l.source}</td>
                  <td>{l.rowsRead.toLocaleString('en-GB')}</td>
                  <td>{l.rowsSuperseded.toLocaleString('en-GB')}</td>
                  <td>
                    {l.warnings.length ? (
                      <ul className="nhsuk-list nhsuk-body-s">
                        {l.warnings.slice(0, 5).map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                        {l.warnings.length > 5 && <li>…and {l.warnings.length - 5} more</li>}
                      </ul>
                    ) : (
                      '–'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

import { Fragment, useRef, useState, type FormEvent } from 'react';
import { ApiError, invalidateApi, send, useApi } from '../../api';
import type { Answer } from '../../api/client';

type LoadRow = Answer<'/api/loads', 'get'>[number];
type LoadResult = Answer<'/api/loads', 'post'>;
import { Panel } from '../../components/Panel';
import { useSession } from '../../session';
import { ScrollTable } from '../../components/ScrollTable';

/**
 * Text that may break after each / _ - (a <wbr> after each): a long file name, or a note naming one, wraps between
 * its parts rather than one character to a line.
 */
function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[/_-])/);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}

function Upload({ onLoaded }: { onLoaded: () => void }) {
  const file = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) {
      setResult({ ok: false, text: 'Choose a CSV file first.' });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      const r = await send<LoadResult>(
        'POST',
        `/api/loads?name=${encodeURIComponent(f.name.replace(/[^\w .()-]/g, '_'))}`,
        f,
        'text/csv',
      );
      setResult({
        ok: true,
        text: r.alreadyLoadedAs
          ? `This file was already loaded (load ${r.alreadyLoadedAs}); nothing changed.`
          : `Loaded: ${r.values.inserted} new values, ${r.values.superseded} superseded, ${r.values.unchanged} unchanged.`,
      });
      onLoaded();
    } catch (err) {
      setResult({ ok: false, text: err instanceof ApiError ? err.message : 'The upload failed.' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Load a local indicator</h2>
      <p className="nhsuk-body">
        A CSV with the columns{' '}
        <code>indicator_code, organisation_code, period, numerator, denominator, value</code> for an indicator
        already defined (<code>lantern indicators define</code>), for organisations your role covers. All of
        the file loads, or none of it.
      </p>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="upload">
          CSV file
        </label>
        <input className="nhsuk-file-upload" id="upload" type="file" accept=".csv,text/csv" ref={file} />
      </div>
      {result && (
        <div
          className={result.ok ? 'nhsuk-inset-text' : 'nhsuk-error-summary'}
          role={result.ok ? 'status' : 'alert'}
        >
          <pre className="lantern-pre">{result.text}</pre>
        </div>
      )}
      <button className="nhsuk-button" type="submit" disabled={busy}>
        {busy ? 'Loading…' : 'Upload and load'}
      </button>
    </form>
  );
}

export function Data() {
  const { session, can } = useSession();
  const allowed = can('loads.read');
  const loads = useApi<LoadRow[]>(allowed ? '/api/loads' : null);
  if (!session) return null;
  if (!allowed)
    return (
      <>
        <h1>Data loads</h1>
        <p className="nhsuk-body">
          The load log and uploads are for the commissioner quality team.{' '}
          {session.user ? 'Your roles do not include it.' : <a href="/sign-in?returnTo=/data">Sign in</a>}
        </p>
      </>
    );
  return (
    <>
      <h1>Data loads</h1>
      <p className="nhsuk-body">
        Every file loaded, with its checksum and what it changed. Every figure in Lantern can be traced to one
        of these loads. Load published files with <code>lantern ingest FILE…</code>.
      </p>
      <Upload onLoaded={() => void invalidateApi('/api/loads')} />
      <Panel data={loads} isEmpty={(d) => d.length === 0} empty="Nothing has been loaded yet.">
        {(d) => (
          <ScrollTable className="nhsuk-table nhsuk-body-s lantern-compact lantern-loads">
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
                    <code className="lantern-file-name">
                      <Breakable text={l.fileName} />
                    </code>
                    <br />
                    <span title="SHA-256">{l.checksum.slice(0, 12)}…</span>
                  </td>
                  <td>{l.source}</td>
                  <td>{l.rowsRead.toLocaleString('en-GB')}</td>
                  <td>{l.rowsSuperseded.toLocaleString('en-GB')}</td>
                  <td className="lantern-notes">
                    {l.warnings.length ? (
                      <ul className="nhsuk-list nhsuk-body-s">
                        {l.warnings.slice(0, 5).map((w) => (
                          <li key={w}>
                            <Breakable text={w} />
                          </li>
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
          </ScrollTable>
        )}
      </Panel>
    </>
  );
}

/** An area's documents and meetings, with full-text search and the forms to add them (/areas/:code/documents). */
import { ApiError, invalidateApi, useApi } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link, orgHref } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import { navigate } from '../../router';
import type { Answer } from '../../api/client';
import { dateGb, size, visibilityText, fileHref } from '../documents/documentWords';
import { UploadForm } from '../documents/UploadForm';
import { MeetingForm } from '../meetings/MeetingForm';

type DocumentList = Answer<'/api/areas/{code}/documents', 'get'>;

type MeetingList = Answer<'/api/areas/{code}/meetings', 'get'>;

export function AreaDocuments({ code, q }: { code: string; q: string }) {
  const query = q ? `?q=${encodeURIComponent(q)}` : '';
  const docs = useApi<DocumentList>(`/api/areas/${encodeURIComponent(code)}/documents${query}`);
  const meetings = useApi<MeetingList>(`/api/areas/${encodeURIComponent(code)}/meetings${query}`);
  return (
    <>
      <h1>Documents and meetings</h1>
      <p className="nhsuk-body">
        Shared by the practices and the commissioner team of <Link href={orgHref(code)}>{code}</Link>.
        Everything is visible to every member of the area unless marked otherwise; every version is kept, and
        every upload and download is recorded.
      </p>
      <form
        className="nhsuk-form-group"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const v = String(new FormData(e.currentTarget).get('q') ?? '').trim();
          navigate(`/areas/${encodeURIComponent(code)}/documents${v ? `?q=${encodeURIComponent(v)}` : ''}`);
        }}
      >
        <label className="nhsuk-label" htmlFor="documents-q">
          Search titles, summaries, minutes and decisions
        </label>
        <input
          className="nhsuk-input nhsuk-input--width-20"
          id="documents-q"
          name="q"
          type="search"
          defaultValue={q}
          key={q}
        />{' '}
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Search
        </button>
      </form>
      {docs.state === 'error' && (
        <ErrorSummary
          message={docs.error.message}
          signIn={docs.error instanceof ApiError && docs.error.status === 401}
        />
      )}
      <h2 id="documents-heading">Documents{q ? ` matching “${q}”` : ''}</h2>
      {docs.state === 'loading' && <p className="nhsuk-body">Loading…</p>}
      {docs.state === 'ready' && docs.data.documents.length === 0 && (
        <p className="nhsuk-body">No documents{q ? ' match' : ' yet'}.</p>
      )}
      {docs.state === 'ready' && docs.data.documents.length > 0 && (
        <ScrollTable className="nhsuk-table nhsuk-body-s" aria-labelledby="documents-heading">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Summary</th>
              <th scope="col">Who may see it</th>
              <th scope="col">Latest version</th>
              <th scope="col">Download</th>
            </tr>
          </thead>
          <tbody>
            {docs.data.documents.map((d) => (
              <tr key={d.documentId}>
                <td>
                  <Link href={`/documents/${d.documentId}`}>{d.title}</Link>
                </td>
                <td>{d.summary}</td>
                <td>{visibilityText(d)}</td>
                <td>
                  {d.version} of {d.versions}, {dateGb(d.createdAt)}
                </td>
                <td>
                  <a href={fileHref(d.documentId, d.version)} download>
                    {d.extension.toUpperCase()}, {size(d.sizeBytes)}
                    <span className="nhsuk-u-visually-hidden"> – {d.title}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {docs.state === 'ready' && docs.data.canWrite && (
        <UploadForm
          url={`/api/areas/${encodeURIComponent(code)}/documents`}
          maxBytes={docs.data.maxBytes}
          commissioner={docs.data.commissioner}
          practices={docs.data.practices}
          onDone={(id) => navigate(`/documents/${id}`)}
        />
      )}
      <h2 id="meetings-heading">Meetings{q ? ` matching “${q}”` : ''}</h2>
      {meetings.state === 'loading' && <p className="nhsuk-body">Loading…</p>}
      {meetings.state === 'ready' && meetings.data.meetings.length === 0 && (
        <p className="nhsuk-body">No meetings{q ? ' match' : ' recorded yet'}.</p>
      )}
      {meetings.state === 'ready' && meetings.data.meetings.length > 0 && (
        <ScrollTable className="nhsuk-table nhsuk-body-s" aria-labelledby="meetings-heading">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Meeting</th>
              <th scope="col">Held on</th>
              <th scope="col">Decisions</th>
              <th scope="col">Open actions</th>
            </tr>
          </thead>
          <tbody>
            {meetings.data.meetings.map((m) => (
              <tr key={m.meetingId}>
                <td>
                  <Link href={`/meetings/${m.meetingId}`}>{m.title}</Link>
                </td>
                <td>{dateGb(m.heldOn)}</td>
                <td>{m.decisions.length}</td>
                <td>{m.openActions}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {meetings.state === 'ready' && meetings.data.canWrite && (
        <MeetingForm
          code={code}
          onDone={(id) => (void invalidateApi('/api/areas/'), navigate(`/meetings/${id}`))}
        />
      )}
    </>
  );
}

/**
 * Documents and meeting records of an area (docs/documents.md): the list with full-text search, the upload form,
 * a document's versions with their downloads, and a meeting's record with its decisions and actions. The server
 * decides who sees what; these pages show what it answers.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, send, useApi } from '../api';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { DateField, SelectField, TextField } from '../components/Field';
import { Link, orgHref } from '../components/Link';
import { ScrollTable } from '../components/ScrollTable';
import { navigate } from '../router';
import { useSession } from '../session';
import type { ActionRow, DocumentVersionRow, MeetingVersionRow } from '../../../src/db/repos/documents';
import { ROLE_LABEL, type Role } from '../../../src/domain/roles';

interface DocumentList {
  area: string;
  canWrite: boolean;
  commissioner: boolean;
  practices: string[];
  maxBytes: number;
  documents: Array<DocumentVersionRow & { versions: number }>;
}
interface MeetingList {
  area: string;
  canWrite: boolean;
  meetings: Array<MeetingVersionRow & { openActions: number }>;
}
interface DocumentView {
  document: DocumentVersionRow;
  versions: DocumentVersionRow[];
  links: Array<{ kind: string; target: string }>;
  canWrite: boolean;
  maxBytes: number;
}
interface MeetingView {
  meeting: MeetingVersionRow;
  versions: MeetingVersionRow[];
  actions: ActionRow[];
  links: Array<{ kind: string; target: string }>;
  canWrite: boolean;
}

const VISIBILITY_LABEL: Record<string, string> = {
  members: 'Every member of the area',
  commissioners: 'The commissioner team only',
  practice: 'One practice (and the commissioner team)',
};
const STATUS_LABEL: Record<string, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };
const LINK_LABEL: Record<string, string> = {
  practice: 'Practice',
  indicator: 'Indicator',
  tier_rules: 'Tier rules version',
  improvement_case: 'Improvement case',
};
const dateGb = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '';
const size = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
const visibilityText = (r: { visibility: string; visiblePractice: string | null }) =>
  r.visibility === 'practice'
    ? `Practice ${r.visiblePractice} and the commissioner team`
    : VISIBILITY_LABEL[r.visibility];
const fileHref = (id: number, v: number) => `/api/documents/${id}/versions/${v}/file`;

/** The field each input name of the server's problem belongs to, for the error summary's links. */
function fieldErrors(
  e: unknown,
  ids: Record<string, string>,
  fallback: string,
): { message: string; errors: FieldError[] } {
  const message = e instanceof Error ? e.message : String(e);
  const listed =
    e instanceof ApiError && Array.isArray(e.problem?.errors)
      ? (e.problem!.errors as Array<{ name: string; message: string }>)
      : [];
  const errors = listed.map((i) => ({
    field: ids[i.name.split('.')[0]!] ?? fallback,
    text: `${i.name}: ${i.message}`,
  }));
  return { message, errors: errors.length ? errors : [{ field: fallback, text: message }] };
}

/** A link to the area's documents and meetings, for its members (on the area's page and its practices' pages). */
export function DocumentsLink({ area }: { area: string }) {
  const { can } = useSession();
  if (!can('documents.read')) return null;
  return (
    <p className="nhsuk-body">
      <Link href={`/areas/${encodeURIComponent(area)}/documents`}>Documents and meetings of {area}</Link>
    </p>
  );
}

export function AreaDocuments({ code, q }: { code: string; q: string }) {
  const query = q ? `?q=${encodeURIComponent(q)}` : '';
  const [reload, setReload] = useState(0);
  const docs = useApi<DocumentList>(
    `/api/areas/${encodeURIComponent(code)}/documents${query}${query ? '&' : '?'}r=${reload}`.replace(
      /[?&]r=0$/,
      '',
    ),
  );
  const meetings = useApi<MeetingList>(
    `/api/areas/${encodeURIComponent(code)}/meetings${query}${query ? '&' : '?'}r=${reload}`.replace(
      /[?&]r=0$/,
      '',
    ),
  );
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
        <MeetingForm code={code} onDone={(id) => (setReload(reload + 1), navigate(`/meetings/${id}`))} />
      )}
    </>
  );
}

/** Upload a new document (or, with `documentId`, a new version of one). */
function UploadForm({
  url,
  maxBytes,
  commissioner,
  practices,
  onDone,
  newVersion = false,
}: {
  url: string;
  maxBytes: number;
  commissioner: boolean;
  practices: string[];
  onDone: (documentId: number) => void;
  newVersion?: boolean;
}) {
  const [error, setError] = useState<{ message: string; errors: FieldError[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const visibility: Record<string, string> = {
    members: VISIBILITY_LABEL.members!,
    ...(commissioner ? { commissioners: VISIBILITY_LABEL.commissioners! } : {}),
    ...(commissioner || practices.length ? { practice: VISIBILITY_LABEL.practice! } : {}),
  };
  const ids = {
    name: 'doc-file',
    body: 'doc-file',
    title: 'doc-title',
    summary: 'doc-summary',
    visibility: 'doc-visibility',
    practice: 'doc-practice',
  };
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError({
        message: 'Choose a file to upload',
        errors: [{ field: 'doc-file', text: 'Choose a file to upload' }],
      });
      return;
    }
    if (file.size > maxBytes) {
      const text = `The file is ${size(file.size)}; the limit is ${size(maxBytes)}`;
      setError({ message: text, errors: [{ field: 'doc-file', text }] });
      return;
    }
    const q = new URLSearchParams({
      name:
        file.name
          .replace(/[^\w .()'&,+-]/g, '_')
          .replace(/^[^\w]+/, '')
          .slice(-120) || 'file',
    });
    for (const k of ['title', 'summary', 'visibility', 'practice']) {
      const v = String(f.get(k) ?? '').trim();
      if (v && !(k === 'practice' && f.get('visibility') !== 'practice')) q.set(k, v);
    }
    setBusy(true);
    try {
      const r = await send<{ documentId: number }>('POST', `${url}?${q}`, file, 'application/octet-stream');
      setError(null);
      onDone(r.documentId);
    } catch (err) {
      setError(fieldErrors(err, ids, 'doc-file'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">{newVersion ? 'Upload a new version' : 'Share a document'}</h2>
      <ErrorSummary message={error?.message ?? null} errors={error?.errors} autoFocus />
      <div
        className={`nhsuk-form-group${error?.errors.some((x) => x.field === 'doc-file') ? ' nhsuk-form-group--error' : ''}`}
      >
        <label className="nhsuk-label" htmlFor="doc-file">
          File
        </label>
        <div className="nhsuk-hint" id="doc-file-hint">
          PDF, Word, Excel, PowerPoint, PNG, JPEG or GIF, up to {size(maxBytes)}. The type is checked from the
          file’s content.
        </div>
        <input
          className="nhsuk-input"
          id="doc-file"
          name="file"
          type="file"
          aria-describedby="doc-file-hint"
        />
      </div>
      <TextField
        id="doc-title"
        name="title"
        label="Title"
        maxLength={200}
        required={!newVersion}
        hint={newVersion ? 'Leave empty to keep the title' : undefined}
      />
      <TextField
        id="doc-summary"
        name="summary"
        label="Summary"
        multiline
        maxLength={2000}
        required={false}
        hint="No patient details or NHS numbers."
      />
      {!newVersion && (
        <>
          <SelectField
            id="doc-visibility"
            name="visibility"
            label="Who may see it"
            options={visibility}
            defaultValue="members"
          />
          {(commissioner || practices.length > 0) && (
            <TextField
              id="doc-practice"
              name="practice"
              label="Practice code (when one practice may see it)"
              required={false}
              maxLength={6}
              defaultValue={commissioner ? '' : practices[0]}
            />
          )}
        </>
      )}
      <button className="nhsuk-button" type="submit" disabled={busy}>
        {newVersion ? 'Upload the new version' : 'Share the document'}
      </button>
    </form>
  );
}

function MeetingForm({ code, onDone }: { code: string; onDone: (id: number) => void }) {
  const [error, setError] = useState<{ message: string; errors: FieldError[] } | null>(null);
  const ids = {
    title: 'm-title',
    heldOn: 'm-date',
    attendees: 'm-attendees',
    agenda: 'm-agenda',
    minutes: 'm-minutes',
    decisions: 'm-decisions',
    actions: 'm-action',
  };
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const lines = (k: string) =>
      get(k)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const action = get('action');
    try {
      const r = await send<{ meetingId: number }>('POST', `/api/areas/${encodeURIComponent(code)}/meetings`, {
        title: get('title'),
        heldOn: get('heldOn'),
        attendees: lines('attendees'),
        agenda: get('agenda'),
        minutes: get('minutes'),
        decisions: lines('decisions'),
        actions: action
          ? [
              {
                description: action,
                ownerOrg: get('ownerOrg').toUpperCase(),
                ownerRole: get('ownerRole'),
                dueOn: get('dueOn'),
              },
            ]
          : [],
      });
      setError(null);
      onDone(r.meetingId);
    } catch (err) {
      setError(fieldErrors(err, ids, 'm-title'));
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="meeting-form-heading">
      <h2 id="meeting-form-heading">Record a meeting</h2>
      <ErrorSummary message={error?.message ?? null} errors={error?.errors} autoFocus />
      <TextField id="m-title" name="title" label="Meeting" maxLength={200} />
      <DateField id="m-date" name="heldOn" label="Held on" required />
      <TextField
        id="m-attendees"
        name="attendees"
        label="Attendees by role"
        multiline
        hint="One role a line (for example Practice manager); no names."
      />
      <TextField id="m-agenda" name="agenda" label="Agenda" multiline required={false} />
      <TextField
        id="m-minutes"
        name="minutes"
        label="Minutes"
        multiline
        rows={6}
        required={false}
        hint="No patient details or NHS numbers."
      />
      <TextField
        id="m-decisions"
        name="decisions"
        label="Decisions"
        multiline
        required={false}
        hint="One decision a line."
      />
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">An action (optional)</legend>
        <TextField id="m-action" name="action" label="What is to be done" required={false} />
        <TextField
          id="m-owner-org"
          name="ownerOrg"
          label="Owner’s organisation (ODS code)"
          required={false}
          defaultValue={code}
          maxLength={10}
        />
        <TextField id="m-owner-role" name="ownerRole" label="Owner’s role" required={false} maxLength={100} />
        <DateField id="m-due" name="dueOn" label="Due by" />
      </fieldset>
      <button className="nhsuk-button" type="submit">
        Record the meeting
      </button>
    </form>
  );
}

function Links({ links }: { links: Array<{ kind: string; target: string }> }) {
  if (links.length === 0) return null;
  return (
    <>
      <h2>Linked to</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {links.map((l) => (
          <li key={`${l.kind}:${l.target}`}>
            {LINK_LABEL[l.kind]}:{' '}
            {l.kind === 'practice' ? (
              <Link href={orgHref(l.target)}>{l.target}</Link>
            ) : l.kind === 'indicator' ? (
              <Link href={`/indicators/${l.target}`}>{l.target}</Link>
            ) : l.kind === 'improvement_case' ? (
              <Link href={`/improvement/${l.target}`}>Case {l.target}</Link>
            ) : (
              <Link href="/tiers/rules">version {l.target}</Link>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function DocumentPage({ id }: { id: number }) {
  const [reload, setReload] = useState(0);
  const d = useApi<DocumentView>(`/api/documents/${id}${reload ? `?r=${reload}` : ''}`);
  if (d.state === 'loading') return <p className="nhsuk-body">Loading…</p>;
  if (d.state === 'error')
    return (
      <>
        <h1>Document</h1>
        <ErrorSummary
          message={d.error.message}
          signIn={d.error instanceof ApiError && d.error.status === 401}
        />
      </>
    );
  const { document: doc, versions, links, canWrite } = d.data;
  return (
    <>
      <p className="nhsuk-body">
        <Link href={`/areas/${doc.areaCode}/documents`}>Documents and meetings of {doc.areaCode}</Link>
      </p>
      <h1>{doc.title}</h1>
      {doc.summary && <p className="nhsuk-body">{doc.summary}</p>}
      <p className="nhsuk-body">Who may see it: {visibilityText(doc)}</p>
      <h2 id="versions-heading">Versions</h2>
      <ScrollTable className="nhsuk-table nhsuk-body-s" aria-labelledby="versions-heading">
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Added</th>
            <th scope="col">By</th>
            <th scope="col">Summary</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Download</th>
          </tr>
        </thead>
        <tbody>
          {[...versions].reverse().map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{dateGb(v.createdAt)}</td>
              <td>{v.createdRole ? (ROLE_LABEL[v.createdRole as Role] ?? v.createdRole) : ''}</td>
              <td>{v.summary}</td>
              <td>
                <code>{v.sha256.slice(0, 12)}…</code>
              </td>
              <td>
                <a href={fileHref(doc.documentId, v.version)} download>
                  Version {v.version} ({v.extension.toUpperCase()}, {size(v.sizeBytes)})
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <Links links={links} />
      {canWrite && (
        <UploadForm
          url={`/api/documents/${doc.documentId}/versions`}
          maxBytes={d.data.maxBytes}
          commissioner={false}
          practices={[]}
          newVersion
          onDone={() => setReload(reload + 1)}
        />
      )}
    </>
  );
}

export function MeetingPage({ id }: { id: number }) {
  const [reload, setReload] = useState(0);
  const m = useApi<MeetingView>(`/api/meetings/${id}${reload ? `?r=${reload}` : ''}`);
  const [error, setError] = useState<string | null>(null);
  if (m.state === 'loading') return <p className="nhsuk-body">Loading…</p>;
  if (m.state === 'error')
    return (
      <>
        <h1>Meeting</h1>
        <ErrorSummary
          message={m.error.message}
          signIn={m.error instanceof ApiError && m.error.status === 401}
        />
      </>
    );
  const { meeting, versions, actions, links, canWrite } = m.data;
  const setStatus = async (actionId: number, status: string) => {
    try {
      await send('POST', `/api/meeting-actions/${actionId}/status`, { status, note: '' });
      setError(null);
      setReload(reload + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <p className="nhsuk-body">
        <Link href={`/areas/${meeting.areaCode}/documents`}>
          Documents and meetings of {meeting.areaCode}
        </Link>
      </p>
      <h1>{meeting.title}</h1>
      <ErrorSummary message={error} autoFocus />
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Held on</dt>
          <dd className="nhsuk-summary-list__value">{dateGb(meeting.heldOn)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Attendees</dt>
          <dd className="nhsuk-summary-list__value">{meeting.attendees.join(', ')}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Who may see it</dt>
          <dd className="nhsuk-summary-list__value">{visibilityText(meeting)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Version</dt>
          <dd className="nhsuk-summary-list__value">
            {meeting.version} of {versions.length} (each edit is kept)
          </dd>
        </div>
      </dl>
      {meeting.agenda && (
        <>
          <h2>Agenda</h2>
          <p className="nhsuk-body" style={{ whiteSpace: 'pre-line' }}>
            {meeting.agenda}
          </p>
        </>
      )}
      <h2>Minutes</h2>
      <p className="nhsuk-body" style={{ whiteSpace: 'pre-line' }}>
        {meeting.minutes || 'No minutes recorded.'}
      </p>
      <h2>Decisions</h2>
      {meeting.decisions.length === 0 ? (
        <p className="nhsuk-body">No decisions recorded.</p>
      ) : (
        <ol className="nhsuk-list nhsuk-list--number">
          {meeting.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      )}
      <h2 id="actions-heading">Actions</h2>
      {actions.length === 0 ? (
        <p className="nhsuk-body">No actions.</p>
      ) : (
        <ScrollTable className="nhsuk-table nhsuk-body-s" aria-labelledby="actions-heading">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              {canWrite && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>{a.description}</td>
                <td>
                  {a.ownerRole}, {a.ownerOrg}
                </td>
                <td>{dateGb(a.dueOn)}</td>
                <td>{STATUS_LABEL[a.status]}</td>
                {canWrite && (
                  <td>
                    {a.status === 'open' ? (
                      <button
                        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                        type="button"
                        onClick={() => void setStatus(a.id, 'done')}
                      >
                        Mark done<span className="nhsuk-u-visually-hidden">: {a.description}</span>
                      </button>
                    ) : (
                      <button
                        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                        type="button"
                        onClick={() => void setStatus(a.id, 'open')}
                      >
                        Reopen<span className="nhsuk-u-visually-hidden">: {a.description}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <Links links={links} />
    </>
  );
}

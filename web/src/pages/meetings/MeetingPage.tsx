/** One meeting's record with its decisions and actions (/meetings/:id). */
import { useState } from 'react';
import { ApiError, invalidateApi, send, useApi } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import type { Answer } from '../../api/client';
import { dateGb, visibilityText } from '../documents/documentWords';
import { Links } from '../documents/Links';

type MeetingView = Answer<'/api/meetings/{id}', 'get'>;

const STATUS_LABEL: Record<string, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

export function MeetingPage({ id }: { id: number }) {
  const m = useApi<MeetingView>(`/api/meetings/${id}`);
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
      await invalidateApi(`/api/meetings/${id}`, '/api/areas/');
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

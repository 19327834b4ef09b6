/** One concern with its workflow (/concerns/:id). */
import { ErrorSummary } from '../../components/ErrorSummary';
import { useState } from 'react';
import { invalidateApi, send, useApi, type ApiError } from '../../api';
import type { Answer } from '../../api/client';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { useSession } from '../../session';
import { STATE_LABEL as STATE_NAME, type State } from '../../../../src/concerns/workflow';
import { ROLE_LABEL, type Role } from '../../../../src/domain/roles';
import { Details } from '../../components/Details';
import type { ConcernDetail } from './answers';
import { HARM, OUTCOMES, dateGb } from './labels';
import { DeadlinesTable } from './Deadlines';
import { NoteMarking } from './NoteVisibility';
import { ConcernMoveForm } from './ConcernMoveForm';

export function ConcernPage({ id }: { id: number }) {
  const data = useApi<ConcernDetail>(`/api/concerns/${id}`);
  const related = useApi<Answer<'/api/concerns/{id}/related', 'get'>>(
    data.state === 'ready' && data.data.viewingAs !== 'provider' ? `/api/concerns/${id}/related` : null,
  );
  const { can } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await invalidateApi('/api/concerns');
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  // every state has the page's heading (an error or refusal too)
  if (data.state !== 'ready')
    return (
      <>
        <h1>Concern #{id}</h1>
        <Panel data={data} empty="">
          {() => null}
        </Panel>
      </>
    );
  return (
    <Panel data={data} empty="">
      {(c) => (
        <>
          <span className="nhsuk-caption-l">
            Concern #{c.id}
            {c.synthetic ? ' (synthetic)' : ''}
          </span>
          <h1>
            {c.category.label} at {c.provider.name ?? c.provider.code}
          </h1>
          <p className="nhsuk-body">
            <strong className="nhsuk-tag" data-status={c.status}>
              {c.statusLabel}
            </strong>
            {c.outcome && <span className="nhsuk-u-margin-left-2">Outcome: {OUTCOMES[c.outcome]}</span>}
          </p>
          <ErrorSummary message={error} />
          <dl className="nhsuk-summary-list">
            {[
              [
                'Provider',
                <Link
                  key="p"
                  href={`/organisations/${c.provider.code}`}
                >{`${c.provider.name ?? ''} (${c.provider.code})`}</Link>,
              ],
              ['Service', c.serviceLabel ? `${c.serviceLabel} (${c.service})` : 'Not given'],
              ['What happened', c.description],
              ['Date', dateGb(c.eventDate)],
              ['Category', `${c.category.parentLabel}: ${c.category.label}`],
              ['Harm', HARM[c.harm]],
              ['Contract standard', c.contractStandard ?? 'None recorded'],
              ['Urgent', c.urgent ? 'Yes' : 'No'],
              ['National reference', c.nationalReference ?? 'None'],
              [
                'Reported by',
                c.reporterHidden
                  ? 'Hidden from the provider'
                  : `${c.practice?.name ?? c.practice?.code ?? ''} (${c.reporter})`,
              ],
              ...(c.viewingAs !== 'provider'
                ? [['Patient', c.hasNhsNumber ? 'NHS number held (encrypted)' : 'No NHS number given']]
                : []),
              ...(c.incidentId ? [['Incident', `Incident ${c.incidentId}`]] : []),
            ].map(([k, v]) => (
              <div className="nhsuk-summary-list__row" key={String(k)}>
                <dt className="nhsuk-summary-list__key">{k}</dt>
                <dd className="nhsuk-summary-list__value">{v}</dd>
              </div>
            ))}
          </dl>
          <h2>Deadlines</h2>
          <p className="nhsuk-body-s">In working days on the England and Wales bank-holiday calendar.</p>
          <DeadlinesTable deadlines={c.deadlines} />
          {c.viewingAs === 'commissioner' &&
            c.status === 'submitted' &&
            !c.deadlines.find((d) => d.name === 'acknowledge')?.metOn && (
              <button
                className="nhsuk-button nhsuk-button--secondary"
                type="button"
                onClick={() => void act(() => send('POST', `/api/concerns/${id}/acknowledge`))}
              >
                Acknowledge receipt
              </button>
            )}
          {c.allowedTransitions.length > 0 && (
            <ConcernMoveForm concern={c} onDone={() => invalidateApi('/api/concerns')} />
          )}
          {c.viewingAs === 'commissioner' && c.hasNhsNumber && can('concerns.reveal_nhs_number') && (
            <Details summary="Reveal the NHS number (audited)">
              {revealed ? (
                <p className="nhsuk-body">NHS number: {revealed}</p>
              ) : (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    const reason = String(new FormData(e.currentTarget).get('revealReason') ?? '');
                    void act(async () =>
                      setRevealed(
                        (
                          await send<Answer<'/api/concerns/{id}/nhs-number', 'post'>>(
                            'POST',
                            `/api/concerns/${id}/nhs-number`,
                            {
                              reason,
                            },
                          )
                        ).nhsNumber,
                      ),
                    );
                  }}
                >
                  <label className="nhsuk-label" htmlFor="revealReason">
                    Why you need it (recorded in the audit trail)
                  </label>
                  <input
                    className="nhsuk-input"
                    id="revealReason"
                    name="revealReason"
                    required
                    minLength={10}
                  />
                  <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-top-2" type="submit">
                    Reveal
                  </button>
                </form>
              )}
            </Details>
          )}
          <h2>History</h2>
          <ol className="nhsuk-list lantern-timeline">
            {c.history.map((h) => (
              <li key={h.id}>
                <strong>{new Date(h.at).toLocaleString('en-GB')}</strong>:{' '}
                {h.kind === 'transition'
                  ? `${h.fromState ? STATE_NAME[h.fromState as State] : ''} → ${h.toState ? STATE_NAME[h.toState as State] : ''}`
                  : h.kind === 'created'
                    ? 'created as a draft'
                    : h.kind === 'nhs_number_revealed'
                      ? 'NHS number revealed'
                      : h.kind.replace(/_/g, ' ')}{' '}
                by {h.actor}
                {h.role ? ` (${ROLE_LABEL[h.role as Role] ?? h.role})` : ''}
                {h.reason && (
                  <div className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                    “{h.reason}”
                    {c.viewingAs === 'commissioner' && h.party === 'commissioner' && (
                      <NoteMarking visibility={h.visibility} />
                    )}
                  </div>
                )}
                {!h.reason && h.visibility === 'internal' && c.viewingAs !== 'commissioner' && (
                  <div className="nhsuk-body-s nhsuk-u-margin-bottom-1 nhsuk-u-secondary-text-color">
                    The commissioner’s note on this step is internal to their team.
                  </div>
                )}
              </li>
            ))}
          </ol>
          {related.state === 'ready' && related.data.related.length > 0 && (
            <>
              <h2>Possibly related concerns</h2>
              <ul className="nhsuk-list">
                {related.data.related.map((r) => (
                  <li key={r.id}>
                    <Link href={`/concerns/${r.id}`}>#{r.id}</Link> {r.categoryLabel}, {dateGb(r.eventDate)} (
                    {r.why.join('; ')})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Panel>
  );
}

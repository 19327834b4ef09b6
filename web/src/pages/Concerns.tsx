/** Concerns about providers: the inbox (with deadlines), reporting one, and one concern with its workflow. */
import { SelectField, TextField } from '../components/Field';
import { ErrorSummary } from '../components/ErrorSummary';
import { useState, type FormEvent } from 'react';
import { getJson, send, useApi, type ApiError } from '../api';
import { Panel } from '../components/Panel';
import { Link } from '../components/Link';
import { navigate } from '../router';
import { useSession } from '../session';
import {
  NOTE_VISIBILITY_LABEL,
  STATE_LABEL as STATE_NAME,
  type Deadline,
  type NoteVisibility,
  type State,
} from '../../../src/concerns/workflow';
import { ROLE_LABEL, type Role } from '../../../src/domain/roles';
import type { concernView } from '../../../src/concerns/provider-visibility';
import type { ConcernEvent } from '../../../src/concerns/concerns';
import type { taxonomy } from '../../../src/concerns/categories';
import { HARM_GRADES } from '../../../src/concerns/taxonomy';
import { Details } from '../components/Details';
import { ScrollTable } from '../components/ScrollTable';
import { Downloads } from '../components/Downloads';

/** The API's answers: the server's own types. */
export type { Deadline };
export type ConcernView = ReturnType<typeof concernView> & {
  viewingAs: 'practice' | 'commissioner' | 'provider';
  deadlines: Deadline[];
};
type ConcernDetail = ConcernView & {
  due: Record<string, string>;
  allowedTransitions: string[];
  history: Array<Omit<ConcernEvent, 'details'>>;
};
export type Taxonomy = Awaited<ReturnType<typeof taxonomy>>;

const HARM: Record<string, string> = Object.fromEntries(HARM_GRADES.map((h) => [h.id, h.label]));
const OUTCOMES: Record<string, string> = {
  concern_upheld: 'Concern upheld',
  partially_upheld: 'Partially upheld',
  not_upheld: 'Not upheld',
  learning_identified_no_fault: 'Learning identified, no fault',
  unable_to_determine: 'Unable to determine',
};
const STATE_LABEL: Record<string, string> = {
  submitted: 'Submitted',
  triaged: 'Triaged',
  with_provider: 'Send to the provider',
  provider_responded: 'Record the provider’s response',
  commissioner_review: 'Start the commissioner review',
  closed: 'Close',
  info_requested: 'Ask the provider for more information',
  redirected: 'Redirect (complaint/PALS or safeguarding)',
  duplicate: 'Mark as a duplicate',
  escalated_to_incident: 'Escalate to an incident',
  reopened: 'Reopen',
};
const dateGb = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export function DeadlineTag({ d }: { d: Deadline }) {
  if (d.stopped) return <span className="nhsuk-tag nhsuk-tag--grey">Not needed</span>;
  if (d.metOn)
    return (
      <span className={`nhsuk-tag ${d.overdue ? 'nhsuk-tag--orange' : 'nhsuk-tag--green'}`}>
        {d.overdue ? 'Met late' : 'Met'} {dateGb(d.metOn)}
      </span>
    );
  if (d.overdue) return <span className="nhsuk-tag nhsuk-tag--red">Overdue</span>;
  return (
    <span className="nhsuk-tag nhsuk-tag--blue">
      {d.workingDaysLeft} working day{d.workingDaysLeft === 1 ? '' : 's'} left
    </span>
  );
}

function DeadlinesTable({ deadlines }: { deadlines: Deadline[] }) {
  if (deadlines.length === 0)
    return <p className="nhsuk-body">No deadlines yet: the clocks start when the concern is submitted.</p>;
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s" aria-label="Deadlines in working days">
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Due by</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {deadlines.map((d) => (
          <tr key={d.name} data-deadline={d.name}>
            <td>{d.label}</td>
            <td data-due={d.due}>{dateGb(d.due)}</td>
            <td>
              <DeadlineTag d={d} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export function ConcernsList({ status, overdue }: { status: string | null; overdue: boolean }) {
  const { can, session } = useSession();
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (overdue) params.set('overdue', 'true');
  params.set('limit', '100');
  const data = useApi<{ concerns: Array<ConcernView & { overdue: boolean; nextDue: string | null }> }>(
    session?.user ? `/api/concerns?${params}` : null,
  );
  if (!session?.user)
    return (
      <>
        <h1>Concerns about providers</h1>
        <p className="nhsuk-body">
          Concerns are shared only with the practices, commissioners and providers involved.{' '}
          <Link href="/sign-in?returnTo=/concerns">Sign in</Link> to see the ones your account covers.
        </p>
      </>
    );
  const filter = (s: string | null, o: boolean) => {
    const p = new URLSearchParams();
    if (s) p.set('status', s);
    if (o) p.set('overdue', 'true');
    navigate(`/concerns${p.size ? `?${p}` : ''}`);
  };
  return (
    <>
      <h1>Concerns about providers</h1>
      <p className="nhsuk-body">
        Concerns GP practices raise about hospital and specialist services. Each is triaged by the
        commissioner, taken up with the provider and tracked against deadlines in working days;{' '}
        <Link href="/concerns/themes">themes and signals</Link> show patterns across cases.
      </p>
      {can('concerns.report') && (
        <p className="nhsuk-body">
          <Link href="/concerns/new" className="nhsuk-button nhsuk-u-margin-bottom-2">
            Report a concern
          </Link>
        </p>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="status-filter">
          Show
        </label>
        <select
          id="status-filter"
          className="nhsuk-select"
          value={status ?? ''}
          onChange={(e) => filter(e.target.value || null, overdue)}
        >
          <option value="">All states</option>
          {Object.entries({
            draft: 'Drafts',
            submitted: 'Submitted',
            triaged: 'Triaged',
            with_provider: 'With the provider',
            provider_responded: 'Provider responded',
            commissioner_review: 'Commissioner review',
            info_requested: 'More information requested',
            closed: 'Closed',
          }).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>{' '}
        <span className="nhsuk-checkboxes__item" style={{ display: 'inline-block', marginLeft: 16 }}>
          <input
            className="nhsuk-checkboxes__input"
            id="overdue-filter"
            type="checkbox"
            checked={overdue}
            onChange={(e) => filter(status, e.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="overdue-filter">
            Overdue only
          </label>
        </span>
      </div>
      <Panel data={data} empty="No concerns here yet." isEmpty={(d) => d.concerns.length === 0}>
        {(d) => (
          <>
            <Downloads
              href={`/api/concerns/export?${params}`}
              what={`the concerns listed here (${status ? `state: ${status}` : 'all states'}${overdue ? ', overdue only' : ''})`}
            />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                {d.concerns.length === 100
                  ? 'The 100 most recently updated concerns (filter to narrow them)'
                  : `${d.concerns.length} concerns`}
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Concern</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Category</th>
                  <th scope="col">Harm</th>
                  <th scope="col">State</th>
                  <th scope="col">Next due</th>
                </tr>
              </thead>
              <tbody>
                {d.concerns.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/concerns/${c.id}`}>#{c.id}</Link>{' '}
                      <span className="nhsuk-body-s">{dateGb(c.eventDate)}</span>
                      {c.synthetic && (
                        <span className="nhsuk-tag nhsuk-tag--grey nhsuk-u-margin-left-1">synthetic</span>
                      )}
                    </td>
                    <td>{c.provider.name ?? c.provider.code}</td>
                    <td>{c.category.label}</td>
                    <td>{HARM[c.harm]}</td>
                    <td>{c.statusLabel}</td>
                    <td>
                      {c.overdue ? (
                        <span className="nhsuk-tag nhsuk-tag--red">Overdue</span>
                      ) : c.nextDue ? (
                        dateGb(c.nextDue)
                      ) : (
                        '–'
                      )}
                    </td>
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

export function NewConcern() {
  const { session } = useSession();
  const taxonomy = useApi<Taxonomy>('/api/concerns/taxonomy');
  const [providerQuery, setProviderQuery] = useState('');
  const [providers, setProviders] = useState<Array<{ code: string; name: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const findProviders = async (q: string) => {
    setProviderQuery(q);
    if (q.trim().length < 2) return setProviders([]);
    const r = await getJson<{ results: Array<{ code: string; name: string; type: string }> }>(
      `/api/organisations?q=${encodeURIComponent(q)}&type=trust`,
    ).catch(() => ({ results: [] }));
    setProviders(r.results.filter((o) => o.type === 'trust' || o.type === 'provider').slice(0, 10));
  };
  const submit = async (e: FormEvent<HTMLFormElement>, draft: boolean) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget.closest('form')!);
    const get = (k: string) => (f.get(k) as string | null)?.trim() || undefined;
    setBusy(true);
    setError(null);
    try {
      const made = await send<{ id: number }>('POST', '/api/concerns', {
        provider: get('provider'),
        service: get('service'),
        category: get('category'),
        harm: get('harm'),
        eventDate: get('eventDate'),
        description: get('description'),
        contractStandard: get('contractStandard'),
        nationalReference: get('nationalReference'),
        nhsNumber: get('nhsNumber'),
        urgent: f.get('urgent') === 'on',
        shareReporterWithProvider: f.get('share') === 'on',
        draft,
      });
      navigate(`/concerns/${made.id}`);
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  if (!session?.user)
    return (
      <>
        <h1>Report a concern about a provider</h1>
        <p className="nhsuk-body">
          Concerns are reported by GP practice staff.{' '}
          <Link href="/sign-in?returnTo=/concerns/new">Sign in</Link> with your practice account to report
          one.
        </p>
      </>
    );
  return (
    <>
      <h1>Report a concern about a provider</h1>
      <div className="nhsuk-inset-text">
        <p>
          Not for formal complaints: the patient can contact the provider’s PALS or complaints team directly.
          Submitting a concern does not transfer clinical responsibility; urgent clinical issues stay with the
          practice.
        </p>
        <p>
          Do not include the patient’s name or other identifying details in the description. If the concern is
          about one patient, give their NHS number in its own field: it is kept encrypted and never shown to
          the provider.
        </p>
      </div>
      <ErrorSummary message={error} />
      <Panel data={taxonomy} empty="">
        {(t) => (
          <form onSubmit={(e) => submit(e, false)} noValidate>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="provider-search">
                Provider (search by name or ODS code)
              </label>
              <input
                className="nhsuk-input"
                id="provider-search"
                value={providerQuery}
                onChange={(e) => void findProviders(e.target.value)}
                autoComplete="off"
              />
              <label className="nhsuk-label nhsuk-u-margin-top-2" htmlFor="provider">
                Choose the provider
              </label>
              <select className="nhsuk-select" id="provider" name="provider" required>
                {providers.length === 0 && <option value="">Search above first</option>}
                {providers.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} ({p.code})
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="service">
                Service (optional)
              </label>
              <select className="nhsuk-select" id="service" name="service" defaultValue="">
                <option value="">Not specific to a service</option>
                {t.services.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="category">
                What kind of concern
              </label>
              <select className="nhsuk-select" id="category" name="category" required>
                {t.categories
                  .filter((c) => !c.retired)
                  .map((c) => (
                    <optgroup key={c.id} label={c.label}>
                      {c.items
                        .filter((i) => !i.retired)
                        .map((i) => (
                          <option key={i.id} value={i.id}>
                            {i.label}
                          </option>
                        ))}
                    </optgroup>
                  ))}
              </select>
            </div>
            <fieldset className="nhsuk-fieldset nhsuk-form-group">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Harm to the patient
              </legend>
              <div className="nhsuk-radios">
                {t.harmGrades.map((h, i) => (
                  <div className="nhsuk-radios__item" key={h.id}>
                    <input
                      className="nhsuk-radios__input"
                      id={`harm-${h.id}`}
                      name="harm"
                      type="radio"
                      value={h.id}
                      defaultChecked={i === 0}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`harm-${h.id}`}>
                      {h.label}
                      <span className="nhsuk-hint nhsuk-u-margin-bottom-0"> {h.description}</span>
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="eventDate">
                Date it happened
              </label>
              <input
                className="nhsuk-input nhsuk-input--width-10"
                id="eventDate"
                name="eventDate"
                type="date"
                required
              />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="description">
                What happened
              </label>
              <textarea className="nhsuk-textarea" id="description" name="description" rows={5} required />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="contractStandard">
                Contract standard breached (optional)
              </label>
              <select className="nhsuk-select" id="contractStandard" name="contractStandard" defaultValue="">
                <option value="">None, or as the category implies</option>
                {t.contractStandards.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="nationalReference">
                National patient-safety reference (if you also reported it nationally)
              </label>
              <input
                className="nhsuk-input nhsuk-input--width-20"
                id="nationalReference"
                name="nationalReference"
              />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="nhsNumber">
                Patient’s NHS number (optional)
              </label>
              <div className="nhsuk-hint" id="nhs-hint">
                Checked, kept encrypted and used only to link concerns about the same patient. Never shown to
                the provider.
              </div>
              <input
                className="nhsuk-input nhsuk-input--width-10"
                id="nhsNumber"
                name="nhsNumber"
                inputMode="numeric"
                autoComplete="off"
                aria-describedby="nhs-hint"
              />
            </div>
            <div className="nhsuk-checkboxes nhsuk-form-group">
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="urgent" name="urgent" type="checkbox" />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="urgent">
                  Urgent patient-safety concern
                </label>
              </div>
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="share" name="share" type="checkbox" />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="share">
                  Let the provider see which practice reported this (hidden by default)
                </label>
              </div>
            </div>
            <button className="nhsuk-button" type="submit" disabled={busy}>
              Submit the concern
            </button>{' '}
            <button
              className="nhsuk-button nhsuk-button--secondary"
              type="button"
              disabled={busy}
              onClick={(e) => void submit(e as unknown as FormEvent<HTMLFormElement>, true)}
            >
              Save as a draft
            </button>
          </form>
        )}
      </Panel>
    </>
  );
}

/** The marking of a commissioner's note, beside it: who besides the commissioner team can read it. */
function NoteMarking({ visibility }: { visibility: NoteVisibility }) {
  return (
    <strong
      className={`nhsuk-tag nhsuk-tag--${visibility === 'internal' ? 'grey' : 'blue'} nhsuk-u-margin-left-2`}
      data-visibility={visibility}
    >
      {visibility === 'internal' ? 'Internal' : 'Shared'}
      <span className="nhsuk-u-visually-hidden">: {NOTE_VISIBILITY_LABEL[visibility]}</span>
    </strong>
  );
}

/**
 * Who can read the commissioner's note on this step. Internal by default (triage and review notes); a note that
 * goes to the provider (sending it, asking for more, recording its response) starts as shared.
 */
function NoteVisibilityChoice({ to }: { to: string }) {
  const initial: NoteVisibility = ['with_provider', 'info_requested', 'provider_responded'].includes(to)
    ? 'shared'
    : 'internal';
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" aria-describedby="visibility-hint">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who can read this note</legend>
        <div className="nhsuk-hint" id="visibility-hint">
          The practice and the provider see every step; they see your note only if you share it.
        </div>
        <div className="nhsuk-radios">
          {(['internal', 'shared'] as const).map((v) => (
            <div className="nhsuk-radios__item" key={v}>
              <input
                className="nhsuk-radios__input"
                id={`visibility-${v}`}
                name="visibility"
                type="radio"
                value={v}
                defaultChecked={v === initial}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={`visibility-${v}`}>
                {NOTE_VISIBILITY_LABEL[v]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function ConcernPage({ id }: { id: number }) {
  const [version, setVersion] = useState(0);
  const data = useApi<ConcernDetail>(`/api/concerns/${id}?v=${version}`);
  const related = useApi<{
    related: Array<{ id: number; status: string; eventDate: string; categoryLabel: string; why: string[] }>;
  }>(data.state === 'ready' && data.data.viewingAs !== 'provider' ? `/api/concerns/${id}/related` : null);
  const { can } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [revealed, setRevealed] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setVersion((v) => v + 1);
      setTo('');
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const move = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, unknown> = { to: f.get('to'), reason: f.get('reason') };
    if (f.get('visibility')) body.visibility = f.get('visibility');
    if (f.get('outcome')) body.outcome = f.get('outcome');
    if (f.get('duplicateOf')) body.duplicateOf = Number(f.get('duplicateOf'));
    if (f.get('regime')) body.regime = f.get('regime');
    void act(() => send('POST', `/api/concerns/${id}/transitions`, body));
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
            <form onSubmit={move} className="nhsuk-u-margin-bottom-5" aria-labelledby="next-step">
              <h2 id="next-step">Next step</h2>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="to">
                  Move the concern
                </label>
                <select
                  className="nhsuk-select"
                  id="to"
                  name="to"
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  required
                >
                  <option value="">Choose…</option>
                  {c.allowedTransitions.map((s) => (
                    <option key={s} value={s}>
                      {STATE_LABEL[s] ?? s}
                    </option>
                  ))}
                </select>
              </div>
              {to === 'closed' && (
                <SelectField id="outcome" name="outcome" label="Outcome" options={OUTCOMES} required />
              )}
              {to === 'escalated_to_incident' && (
                <div className="nhsuk-form-group">
                  <fieldset className="nhsuk-fieldset">
                    <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                      Regime of the incident it opens
                    </legend>
                    <div className="nhsuk-radios">
                      {[
                        ['', 'The provider’s setting for your area'],
                        ['sif2015', 'Serious Incident Framework 2015'],
                        ['psirf', 'PSIRF patient-safety incident response'],
                      ].map(([v, l]) => (
                        <div className="nhsuk-radios__item" key={v || 'setting'}>
                          <input
                            className="nhsuk-radios__input"
                            id={`regime-${v || 'setting'}`}
                            name="regime"
                            type="radio"
                            value={v}
                            defaultChecked={v === ''}
                          />
                          <label
                            className="nhsuk-label nhsuk-radios__label"
                            htmlFor={`regime-${v || 'setting'}`}
                          >
                            {l}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                </div>
              )}
              {to === 'duplicate' && (
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label" htmlFor="duplicateOf">
                    Duplicate of concern number
                  </label>
                  <input
                    className="nhsuk-input nhsuk-input--width-5"
                    id="duplicateOf"
                    name="duplicateOf"
                    inputMode="numeric"
                  />
                </div>
              )}
              <TextField
                id="reason"
                name="reason"
                label={
                  to === 'provider_responded' ? 'The provider’s response' : 'Why (recorded in the history)'
                }
                multiline
              />
              {c.viewingAs === 'commissioner' && to && <NoteVisibilityChoice key={to} to={to} />}
              <button className="nhsuk-button" type="submit">
                Record this step
              </button>
            </form>
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
                          await send<{ nhsNumber: string }>('POST', `/api/concerns/${id}/nhs-number`, {
                            reason,
                          })
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

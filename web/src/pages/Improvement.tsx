/**
 * The improvement process: the list of cases (with reviews past their date), a case with its timeline and the
 * next step open to you, and the panel on a practice's page that opens a case by sharing the data.
 */
import { useState, type FormEvent } from 'react';
import { send, useApi, type ApiError } from '../api';
import { SelectField, TextField } from '../components/Field';
import { ErrorSummary } from '../components/ErrorSummary';
import { Link, orgHref } from '../components/Link';
import { Panel } from '../components/Panel';
import { navigate } from '../router';
import { useSession } from '../session';
import type { CaseRow, StepRow } from '../../../src/improvement/service';
import { STEP_LABEL, type Stage } from '../../../src/improvement/workflow';
import { ROLE_LABEL, type Role } from '../../../src/domain/roles';
import { ScrollTable } from '../components/ScrollTable';

type CaseSummary = CaseRow & { stageLabel: string; tierAtOpeningLabel: string | null; overdue: boolean };
interface CaseList {
  today: string;
  cases: CaseSummary[];
  /** for one practice, when the viewer may open a case: the indicators a case can be about */
  choices?: Array<{ code: string; title: string; worse: boolean }>;
}
interface CaseView {
  case: CaseSummary;
  steps: Array<StepRow & { kindLabel: string; actor: string | null }>;
  parties: string[];
  allowed: Array<keyof typeof STEP_LABEL>;
  stages: Record<Stage, string>;
  closeOutcomes: string[];
}
interface Buddies {
  indicators: string[];
  indicatorTitles: Record<string, string>;
  method: string;
  suggestions: Array<{
    code: string;
    name: string;
    similarityRank: number;
    distance: number;
    score: number;
    results: Array<{ indicator: string; value: number; expected: number; zAdjusted: number }>;
  }>;
}

const dateGb = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '';
const OUTCOME_LABEL: Record<string, string> = {
  improved: 'Improved',
  explained_by_context: 'Explained by the practice’s context',
  support_completed: 'Support completed',
  escalation_concluded: 'Escalation concluded',
  opened_in_error: 'Opened in error',
};
const PROGRESS_LABEL: Record<string, string> = {
  improving: 'Improving',
  no_change: 'No change yet',
  worse: 'Worse',
};
const dueLabel = (c: CaseSummary) =>
  c.reviewDue ? `${c.stage === 'shared' ? 'Reply expected by' : 'Review due'} ${dateGb(c.reviewDue)}` : '';

function CaseTable({ cases }: { cases: CaseSummary[] }) {
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s">
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Practice</th>
          <th scope="col">Stage</th>
          <th scope="col">Opened</th>
          <th scope="col">Next date</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td>
              <Link href={`/improvement/${c.id}`}>Case {c.id}</Link>
            </td>
            <td>
              {c.practiceName} {c.practiceCode}
            </td>
            <td>{c.stageLabel}</td>
            <td>{dateGb(c.openedAt)}</td>
            <td>
              {dueLabel(c)}
              {c.overdue && (
                <strong className="nhsuk-tag nhsuk-tag--red nhsuk-u-margin-left-2">Overdue</strong>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export function ImprovementList({ overdue, all }: { overdue: boolean; all: boolean }) {
  const data = useApi<CaseList>(`/api/improvement?overdue=${overdue}&state=${all ? 'all' : 'open'}`);
  return (
    <>
      <h1>Improvement cases</h1>
      <p className="nhsuk-body">
        The supportive process with practices whose results differ from what would be expected: the data are
        shared, the practice replies, then peer review, a buddy, an agreed support plan and, if needed,
        escalation to NHS England. A case is about a practice’s results, never an individual clinician.
      </p>
      <p className="nhsuk-body">
        <Link href="/improvement">Open cases</Link> ·{' '}
        <Link href="/improvement?overdue=true">Reviews overdue</Link> ·{' '}
        <Link href="/improvement?state=all">All cases, closed included</Link>
      </p>
      <Panel
        data={data}
        isEmpty={(d) => d.cases.length === 0}
        empty={
          overdue
            ? 'No review is past its date.'
            : 'No improvement cases yet. A commissioner opens one from a practice’s page by sharing the data.'
        }
      >
        {(d) => <CaseTable cases={d.cases} />}
      </Panel>
    </>
  );
}

/** On a practice's page: its cases, and for the commissioner a way to share the data and open one. */
export function PracticeImprovementPanel({ code }: { code: string }) {
  const { can } = useSession();
  const allowed = can('improvement.read');
  const commissioner = can('improvement.open');
  const [error, setError] = useState<string | null>(null);
  const data = useApi<CaseList>(
    allowed ? `/api/improvement?practice=${encodeURIComponent(code)}&state=all` : null,
  );
  if (!allowed) return null;
  const open = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const form = new FormData(e.currentTarget);
    const indicators = form.getAll('indicators').map(String);
    if (indicators.length === 0) {
      setError('Choose at least one indicator the case is about.');
      return;
    }
    try {
      const made = await send<{ id: number }>(
        'POST',
        `/api/practices/${encodeURIComponent(code)}/improvement`,
        { why: form.get('why'), indicators },
      );
      navigate(`/improvement/${made.id}`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <section aria-labelledby="improvement-heading">
      <h2 id="improvement-heading">Improvement</h2>
      <Panel data={data} empty="">
        {(d) => (
          <>
            {d.cases.length > 0 ? (
              <CaseTable cases={d.cases} />
            ) : (
              <p className="nhsuk-body">No improvement case with this practice.</p>
            )}
            {commissioner && !d.cases.some((c) => c.stage !== 'closed') && (
              <form onSubmit={(e) => void open(e)} aria-labelledby="share-heading">
                <h3 id="share-heading">Share the data with the practice</h3>
                <ErrorSummary message={error} />
                <p className="nhsuk-body-s">
                  Opens an improvement case holding the tier evidence as it stands today. The practice is
                  asked for its reply and context; nothing goes beyond the commissioner and the practice until
                  it has replied.
                </p>
                <IndicatorChoices choices={d.choices ?? []} />
                <TextField
                  id="share-why"
                  name="why"
                  label="Why now (recorded in the case)"
                  multiline
                  rows={2}
                  minLength={3}
                />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                  Share the data and open a case
                </button>
              </form>
            )}
          </>
        )}
      </Panel>
    </section>
  );
}

/** The indicators a case is about: every adopted indicator with a result, those worse than expected ticked. */
function IndicatorChoices({ choices }: { choices: NonNullable<CaseList['choices']> }) {
  if (choices.length === 0)
    return (
      <p className="nhsuk-body-s">
        No adopted indicator has a result for this practice yet, so there is nothing a case could be about.
      </p>
    );
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" aria-describedby="case-indicators-hint">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          Indicators the case is about
        </legend>
        <div className="nhsuk-hint" id="case-indicators-hint">
          {choices.some((c) => c.worse)
            ? 'Those worse than expected are chosen; add or remove any.'
            : 'No indicator is worse than expected: choose the ones the case is about.'}
        </div>
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {choices.map((c) => (
            <div className="nhsuk-checkboxes__item" key={c.code}>
              <input
                className="nhsuk-checkboxes__input"
                id={`case-indicator-${c.code}`}
                name="indicators"
                type="checkbox"
                value={c.code}
                defaultChecked={c.worse}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`case-indicator-${c.code}`}>
                {c.title}
                {c.worse ? ' (worse than expected)' : ''}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function StepDetails({ step, c }: { step: CaseView['steps'][number]; c: CaseSummary }) {
  const d = step.details as Record<string, unknown>;
  if (step.kind === 'support_plan' && Array.isArray(d.actions))
    return (
      <ScrollTable className="nhsuk-table nhsuk-body-s nhsuk-u-margin-top-2">
        <caption className="nhsuk-table__caption nhsuk-body-s">Actions</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Owner</th>
            <th scope="col">Review by</th>
          </tr>
        </thead>
        <tbody>
          {(d.actions as Array<{ action: string; owner: string; reviewBy: string }>).map((a) => (
            <tr key={a.action}>
              <td>{a.action}</td>
              <td>{a.owner}</td>
              <td>{dateGb(a.reviewBy)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    );
  const lines: string[] = [];
  if (step.kind === 'share' && Array.isArray(d.indicators))
    lines.push(
      `Indicators in question: ${(d.indicators as string[]).map((i) => c.indicatorTitles[i] ?? i).join('; ')}; reply by ${dateGb(String(d.replyBy))}`,
    );
  if (step.kind === 'peer_review')
    lines.push(`Attended: ${String(d.attendees)}`, `Conclusions: ${String(d.conclusions)}`);
  if (step.kind === 'buddy')
    lines.push(
      `Buddy: ${d.buddy === c.buddyCode && c.buddyName ? `${c.buddyName} (${String(d.buddy)})` : String(d.buddy)}`,
    );
  if (step.kind === 'review')
    lines.push(
      `Progress: ${PROGRESS_LABEL[String(d.progress)] ?? ''}${d.nextReview ? `; next review ${dateGb(String(d.nextReview))}` : ''}`,
    );
  if (step.kind === 'close') lines.push(`Outcome: ${OUTCOME_LABEL[String(d.outcome)] ?? ''}`);
  if (d.onBehalf) lines.push('Recorded by the commissioner on the practice’s behalf');
  return (
    <>
      {lines.map((l) => (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1" key={l}>
          {l}
        </p>
      ))}
    </>
  );
}

export function CasePage({ id }: { id: number }) {
  const [version, setVersion] = useState(0);
  const data = useApi<CaseView>(`/api/improvement/${id}?v=${version}`);
  // every state has the page's heading (an error or refusal too)
  if (data.state !== 'ready')
    return (
      <>
        <h1>Improvement case {id}</h1>
        <Panel data={data} empty="">
          {() => null}
        </Panel>
      </>
    );
  return (
    <Panel data={data} empty="">
      {(v) => (
        <>
          <span className="nhsuk-caption-l">Improvement case {v.case.id}</span>
          <h1>{v.case.practiceName}</h1>
          <p className="nhsuk-body">
            <strong className="nhsuk-tag" data-stage={v.case.stage}>
              {v.case.stageLabel}
            </strong>{' '}
            {dueLabel(v.case)}
            {v.case.overdue && (
              <strong className="nhsuk-tag nhsuk-tag--red nhsuk-u-margin-left-2">Overdue</strong>
            )}
          </p>
          <dl className="nhsuk-summary-list">
            {[
              [
                'Practice',
                <Link
                  key="p"
                  href={orgHref(v.case.practiceCode)}
                >{`${v.case.practiceName} (${v.case.practiceCode})`}</Link>,
              ],
              [
                'Indicators in question',
                v.case.indicators.map((i) => v.case.indicatorTitles[i] ?? i).join('; '),
              ],
              [
                'Tier when opened',
                `${v.case.tierAtOpeningLabel ?? 'None'} (rule set version ${v.case.ruleVersion ?? '–'})`,
              ],
              [
                'Buddy',
                v.case.buddyCode ? (
                  <Link key="b" href={orgHref(v.case.buddyCode)}>
                    {v.case.buddyName ? `${v.case.buddyName} (${v.case.buddyCode})` : v.case.buddyCode}
                  </Link>
                ) : (
                  'None yet'
                ),
              ],
              [
                'Support plan',
                v.case.stage === 'support_plan' || v.case.planAgreed
                  ? v.case.planAgreed
                    ? 'Agreed by the practice'
                    : 'Awaiting the practice’s agreement'
                  : 'None yet',
              ],
              ...(v.case.outcome ? [['Outcome', OUTCOME_LABEL[v.case.outcome] ?? v.case.outcome]] : []),
            ].map(([k, val]) => (
              <div className="nhsuk-summary-list__row" key={String(k)}>
                <dt className="nhsuk-summary-list__key">{k}</dt>
                <dd className="nhsuk-summary-list__value">{val}</dd>
              </div>
            ))}
          </dl>
          <p className="nhsuk-body-s">A case is about a practice’s results, never an individual clinician.</p>
          {v.parties.includes('commissioner') && (
            <p className="nhsuk-body">
              <a href={`/api/improvement/${v.case.id}/pack`} target="_blank" rel="noreferrer">
                Evidence pack (opens in a new tab)
              </a>{' '}
              · <a href={`/api/improvement/${v.case.id}/pack?format=pdf`}>as PDF</a>
            </p>
          )}
          <h2 id="timeline-heading">Timeline</h2>
          <ol className="lantern-timeline" aria-labelledby="timeline-heading">
            {v.steps.map((s) => (
              <li key={s.id}>
                <p className="nhsuk-body nhsuk-u-margin-bottom-1">
                  <strong>{s.kindLabel}</strong>, {dateGb(s.at)} — {s.party}
                  {s.role ? ` (${ROLE_LABEL[s.role as Role] ?? s.role}${s.actor ? `, ${s.actor}` : ''})` : ''}
                </p>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{s.why}</p>
                <StepDetails step={s} c={v.case} />
              </li>
            ))}
          </ol>
          {v.allowed.length > 0 && <NextStep view={v} onDone={() => setVersion((x) => x + 1)} />}
        </>
      )}
    </Panel>
  );
}

function NextStep({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const [kind, setKind] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [actions, setActions] = useState(1);
  const id = view.case.id;
  const buddies = useApi<Buddies>(kind === 'buddy' ? `/api/improvement/${id}/buddies` : null);
  const commissioner = view.parties.includes('commissioner');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const f = new FormData(e.currentTarget);
    const body: Record<string, unknown> = { kind, why: f.get('why') };
    for (const k of ['attendees', 'conclusions', 'buddy', 'progress', 'outcome'])
      if (f.get(k)) body[k] = f.get(k);
    if (f.get('nextReview')) body.nextReview = f.get('nextReview');
    if (kind === 'reply' && commissioner && !view.parties.includes('practice')) body.onBehalf = true;
    if (kind === 'support_plan')
      body.actions = Array.from({ length: actions }, (_, i) => ({
        action: f.get(`action-${i}`),
        owner: f.get(`owner-${i}`),
        reviewBy: f.get(`reviewBy-${i}`),
      }));
    try {
      await send('POST', `/api/improvement/${id}/steps`, body);
      setKind('');
      setActions(1);
      onDone();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  const field = (name: string, label: string, textarea = false) => (
    <TextField
      id={`step-${name}`}
      name={name}
      label={label}
      multiline={textarea}
      minLength={textarea ? 3 : 2}
    />
  );
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="next-step" className="nhsuk-u-margin-bottom-5">
      <h2 id="next-step">Next step</h2>
      <ErrorSummary message={error} />
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="step-kind">
          Step
        </label>
        <select
          className="nhsuk-select"
          id="step-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          required
        >
          <option value="">Choose…</option>
          {view.allowed.map((s) => (
            <option key={s} value={s}>
              {s === 'reply' && !view.parties.includes('practice')
                ? 'Practice reply (on its behalf)'
                : STEP_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'peer_review' && (
        <>
          {field('attendees', 'Who took part (practices and roles, not names)')}
          {field('conclusions', 'Conclusions', true)}
        </>
      )}
      {kind === 'buddy' && (
        <Panel
          data={buddies}
          isEmpty={(b) => b.suggestions.length === 0}
          empty="No similar practice is doing better on these indicators."
        >
          {(b) => (
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Suggested buddies</legend>
              <p className="nhsuk-body-s">{b.method}</p>
              <div className="nhsuk-radios">
                {b.suggestions.map((s, i) => (
                  <div className="nhsuk-radios__item" key={s.code}>
                    <input
                      className="nhsuk-radios__input"
                      id={`buddy-${s.code}`}
                      name="buddy"
                      type="radio"
                      value={s.code}
                      defaultChecked={i === 0}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`buddy-${s.code}`}>
                      {s.name} ({s.code}): similarity rank {s.similarityRank}, mean z-score{' '}
                      {s.score.toFixed(2)} on the better side;{' '}
                      {s.results
                        .map(
                          (r) =>
                            `${b.indicatorTitles[r.indicator] ?? r.indicator} ${r.value.toPrecision(3)} against ${r.expected.toPrecision(3)} expected`,
                        )
                        .join('; ')}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
        </Panel>
      )}
      {kind === 'support_plan' && (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Actions</legend>
          {Array.from({ length: actions }, (_, i) => (
            <div key={i} className="lantern-plan-action">
              {field(`action-${i}`, `Action ${i + 1}`)}
              {field(`owner-${i}`, `Owner of action ${i + 1} (a role, not a name)`)}
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor={`step-reviewBy-${i}`}>
                  Review action {i + 1} by
                </label>
                <input
                  className="nhsuk-input nhsuk-input--width-10"
                  type="date"
                  id={`step-reviewBy-${i}`}
                  name={`reviewBy-${i}`}
                  required
                />
              </div>
            </div>
          ))}
          <button
            className="nhsuk-button nhsuk-button--secondary"
            type="button"
            onClick={() => setActions((n) => n + 1)}
          >
            Add another action
          </button>
        </fieldset>
      )}
      {kind === 'review' && (
        <>
          <SelectField
            id="step-progress"
            name="progress"
            label="Progress"
            options={PROGRESS_LABEL}
            required
          />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="step-nextReview">
              Next review (optional)
            </label>
            <input
              className="nhsuk-input nhsuk-input--width-10"
              type="date"
              id="step-nextReview"
              name="nextReview"
            />
          </div>
        </>
      )}
      {kind === 'close' && (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="step-outcome">
            Outcome
          </label>
          <select className="nhsuk-select" id="step-outcome" name="outcome" required>
            {view.closeOutcomes.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABEL[o] ?? o}
              </option>
            ))}
          </select>
        </div>
      )}
      {kind &&
        field(
          'why',
          kind === 'reply'
            ? 'The practice’s reply and context'
            : kind === 'agree_plan'
              ? 'Agreement (and anything the practice wants noted)'
              : 'Why (recorded in the case)',
          true,
        )}
      <button className="nhsuk-button" type="submit">
        Record this step
      </button>
    </form>
  );
}

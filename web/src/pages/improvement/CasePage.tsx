/** One improvement case (/improvement/:id). */
import { invalidateApi, useApi } from '../../api';
import { Link, orgHref } from '../../components/Link';
import { Panel } from '../../components/Panel';
import { ROLE_LABEL, type Role } from '../../../../src/domain/roles';
import { ScrollTable } from '../../components/ScrollTable';
import { type CaseSummary, type CaseView, dateGb, OUTCOME_LABEL, PROGRESS_LABEL, dueLabel } from './cases';
import { NextStep } from './NextStepForm';

export function CasePage({ id }: { id: number }) {
  const data = useApi<CaseView>(`/api/improvement/${id}`);
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
          {v.allowed.length > 0 && <NextStep view={v} onDone={() => invalidateApi('/api/improvement')} />}
        </>
      )}
    </Panel>
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

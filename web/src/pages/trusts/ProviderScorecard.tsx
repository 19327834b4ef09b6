/** A provider's scorecard as GPs' commissioners see it, on a trust's page. */
import { SelectField, TextField } from '../../components/Field';
import type { FormEvent } from 'react';
import { invalidateApi, send, useApi } from '../../api';
import type { Answer } from '../../api/client';
import { useFormErrors } from '../../components/useFormErrors';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { useCanAt, useSession } from '../../session';
import { IncidentForms, INCIDENT_STATUS_LABEL } from '../../components/IncidentForms';
import { VoiceCounts } from '../../components/PatientVoice';
import { ScrollTable } from '../../components/ScrollTable';
import { shown } from '../concerns/counts';
import { SignalsTable } from '../concerns/SignalsTable';
import { ConcernChart, AeChart } from './ScorecardCharts';

export type Signals = Answer<'/api/providers/{code}/signals', 'get'>;

export type Scorecard = Answer<'/api/providers/{code}/scorecard', 'get'>;

const LEVELS: Record<string, string> = {
  routine: 'Routine surveillance',
  enhanced: 'Enhanced surveillance',
  risk_summit: 'Risk summit',
};

export function ProviderScorecard({ code, name }: { code: string; name: string }) {
  const card = useApi<Scorecard>(`/api/providers/${code}/scorecard`);
  const { can, session } = useSession();
  // a provider's own users for their trust only; commissioners and partners for any
  const canSignals = useCanAt(code)('providers.signals');
  // each area decides its own status: ask which one only of someone who holds it at several (or everywhere)
  const surveillanceAreas = session?.permissions?.['providers.surveillance'];
  const soleSurveillanceArea = surveillanceAreas?.length === 1;
  const signals = useApi<Signals>(session?.user && canSignals ? `/api/providers/${code}/signals` : null);
  const statusErrors = useFormErrors();
  const changeStatus = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await send('POST', `/api/providers/${code}/surveillance`, {
        ...(f.get('area') ? { area: f.get('area') } : {}),
        level: f.get('level'),
        reason: f.get('reason'),
        forum: f.get('forum') || null,
      });
      statusErrors.clear();
      await invalidateApi(`/api/providers/${code}/`);
    } catch (err) {
      statusErrors.fail(err, form);
    }
  };
  return (
    <section aria-labelledby="scorecard-heading">
      <h2 id="scorecard-heading">Provider scorecard</h2>
      <Panel data={card} empty="">
        {(c) => (
          <>
            <p className="nhsuk-body">
              Surveillance status:{' '}
              <strong className="nhsuk-tag" data-surveillance={c.surveillance.level}>
                {c.surveillance.label}
              </strong>
              {c.surveillance.byArea.length > 1 &&
                ` (the most serious of ${c.surveillance.byArea.length} commissioning areas’ own decisions: ${c.surveillance.byArea
                  .map((a) => `${a.areaName ?? a.areaCode} ${a.label.toLowerCase()}`)
                  .join('; ')})`}
            </p>
            {c.ae && (
              <>
                <h3>A&amp;E: four-hour performance over time</h3>
                <AeChart ae={c.ae} name={name} />
              </>
            )}
            {c.snapshot.length > 0 && (
              <>
                <h3>Waits, cancer and diagnostics (one month of 2022)</h3>
                <ScrollTable className="nhsuk-table nhsuk-body-s">
                  <thead className="nhsuk-table__head">
                    <tr>
                      <th scope="col">Measure</th>
                      <th scope="col">This trust</th>
                      <th scope="col">95% interval</th>
                      <th scope="col">England median ({'trusts'})</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.snapshot.map((m) => (
                      <tr key={m.code}>
                        <td>{m.title}</td>
                        <td>
                          {shown(m.value, m.unit === '%' ? 1 : 0)}
                          {m.unit === '%' ? '%' : ''}
                        </td>
                        <td>
                          {m.interval
                            ? `${m.interval.lower.toFixed(1)}–${m.interval.upper.toFixed(1)}%`
                            : '–'}
                        </td>
                        <td>
                          {shown(m.median, m.unit === '%' ? 1 : 0)}
                          {m.unit === '%' ? '%' : ''} ({m.trusts})
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
              </>
            )}
            {c.concerns ? (
              <>
                <h3>Concerns from GP practices (last 12 months)</h3>
                <p className="nhsuk-body-s">{c.concerns.covers}</p>
                {c.concerns.suppressed && <p className="nhsuk-body-s">{c.concerns.note}</p>}
                <p className="nhsuk-body">
                  {shown(c.concerns.total)} concerns ({shown(c.concerns.moderateOrWorse)} with moderate or
                  worse harm)
                  {c.concerns.interval &&
                    ` (95% interval ${c.concerns.interval.lower.toFixed(1)}–${c.concerns.interval.upper.toFixed(1)})`}
                  {c.concerns.perThousand &&
                    `; ${c.concerns.perThousand.value.toFixed(2)} per ${c.concerns.perThousand.per}${c.concerns.perThousand.lower !== null ? ` (${c.concerns.perThousand.lower.toFixed(2)}–${c.concerns.perThousand.upper!.toFixed(2)})` : ''}${c.concerns.perThousand.unstable ? `, ${c.concerns.perThousand.unstable}` : ''}`}
                  .
                </p>
                {c.concerns.contractBreaches.length > 0 && (
                  <ScrollTable className="nhsuk-table nhsuk-body-s">
                    <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                      Contract-standard breaches reported
                    </caption>
                    <tbody>
                      {c.concerns.contractBreaches.map((b) => (
                        <tr key={b.standard}>
                          <td>{b.label}</td>
                          <td>{shown(b.count)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                )}
              </>
            ) : (
              <p className="nhsuk-body">
                <Link href={`/sign-in?returnTo=/organisations/${code}`}>Sign in</Link> to see concerns GP
                practices have raised about this provider.
              </p>
            )}
            {c.patientVoice && (
              <>
                <h3>Patient voice</h3>
                <VoiceCounts counts={c.patientVoice} />
              </>
            )}
            {canSignals && (
              <>
                <h3>Signals from concerns</h3>
                <Panel data={signals} empty="">
                  {(s) => (
                    <>
                      {s.overall ? (
                        <ConcernChart chart={s.overall} name={name} />
                      ) : (
                        <p className="nhsuk-body">No concerns in the last 24 months.</p>
                      )}
                      {s.activity && (
                        <p className="nhsuk-body-s">
                          Rates are per 1,000 {s.activity.unit} (from {s.activity.basis}).
                        </p>
                      )}
                      <SignalsTable signals={s.signals} />
                    </>
                  )}
                </Panel>
              </>
            )}
            {c.incidents && (
              <>
                <h3>Serious incidents</h3>
                {c.incidents.length === 0 ? (
                  <p className="nhsuk-body">No incidents recorded.</p>
                ) : (
                  <ScrollTable className="nhsuk-table nhsuk-body-s">
                    <thead className="nhsuk-table__head">
                      <tr>
                        <th scope="col">Incident</th>
                        <th scope="col">Regime</th>
                        <th scope="col">Identified</th>
                        <th scope="col">Status</th>
                        <th scope="col">Deadlines</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.incidents.map((i) => (
                        <tr key={i.id}>
                          <td>
                            {i.title}
                            {i.neverEventLabel && <strong> Never Event: {i.neverEventLabel}</strong>}
                          </td>
                          <td>
                            {i.regime === 'sif2015'
                              ? 'Serious Incident Framework 2015'
                              : 'PSIRF (no fixed clock)'}
                          </td>
                          <td>{i.identifiedOn}</td>
                          <td>{INCIDENT_STATUS_LABEL[i.status] ?? i.status}</td>
                          <td>
                            {i.deadlines
                              .map((d) => `${d.label} by ${d.due}${d.overdue ? ' (overdue)' : ''}`)
                              .join('; ') || '–'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                )}
                <IncidentForms
                  provider={code}
                  incidents={c.incidents}
                  onChange={() => invalidateApi(`/api/providers/${code}/`)}
                />
              </>
            )}
            <h3>Surveillance history</h3>
            {c.surveillance.history.length === 0 ? (
              <p className="nhsuk-body">Routine surveillance: no change has been recorded.</p>
            ) : (
              <ol className="nhsuk-list">
                {c.surveillance.history.map((h) => (
                  <li key={h.id}>
                    <strong>{LEVELS[h.level]}</strong>
                    {h.areaCode ? ` for ${h.areaName ?? h.areaCode}` : ''} from {h.at.slice(0, 10)} (
                    {h.decidedBy}
                    {h.forum ? `, ${h.forum}` : ''}): {h.reason}
                  </li>
                ))}
              </ol>
            )}
            {can('providers.surveillance') && (
              <form onSubmit={(e) => void changeStatus(e)} noValidate aria-labelledby="status-change">
                <h4 id="status-change">Change the surveillance status</h4>
                {statusErrors.summary}
                <SelectField
                  id="level"
                  name="level"
                  label="Status"
                  options={LEVELS}
                  defaultValue={c.surveillance.level}
                  error={statusErrors.of('level')}
                />
                {!soleSurveillanceArea && (
                  <TextField
                    id="surveillance-area"
                    name="area"
                    label="Commissioning area (ICB or sub-ICB code) whose status this is"
                    error={statusErrors.of('area')}
                  />
                )}
                <TextField
                  id="forum"
                  name="forum"
                  label="Forum (e.g. CQRG, local QSG)"
                  required={false}
                  error={statusErrors.of('forum')}
                />
                <TextField
                  id="status-reason"
                  name="reason"
                  label="Rationale"
                  multiline
                  error={statusErrors.of('reason')}
                />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                  Record the change
                </button>
              </form>
            )}
          </>
        )}
      </Panel>
    </section>
  );
}

/** Providers seen by GPs: the scorecard (on a trust's page), themes and signals, choosing where to refer, the QSG pack. */
import { SelectField, TextField } from '../components/Field';
import { useMemo, useState, type FormEvent } from 'react';
import * as Plot from '@observablehq/plot';
import { send, useApi, type ApiError } from '../api';
import { Panel } from '../components/Panel';
import { Link } from '../components/Link';
import { PlotFigure } from '../charts/PlotFigure';
import { navigate } from '../router';
import { useSession } from '../session';
import { IncidentForms, INCIDENT_STATUS_LABEL } from '../components/IncidentForms';
import { VoiceCounts, type VoiceCountsView } from '../components/PatientVoice';
import { ScrollTable } from '../components/ScrollTable';
import { Downloads } from '../components/Downloads';

interface Signal {
  method: 'cluster' | 'spc' | 'cusum';
  categoryLabel: string;
  from: string;
  to: string;
  summary: string;
  falseAlarm: string;
  count: number | null;
  concernIds: number[];
  providerCode: string;
  /** on the themes page, where signals of several providers are listed */
  providerName?: string | null;
}
interface Chart {
  chart: 'u' | 'c';
  months: string[];
  counts: Array<number | null>;
  rate: Array<number | null>;
  centre: number[];
  upper: number[];
  lower: number[];
  above: number[];
  falseAlarmPerMonth: number;
}
interface Signals {
  provider: { code: string; name: string };
  activity: { perMonth: number; unit: string; basis: string } | null;
  overall: Chart | null;
  signals: Signal[];
  suppressed: boolean;
  note: string | null;
}
interface Scorecard {
  provider: { code: string; name: string };
  ae: {
    months: string[];
    attendances: number[];
    within4hPercent: Array<number | null>;
    spc: {
      centre: number[];
      lower: number[];
      upper: number[];
      specialCause: Array<string | null>;
      assurance: string | null;
      target: number;
    } | null;
  } | null;
  snapshot: Array<{
    code: string;
    title: string;
    unit: string;
    direction: string;
    value: number | null;
    median: number | null;
    trusts: number;
    interval: { lower: number; upper: number } | null;
  }>;
  patientVoice: VoiceCountsView | null;
  concerns: null | {
    from: string;
    to: string;
    total: number | null;
    moderateOrWorse: number | null;
    interval: { lower: number; upper: number } | null;
    perThousand: {
      value: number;
      lower: number | null;
      upper: number | null;
      per: string;
      /** GP referrals, or A&E attendances where the provider has no referral figure */
      unit: string;
      /** said when the activity is too small for a stable rate */
      unstable: string | null;
    } | null;
    byCategory: Array<{ id: string; label: string; count: number | null }>;
    contractBreaches: Array<{ standard: string; label: string; count: number | null }>;
    suppressed: boolean;
    /** whose concerns are counted: the viewer's own area's, or every practice's */
    covers: string;
    note?: string;
  };
  incidents: null | Array<{
    id: number;
    title: string;
    areaCode: string;
    reportedOn: string | null;
    dutyOfCandourOn: string | null;
    regime: string;
    identifiedOn: string;
    status: string;
    neverEventLabel: string | null;
    deadlines: Array<{ name: string; label: string; due: string; overdue: boolean }>;
  }>;
  surveillance: {
    level: string;
    label: string;
    /** each commissioning area's current status, most serious first */
    byArea: Array<{ id: number; areaCode: string; areaName: string | null; level: string; label: string }>;
    history: Array<{
      id: number;
      areaCode: string;
      areaName: string | null;
      level: string;
      reason: string;
      forum: string | null;
      reviewOn: string | null;
      decidedBy: string;
      at: string;
    }>;
  };
}

const shown = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined
    ? '*'
    : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const METHOD: Record<string, string> = {
  cluster: 'Cluster',
  spc: 'Above the control limit',
  cusum: 'Sustained rise (CUSUM)',
};
const LEVELS: Record<string, string> = {
  routine: 'Routine surveillance',
  enhanced: 'Enhanced surveillance',
  risk_summit: 'Risk summit',
};

function SignalsTable({ signals, showProvider }: { signals: Signal[]; showProvider?: boolean }) {
  if (signals.length === 0)
    return <p className="nhsuk-body">No signals: nothing rose beyond what chance would explain.</p>;
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s">
      <thead className="nhsuk-table__head">
        <tr>
          {showProvider && <th scope="col">Provider</th>}
          <th scope="col">Signal</th>
          <th scope="col">What</th>
          <th scope="col">False-alarm rate</th>
          <th scope="col">Concerns behind it</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((s, i) => (
          <tr key={i} data-method={s.method}>
            {showProvider && (
              <td>
                <Link href={`/organisations/${s.providerCode}`}>{s.providerName ?? s.providerCode}</Link>
              </td>
            )}
            <td>{METHOD[s.method]}</td>
            <td>{s.summary}</td>
            <td>{s.falseAlarm}</td>
            <td>
              {s.concernIds.length === 0
                ? `${shown(s.count)} (not yours to open)`
                : s.concernIds.map((id, k) => (
                    <span key={id}>
                      {k > 0 && ', '}
                      <Link href={`/concerns/${id}`}>#{id}</Link>
                    </span>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function ConcernChart({ chart, name }: { chart: Chart; name: string }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const rows = chart.months.map((m, i) => ({
      month: new Date(`${m}-01`),
      rate: chart.rate[i],
      centre: chart.centre[i],
      upper: chart.upper[i],
      lower: chart.lower[i],
      above: chart.above.includes(i),
    }));
    const label = chart.chart === 'u' ? 'Concerns per 1,000 activity' : 'Concerns a month';
    return {
      height: 240,
      marginLeft: 50,
      y: { label, grid: true, zero: true },
      x: { label: null },
      ariaLabel: `${label} about ${name} by month, with SPC limits`,
      marks: [
        Plot.line(rows, { x: 'month', y: 'upper', stroke: '#768692', strokeDasharray: '4 3' }),
        Plot.line(rows, { x: 'month', y: 'centre', stroke: '#425563' }),
        Plot.line(
          rows.filter((r) => r.rate !== null),
          { x: 'month', y: 'rate', stroke: '#005eb8' },
        ),
        Plot.dot(
          rows.filter((r) => r.rate !== null),
          {
            x: 'month',
            y: 'rate',
            fill: (r: { above: boolean }) => (r.above ? '#d5281b' : '#005eb8'),
            r: 3.5,
            title: (r: { month: Date; rate: number }) =>
              `${r.month.toISOString().slice(0, 7)}: ${r.rate.toFixed(2)}`,
          },
        ),
      ],
    };
  }, [chart, name]);
  return (
    <PlotFigure
      options={options}
      caption={`Centre line and 3σ limits (dashed). Red points are above the upper limit. Chance of a month above the limit with no change: ${(chart.falseAlarmPerMonth * 100).toFixed(2)}%.`}
    />
  );
}

function AeChart({ ae, name }: { ae: NonNullable<Scorecard['ae']>; name: string }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const rows = ae.months.map((m, i) => ({
      month: new Date(`${m}-01`),
      pct: ae.within4hPercent[i],
      centre: ae.spc?.centre[i],
      upper: ae.spc?.upper[i],
      lower: ae.spc?.lower[i],
      cause: ae.spc?.specialCause[i] ?? null,
    }));
    return {
      height: 240,
      marginLeft: 50,
      y: { label: 'Seen within 4 hours (%)', grid: true },
      x: { label: null },
      ariaLabel: `A&E: share of attendances at ${name} seen within 4 hours, by month, with XmR limits and the 95% standard`,
      marks: [
        Plot.ruleY([95], { stroke: '#ffb81c', strokeWidth: 2 }),
        Plot.line(rows, { x: 'month', y: 'upper', stroke: '#768692', strokeDasharray: '4 3' }),
        Plot.line(rows, { x: 'month', y: 'lower', stroke: '#768692', strokeDasharray: '4 3' }),
        Plot.line(rows, { x: 'month', y: 'centre', stroke: '#425563' }),
        Plot.line(rows, { x: 'month', y: 'pct', stroke: '#005eb8' }),
        Plot.dot(rows, {
          x: 'month',
          y: 'pct',
          r: 3,
          fill: (r: { cause: string | null }) =>
            r.cause === 'concern' ? '#ed8b00' : r.cause === 'improvement' ? '#007f3b' : '#005eb8',
        }),
      ],
    };
  }, [ae, name]);
  return (
    <PlotFigure
      options={options}
      caption="Making Data Count XmR chart: orange points are special cause for concern, green for improvement; the yellow line is the 95% standard."
    />
  );
}

export function ProviderScorecard({ code, name }: { code: string; name: string }) {
  const [version, setVersion] = useState(0);
  const card = useApi<Scorecard>(`/api/providers/${code}/scorecard?v=${version}`);
  const { can, session } = useSession();
  const canSignals = can('providers.signals');
  // each area decides its own status: ask which one only of someone who holds it at several (or everywhere)
  const surveillanceAreas = session?.permissions?.['providers.surveillance'];
  const soleSurveillanceArea = surveillanceAreas?.length === 1;
  const signals = useApi<Signals>(session?.user && canSignals ? `/api/providers/${code}/signals` : null);
  const [error, setError] = useState<string | null>(null);
  const changeStatus = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    try {
      await send('POST', `/api/providers/${code}/surveillance`, {
        ...(f.get('area') ? { area: f.get('area') } : {}),
        level: f.get('level'),
        reason: f.get('reason'),
        forum: f.get('forum') || null,
      });
      setVersion((v) => v + 1);
    } catch (err) {
      setError((err as ApiError).message);
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
                  onChange={() => setVersion((v) => v + 1)}
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
              <form onSubmit={changeStatus} aria-labelledby="status-change">
                <h4 id="status-change">Change the surveillance status</h4>
                {error && <p className="nhsuk-error-message">{error}</p>}
                <SelectField
                  id="level"
                  name="level"
                  label="Status"
                  options={LEVELS}
                  defaultValue={c.surveillance.level}
                />
                {!soleSurveillanceArea && (
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label" htmlFor="surveillance-area">
                      Commissioning area (ICB or sub-ICB code) whose status this is
                    </label>
                    <input
                      className="nhsuk-input nhsuk-input--width-10"
                      id="surveillance-area"
                      name="area"
                      required
                    />
                  </div>
                )}
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label" htmlFor="forum">
                    Forum (e.g. CQRG, local QSG)
                  </label>
                  <input className="nhsuk-input nhsuk-input--width-20" id="forum" name="forum" />
                </div>
                <TextField id="status-reason" name="reason" label="Rationale" multiline />
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

export function Themes() {
  const data = useApi<{
    asOf: string;
    rows: Array<{
      providerCode: string;
      providerName: string | null;
      categoryLabel: string;
      parentLabel: string;
      service: string | null;
      serviceLabel: string | null;
      last30: number | null;
      last90: number | null;
      last365: number | null;
    }>;
    signals: Signal[];
  }>('/api/concerns/themes');
  return (
    <>
      <h1>Themes and signals</h1>
      <p className="nhsuk-body">
        Patterns across concerns from your practices: clusters from several practices in a short window,
        months above the SPC control limit, and sustained rises (CUSUM). Each signal links to the concerns
        behind it and states how often it would appear by chance.
      </p>
      <Panel data={data} empty="No concerns in the last year." isEmpty={(d) => d.rows.length === 0}>
        {(d) => (
          <>
            <h2>Signals</h2>
            <SignalsTable signals={d.signals} showProvider />
            <h2>Concerns by provider, category and service</h2>
            <Downloads
              href="/api/concerns/themes/export"
              what={`concerns by provider, category and service over 30, 90 and 365 days to ${d.asOf}`}
            />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">Counts to {d.asOf}</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Category</th>
                  <th scope="col">Service</th>
                  <th scope="col">30 days</th>
                  <th scope="col">90 days</th>
                  <th scope="col">365 days</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.slice(0, 100).map((r, i) => (
                  <tr key={i}>
                    <td>
                      <Link href={`/organisations/${r.providerCode}`}>
                        {r.providerName ?? r.providerCode}
                      </Link>
                    </td>
                    <td>
                      {r.parentLabel}: {r.categoryLabel}
                    </td>
                    <td>{r.serviceLabel ?? '–'}</td>
                    <td>{r.last30 ?? '*'}</td>
                    <td>{r.last90 ?? '*'}</td>
                    <td>{r.last365 ?? '*'}</td>
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

export function ReferralChoice({ service }: { service: string | null }) {
  const data = useApi<{
    service: { code: string; label: string } | null;
    note: string;
    services: Array<{ code: string; label: string }>;
    columns: Array<{ code: string; title: string }>;
    providers: Array<{
      provider: { code: string; name: string };
      measures: Scorecard['snapshot'];
      concerns: {
        total: number | null;
        perThousand: {
          value: number;
          lower: number | null;
          upper: number | null;
          unit: string;
          unstable: string | null;
        } | null;
        suppressed: boolean;
      };
    }>;
  }>(`/api/referral-choice${service ? `?service=${service}` : ''}`);
  return (
    <>
      <h1>Choosing where to refer</h1>
      <Panel data={data} empty="No providers to compare yet." isEmpty={(d) => d.providers.length === 0}>
        {(d) => (
          <>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="service-choice">
                Service
              </label>
              <select
                id="service-choice"
                className="nhsuk-select"
                value={service ?? ''}
                onChange={(e) =>
                  navigate(`/referral-choice${e.target.value ? `?service=${e.target.value}` : ''}`)
                }
              >
                <option value="">All services</option>
                {d.services.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <p className="nhsuk-body-s">{d.note}</p>
            <Downloads
              href={`/api/referral-choice/export${service ? `?service=${service}` : ''}`}
              what={`these providers side by side${d.service ? ` for ${d.service.label}` : ''}`}
            />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Provider</th>
                  {d.columns.map((c) => (
                    <th scope="col" key={c.code}>
                      {c.title}
                    </th>
                  ))}
                  <th scope="col">Concerns{d.service ? ` (${d.service.label})` : ''}</th>
                </tr>
              </thead>
              <tbody>
                {d.providers.map((p) => (
                  <tr key={p.provider.code}>
                    <td>
                      <Link href={`/organisations/${p.provider.code}`}>{p.provider.name}</Link>
                    </td>
                    {d.columns.map(({ code: c }) => {
                      const m = p.measures.find((x) => x.code === c);
                      return (
                        <td key={c}>
                          {m ? `${shown(m.value, 1)}%` : '–'}
                          {m?.interval && (
                            <div className="nhsuk-body-s">{`${m.interval.lower.toFixed(1)}–${m.interval.upper.toFixed(1)}%`}</div>
                          )}
                        </td>
                      );
                    })}
                    <td>
                      {shown(p.concerns.total)}
                      {p.concerns.perThousand && (
                        <div className="nhsuk-body-s">
                          {p.concerns.perThousand.value.toFixed(2)} per 1,000 {p.concerns.perThousand.unit} a
                          year
                          {p.concerns.perThousand.lower !== null &&
                            ` (${p.concerns.perThousand.lower.toFixed(2)}–${p.concerns.perThousand.upper!.toFixed(2)})`}
                          {p.concerns.perThousand.unstable && `; ${p.concerns.perThousand.unstable}`}
                        </div>
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

export function QsgPack() {
  const { session } = useSession();
  const area = session?.permissions?.['reports.qsg']?.[0] ?? '';
  const today = new Date().toISOString().slice(0, 10);
  const ninety = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const [q, setQ] = useState({ area, from: ninety, to: today });
  const query = new URLSearchParams({
    ...(q.area || area ? { area: q.area || area } : {}),
    from: q.from,
    to: q.to,
  });
  return (
    <>
      <h1>Quality Surveillance Group pack</h1>
      <p className="nhsuk-body">
        A report for the local QSG: providers by surveillance status, new signals, overdue responses, serious
        incidents and themes, with charts. Counts are suppressed for sharing (1–7 shown as *, others rounded
        to the nearest 5).
      </p>
      {!session?.user && (
        <p className="nhsuk-body">
          The pack is produced by commissioners and partners.{' '}
          <Link href="/sign-in?returnTo=/reports/qsg">Sign in</Link> to produce it.
        </p>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="qsg-area">
          Area (ODS code)
        </label>
        <input
          className="nhsuk-input nhsuk-input--width-10"
          id="qsg-area"
          value={q.area || area}
          onChange={(e) => setQ({ ...q, area: e.target.value.toUpperCase() })}
        />
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="qsg-from">
          From
        </label>
        <input
          className="nhsuk-input nhsuk-input--width-10"
          type="date"
          id="qsg-from"
          value={q.from}
          onChange={(e) => setQ({ ...q, from: e.target.value })}
        />
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="qsg-to">
          To
        </label>
        <input
          className="nhsuk-input nhsuk-input--width-10"
          type="date"
          id="qsg-to"
          value={q.to}
          onChange={(e) => setQ({ ...q, to: e.target.value })}
        />
      </div>
      <p className="nhsuk-body">
        <a
          className="nhsuk-button nhsuk-u-margin-right-3"
          href={`/api/reports/qsg?${query}&format=html`}
          target="_blank"
          rel="noreferrer"
        >
          Open the pack (HTML)
        </a>
        <a className="nhsuk-button nhsuk-button--secondary" href={`/api/reports/qsg?${query}&format=pdf`}>
          Download PDF
        </a>
      </p>
    </>
  );
}

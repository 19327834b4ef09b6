/**
 * A practice's indicator over time as a Making Data Count chart: limits per segment, special causes coloured by
 * meaning, the recalculation points with their reasons, and (for the commissioner team over the practice) a form
 * to add or remove one.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { invalidateApi, send, useApi, type ApiError } from '../api';
import type { Answer } from '../api/client';
import type { PracticeSpcAnswer } from '../../../src/variation/practice-spc';
import { CAUSE_LABEL, spcCaption, spcPlotOptions } from '../../../src/charts/spc';
import { Panel } from './Panel';
import { PlotFigure } from '../charts/PlotFigure';
import { Details } from './Details';
import { ErrorSummary } from './ErrorSummary';
import { TextField } from './Field';
import { ScrollTable } from './ScrollTable';

type SpcAnswer = PracticeSpcAnswer & { practice: { code: string; name: string } };
type Charted = Extract<SpcAnswer, { enough: true }>;
/** Without an indicator: the indicators with enough periods for a chart. */
type SpcList = Extract<Answer<'/api/practices/{code}/spc', 'get'>, { indicators: unknown }>;
const RULE_LABEL: Record<string, string> = {
  outside_limits: 'outside the limits',
  shift: 'a run of 7 on one side',
  trend: 'a trend of 7',
  two_of_three: '2 of 3 near a limit',
};

export function PracticeSpc({ code }: { code: string }) {
  const list = useApi<SpcList>(`/api/practices/${code}/spc`);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = chosen ?? (list.state === 'ready' ? (list.data.indicators[0]?.code ?? null) : null);
  const spc = useApi<SpcAnswer>(current ? `/api/practices/${code}/spc?indicator=${current}` : null);
  return (
    <section aria-labelledby="spc-heading">
      <h2 id="spc-heading">Over time: statistical process control</h2>
      <Panel
        data={list}
        empty="No indicator has enough periods (12) for a chart over time."
        isEmpty={(d) => d.indicators.length === 0}
      >
        {(d) => (
          <>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="spc-indicator">
                Indicator
              </label>
              <select
                id="spc-indicator"
                className="nhsuk-select"
                value={current ?? ''}
                onChange={(e) => setChosen(e.target.value)}
              >
                {d.indicators.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.title}
                  </option>
                ))}
              </select>
            </div>
            <Panel data={spc} empty="">
              {(s) =>
                s.enough ? (
                  <>
                    <SpcChart s={s} />
                    <Recalculation
                      s={s}
                      code={code}
                      changed={() => void invalidateApi(`/api/practices/${code}/spc`)}
                    />
                  </>
                ) : (
                  <p className="nhsuk-body">
                    Fewer than {s.minimum} periods of this indicator: too few for a chart over time.
                  </p>
                )
              }
            </Panel>
          </>
        )}
      </Panel>
    </section>
  );
}

function SpcChart({ s }: { s: Charted }) {
  const options = useMemo(() => spcPlotOptions(s), [s]);
  const causes = s.points.filter((p) => p.specialCause);
  return (
    <>
      <PlotFigure options={options} caption={spcCaption(s)} />
      <Details summary="How this chart is worked out">
        <p className="nhsuk-body-s">{s.method}</p>
      </Details>
      {causes.length > 0 && (
        <Details summary={<>The {causes.length} special-cause points</>}>
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Value</th>
                <th scope="col">Meaning</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {causes.map((p) => (
                <tr key={p.period}>
                  <td>{p.period.slice(0, 7)}</td>
                  <td>{p.value.toPrecision(4)}</td>
                  <td>{CAUSE_LABEL[p.specialCause!]}</td>
                  <td>{p.rules.map((r) => RULE_LABEL[r] ?? r).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </Details>
      )}
    </>
  );
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : '—');

/** The segments with their limits and reasons; the commissioner team may add or remove recalculation points. */
function Recalculation({ s, code, changed }: { s: Charted; code: string; changed: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const taken = new Set(s.segments.map((g) => g.from));
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await send('POST', `/api/practices/${code}/spc/rebase`, {
        indicator: s.indicator,
        fromPeriod: f.get('fromPeriod'),
        reason: f.get('reason'),
      });
      form.reset();
      changed();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  const remove = async (from: string) => {
    setError(null);
    try {
      await send(
        'DELETE',
        `/api/practices/${code}/spc/rebase?indicator=${encodeURIComponent(s.indicator)}&from=${from}`,
      );
      changed();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  const unplaced = s.baselines.filter((b) => !b.inSeries);
  return (
    <>
      <ScrollTable className="nhsuk-table nhsuk-body-s">
        <caption className="nhsuk-table__caption nhsuk-body-s">
          {s.segments.length > 1
            ? `Limits recalculated ${s.segments.length - 1} time${s.segments.length > 2 ? 's' : ''}`
            : 'One baseline: no recalculation point'}
        </caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Periods</th>
            <th scope="col">Mean</th>
            <th scope="col">Limits</th>
            <th scope="col">Why recalculated</th>
            {s.mayRebase && <th scope="col">Set by</th>}
          </tr>
        </thead>
        <tbody>
          {s.segments.map((g) => {
            const b = s.baselines.find((x) => x.fromPeriod === g.from);
            return (
              <tr key={g.from}>
                <td>
                  {g.from.slice(0, 7)} to {g.to.slice(0, 7)} ({g.points})
                </td>
                <td>{fmt(g.centre)}</td>
                <td>
                  {fmt(g.lower)} to {fmt(g.upper)}
                </td>
                <td>{g.reason ?? '—'}</td>
                {s.mayRebase && (
                  <td>
                    {b ? (
                      <>
                        {b.setBy}, {b.setAt.slice(0, 10)}{' '}
                        <button
                          type="button"
                          className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                          onClick={() => void remove(g.from)}
                        >
                          Remove
                          <span className="nhsuk-u-visually-hidden">
                            {' '}
                            the recalculation at {g.from.slice(0, 7)}
                          </span>
                        </button>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </ScrollTable>
      {unplaced.length > 0 && (
        <p className="nhsuk-body-s">
          Not applied (their period is no longer in the series):{' '}
          {unplaced.map((b) => `${b.fromPeriod.slice(0, 7)} (${b.reason})`).join('; ')}.
        </p>
      )}
      {s.mayRebase && (
        <Details summary="Recalculate the limits from a period">
          <form onSubmit={(e) => void add(e)} aria-label="Add a recalculation point">
            <p className="nhsuk-body-s">
              Recalculate only after a known change in the process (new guidance, a merger, a new service),
              not to make a signal go away. The reason is shown with the chart to everyone who can see it.
            </p>
            <ErrorSummary message={error} />
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="spc-rebase-from">
                New limits from
              </label>
              <select className="nhsuk-select" id="spc-rebase-from" name="fromPeriod">
                {s.points.slice(1).map((p) =>
                  taken.has(p.period) ? null : (
                    <option key={p.period} value={p.period}>
                      {p.period.slice(0, 7)}
                    </option>
                  ),
                )}
              </select>
            </div>
            <TextField id="spc-rebase-reason" name="reason" label="Reason" multiline minLength={3} />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit">
              Recalculate from this period
            </button>
          </form>
        </Details>
      )}
      {!s.mayRebase && error && <ErrorSummary message={error} />}
    </>
  );
}

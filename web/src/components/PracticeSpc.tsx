/** A practice's indicator over time as a Making Data Count chart: limits, and special causes coloured by meaning. */
import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../api';
import { Panel } from './Panel';
import { PlotFigure } from '../charts/PlotFigure';
import { Details } from './Details';

interface SpcAnswer {
  title: string;
  unit: string;
  enough: boolean;
  minimum: number;
  warnings: string[];
  improvement: string;
  points: Array<{
    period: string;
    value: number;
    centre: number;
    lower: number;
    upper: number;
    specialCause: string | null;
    rules: string[];
  }>;
}
const CAUSE_LABEL: Record<string, string> = {
  improvement: 'special cause: improvement',
  concern: 'special cause: concern',
  neither: 'special cause (neither direction better)',
};
const RULE_LABEL: Record<string, string> = {
  outside_limits: 'outside the limits',
  shift: 'a run of 7 on one side',
  trend: 'a trend of 7',
  two_of_three: '2 of 3 near a limit',
};

export function PracticeSpc({ code }: { code: string }) {
  const list = useApi<{ indicators: Array<{ code: string; title: string }> }>(`/api/practices/${code}/spc`);
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
              {(s) => <SpcChart s={s} />}
            </Panel>
          </>
        )}
      </Panel>
    </section>
  );
}

function SpcChart({ s }: { s: SpcAnswer }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const rows = s.points.map((p) => ({
      ...p,
      date: new Date(p.period),
      kind: p.specialCause ? CAUSE_LABEL[p.specialCause] : 'common cause',
    }));
    return {
      width: 900,
      height: 300,
      marginLeft: 56,
      x: { label: null },
      y: { label: `↑ ${s.unit}`, grid: true },
      color: {
        domain: ['common cause', CAUSE_LABEL.improvement, CAUSE_LABEL.concern, CAUSE_LABEL.neither],
        range: ['#768692', '#005eb8', '#ed8b00', '#7c2855'],
        legend: true,
      },
      ariaLabel: `${s.title} over time with its XmR limits`,
      marks: [
        Plot.line(rows, { x: 'date', y: 'upper', stroke: '#4c6272', strokeDasharray: '4,3' }),
        Plot.line(rows, { x: 'date', y: 'lower', stroke: '#4c6272', strokeDasharray: '4,3' }),
        Plot.line(rows, { x: 'date', y: 'centre', stroke: '#212b32' }),
        Plot.line(rows, { x: 'date', y: 'value', stroke: '#aeb7bd' }),
        Plot.dot(rows, {
          x: 'date',
          y: 'value',
          r: 3.5,
          fill: 'kind',
          channels: { Period: 'period' },
          tip: true,
        }),
      ],
    };
  }, [s]);
  const causes = s.points.filter((p) => p.specialCause);
  return (
    <>
      <PlotFigure
        options={options}
        caption={`${s.title}: ${s.points.length} periods on a Making Data Count XmR chart (dashed: natural process limits). ${causes.length} points show special cause. ${s.improvement === 'neither' ? 'Neither direction is better.' : `Improvement is ${s.improvement === 'increase' ? 'up' : 'down'}.`} ${s.warnings.join(' ')}`}
      />
      {causes.length > 0 && (
        <Details summary={<>The {causes.length} special-cause points</>}>
          <table className="nhsuk-table nhsuk-body-s">
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
          </table>
        </Details>
      )}
    </>
  );
}

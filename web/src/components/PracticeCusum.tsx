/** A practice's CUSUM for sustained shifts, per indicator: the two arms over time, the limit h, and the signals. */
import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../api';
import type { Answer } from '../api/client';
import { Panel } from './Panel';
import { PlotFigure } from '../charts/PlotFigure';
import { ScrollTable } from './ScrollTable';

type CusumIndicator = CusumAnswer['indicators'][number];
type CusumAnswer = Answer<'/api/practices/{code}/cusum', 'get'>;
const H = 5;

export function PracticeCusum({ code }: { code: string }) {
  const data = useApi<CusumAnswer>(`/api/practices/${encodeURIComponent(code)}/cusum`);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <section aria-labelledby="cusum-heading">
      <h2 id="cusum-heading">Sustained shifts: CUSUM</h2>
      <Panel
        data={data}
        isEmpty={(d) => d.indicators.length === 0}
        empty="No stored results with enough periods (6) for a CUSUM. Results are stored by lantern compute after a load."
      >
        {(d) => {
          const current = d.indicators.find((i) => i.indicator === chosen) ?? d.indicators[0]!;
          return (
            <>
              <p className="nhsuk-body-s">{d.method}</p>
              <ScrollTable className="nhsuk-table nhsuk-body-s">
                <thead className="nhsuk-table__head">
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col">Periods</th>
                    <th scope="col">Signals</th>
                  </tr>
                </thead>
                <tbody>
                  {d.indicators.map((i) => (
                    <tr key={i.indicator}>
                      <td>{i.title}</td>
                      <td>{i.points.length}</td>
                      <td>
                        {i.signals.length === 0
                          ? 'none'
                          : `${i.signals.length} (first ${i.signals[0]!.periodStart.slice(0, 7)}); latest ${i.signals.at(-1)!.periodStart.slice(0, 7)}: ${i.signals.at(-1)!.signal} than expected${i.signals.at(-1)!.worse ? ' (worse)' : i.direction === 'neither' ? '' : ' (better)'}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="cusum-indicator">
                  Chart for
                </label>
                <select
                  id="cusum-indicator"
                  className="nhsuk-select"
                  value={current.indicator}
                  onChange={(e) => setChosen(e.target.value)}
                >
                  {d.indicators.map((i) => (
                    <option key={i.indicator} value={i.indicator}>
                      {i.title}
                    </option>
                  ))}
                </select>
              </div>
              <CusumChart c={current} />
            </>
          );
        }}
      </Panel>
    </section>
  );
}

function CusumChart({ c }: { c: CusumIndicator }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const rows = c.points.map((p) => ({ ...p, date: new Date(p.periodStart) }));
    const signals = rows.filter((p) => p.signal);
    return {
      width: 900,
      height: 260,
      marginLeft: 56,
      x: { label: null },
      y: { label: '↑ higher than expected (CUSUM) · ↓ lower', grid: true },
      ariaLabel: `CUSUM of ${c.title} over ${rows.length} periods`,
      marks: [
        Plot.ruleY([H, -H], { stroke: '#ed8b00', strokeDasharray: '4,3' }),
        Plot.ruleY([0], { stroke: '#212b32' }),
        Plot.line(rows, { x: 'date', y: 'upper', stroke: '#005eb8' }),
        Plot.line(rows, { x: 'date', y: 'lower', stroke: '#7c2855' }),
        Plot.dot(signals, {
          x: 'date',
          y: (p: (typeof rows)[number]) => (p.signal === 'higher' ? p.upper : p.lower),
          r: 5,
          fill: '#ed8b00',
          channels: { Period: 'periodStart' },
          tip: true,
        }),
      ],
    };
  }, [c]);
  return (
    <PlotFigure
      options={options}
      caption={`${c.title}: the upper arm (blue) accumulates periods higher than expected, the lower arm (purple, drawn below zero) periods lower; dashed lines at ±${H} are the signal limits. ${c.signals.length} signal${c.signals.length === 1 ? '' : 's'} in ${c.points.length} periods.`}
    />
  );
}

/** The spread of practices' values over time: decile bands (10th–90th percentile) and the median, per period. */
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../api';
import type { Answer } from '../api/client';
import { Panel } from './Panel';
import { PlotFigure } from '../charts/PlotFigure';
import { Details } from './Details';
import { ScrollTable } from './ScrollTable';
import { Downloads } from './Downloads';

type Deciles = Answer<'/api/indicators/{code}/deciles', 'get'>;

/** A decile for reading; "—" where there is none (missing, or not a finite number). */
const f = (v: number | null | undefined) =>
  typeof v !== 'number' || !Number.isFinite(v) ? '—' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);

export function DecilesChart({ code, area }: { code: string; area: string | null }) {
  const data = useApi<Deciles>(
    `/api/indicators/${encodeURIComponent(code)}/deciles${area ? `?area=${encodeURIComponent(area)}` : ''}`,
  );
  return (
    <section aria-labelledby="deciles-heading">
      <h2 id="deciles-heading">Spread over time</h2>
      <Panel
        data={data}
        isEmpty={(d) => d.periods.length < 2}
        empty="Too few periods with 10 or more practices for a chart of the spread over time."
      >
        {(d) => (
          <>
            <Chart d={d} />
            <Downloads
              href={`/api/indicators/${encodeURIComponent(code)}/deciles/export${area ? `?area=${encodeURIComponent(area)}` : ''}`}
              what={`${d.title}, deciles of practices' values per period in ${d.area ?? 'England'}`}
            />
          </>
        )}
      </Panel>
    </section>
  );
}

function Chart({ d }: { d: Deciles }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const rows = d.periods.map((p) => ({
      date: new Date(p.periodStart),
      q: p.deciles,
      practices: p.practices,
    }));
    // bands 10–90, 20–80, 30–70, 40–60, darker towards the middle
    const bands = [0, 1, 2, 3].map((i) =>
      Plot.areaY(rows, {
        x: 'date',
        y1: (r: (typeof rows)[number]) => r.q[i],
        y2: (r: (typeof rows)[number]) => r.q[8 - i],
        fill: '#005eb8',
        fillOpacity: 0.15,
        curve: 'step-after',
      }),
    );
    return {
      width: 900,
      height: 300,
      marginLeft: 56,
      x: { label: null },
      y: { label: `↑ ${d.unit}`, grid: true },
      ariaLabel: `Deciles of ${d.title} over ${rows.length} periods`,
      marks: [
        ...bands,
        Plot.line(rows, {
          x: 'date',
          y: (r: (typeof rows)[number]) => r.q[4],
          stroke: '#212b32',
          curve: 'step-after',
        }),
      ],
    };
  }, [d]);
  const last = d.periods.at(-1)!;
  return (
    <>
      <PlotFigure
        options={options}
        caption={`${d.title}: the spread of practices' values in ${d.area ?? 'England'} per period — shaded bands from the 10th to the 90th percentile, darker towards the middle; the line is the median. Latest period (${last.periodStart.slice(0, 7)}, ${last.practices} practices): 10th percentile ${f(last.deciles[0]!)}, median ${f(last.deciles[4]!)}, 90th percentile ${f(last.deciles[8]!)}.`}
      />
      <Details summary="The deciles as a table" bodyClassName="lantern-scroll">
        <ScrollTable className="nhsuk-table nhsuk-body-s">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Practices</th>
              {d.deciles.map((q) => (
                <th scope="col" key={q}>
                  {Math.round(q * 100)}th
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.periods.map((p) => (
              <tr key={p.periodStart}>
                <td>{p.periodStart.slice(0, 7)}</td>
                <td>{p.practices}</td>
                {p.deciles.map((v, i) => (
                  <td key={i}>{f(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </Details>
    </>
  );
}

/**
 * A practice's spine chart: each indicator's latest value within the spread of every practice in England, scaled so
 * that England's median is at the centre and, where one direction is better, better is to the right. A table
 * carries the same figures.
 */
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../api';
import { Panel } from './Panel';
import { PlotFigure } from '../charts/PlotFigure';
import { ScrollTable } from './ScrollTable';

interface SpineRow {
  indicator: string;
  title: string;
  unit: string;
  direction: string;
  periodStart: string;
  value: number;
  ccgValue: number | null;
  englandValue: number | null;
  spread: { practices: number; min: number; p25: number; median: number; p75: number; max: number };
  reading: 'worse_strict' | 'worse_watch' | 'within' | 'better' | 'higher' | 'lower' | null;
  noReading: string | null;
}

const READING: Record<string, string> = {
  worse_strict: 'worse than expected (99.8%)',
  worse_watch: 'worse than expected (95%)',
  within: 'within expected variation',
  better: 'better than expected (95%)',
  higher: 'higher than expected',
  lower: 'lower than expected',
};
const COLOUR: Record<string, string> = {
  [READING.worse_strict!]: '#d5281b',
  [READING.worse_watch!]: '#ffb81c',
  [READING.within!]: '#768692',
  [READING.better!]: '#007f3b',
  [READING.higher!]: '#005eb8',
  [READING.lower!]: '#7c2855',
  'no reading': '#ffffff',
};
const f = (v: number | null) => (v === null ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));

/** Position on the spine: England's lowest at 0, median at ½, highest at 1; flipped where lower is better. */
function place(r: SpineRow, v: number): number {
  const s = r.spread;
  const pos =
    v <= s.median
      ? s.median > s.min
        ? (0.5 * (v - s.min)) / (s.median - s.min)
        : 0.5
      : s.max > s.median
        ? 0.5 + (0.5 * (v - s.median)) / (s.max - s.median)
        : 0.5;
  return r.direction === 'lower_better' ? 1 - pos : pos;
}

export function PracticeSpine({ code }: { code: string }) {
  const data = useApi<{ rows: SpineRow[] }>(`/api/practices/${encodeURIComponent(code)}/spine`);
  return (
    <section aria-labelledby="spine-heading">
      <h2 id="spine-heading">Against every practice with data: spine chart</h2>
      <Panel
        data={data}
        isEmpty={(d) => d.rows.length === 0}
        empty="No published indicator values for this practice."
      >
        {(d) => <Spine rows={d.rows} />}
      </Panel>
    </section>
  );
}

function Spine({ rows }: { rows: SpineRow[] }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const bars = rows.map((r) => {
      const a = place(r, r.spread.p25);
      const b = place(r, r.spread.p75);
      return { title: r.title, lo: Math.min(a, b), hi: Math.max(a, b) };
    });
    const marks = rows.map((r) => ({
      title: r.title,
      x: place(r, r.value),
      reading: r.reading ? READING[r.reading]! : 'no reading',
      label: `${f(r.value)} ${r.unit}`,
    }));
    const ccg = rows
      .filter((r) => r.ccgValue !== null)
      .map((r) => ({ title: r.title, x: place(r, r.ccgValue!) }));
    return {
      width: 900,
      height: 40 + rows.length * 34,
      marginLeft: 320,
      x: { domain: [0, 1], axis: null },
      y: { label: null, domain: rows.map((r) => r.title) },
      color: { domain: Object.keys(COLOUR), range: Object.values(COLOUR), legend: true },
      ariaLabel: `Spine chart of ${rows.length} indicators against every practice with data`,
      marks: [
        Plot.barX(rows, { y: 'title', x1: 0, x2: 1, fill: '#e8edee' }),
        Plot.barX(bars, { y: 'title', x1: 'lo', x2: 'hi', fill: '#aeb7bd' }),
        Plot.ruleX([0.5], { stroke: '#212b32' }),
        Plot.dot(ccg, { y: 'title', x: 'x', symbol: 'diamond', r: 5, stroke: '#212b32' }),
        Plot.dot(marks, {
          y: 'title',
          x: 'x',
          r: 7,
          fill: 'reading',
          stroke: '#212b32',
          channels: { Value: 'label' },
          tip: true,
        }),
      ],
    };
  }, [rows]);
  return (
    <>
      <PlotFigure
        options={options}
        caption="Each bar is the spread of every practice with figures for the same period (all of England where national data is loaded; the table says how many practices each covers, e.g. 65 for Manchester's prescribing): light from lowest to highest, dark from the 25th to the 75th percentile, the line at the median. Where one direction is better, better is to the right. The circle is this practice, coloured by its funnel reading; the diamond is its CCG."
      />
      <ScrollTable className="nhsuk-table nhsuk-body-s">
        <caption className="nhsuk-table__caption nhsuk-body-s">The figures in the chart</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Indicator</th>
            <th scope="col">Period</th>
            <th scope="col">Practice</th>
            <th scope="col">CCG</th>
            <th scope="col">All practices with data</th>
            <th scope="col">Their lowest, median, highest (how many)</th>
            <th scope="col">Reading</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.indicator}>
              <td>{r.title}</td>
              <td>{r.periodStart.slice(0, 7)}</td>
              <td>{f(r.value)}</td>
              <td>{f(r.ccgValue)}</td>
              <td>{f(r.englandValue)}</td>
              <td>
                {f(r.spread.min)}, {f(r.spread.median)}, {f(r.spread.max)} (
                {r.spread.practices.toLocaleString('en-GB')} practices)
              </td>
              <td>{r.reading ? READING[r.reading] : r.noReading}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </>
  );
}

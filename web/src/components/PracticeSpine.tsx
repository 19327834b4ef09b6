/**
 * A practice's spine chart: each indicator's latest value within the spread of every practice in England, scaled so
 * that England's median is at the centre and, where one direction is better, better is to the right. A table
 * carries the same figures.
 */
import { useMemo } from 'react';
import { useApi } from '../api';
import { Panel } from './Panel';
import { PlotFigure } from '../charts/PlotFigure';
import { ScrollTable } from './ScrollTable';
import {
  SPINE_CAPTION,
  SPINE_READING,
  spineFigure,
  spinePlotOptions,
  type SpineRow,
} from '../../../src/charts/spine';

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
  const options = useMemo(() => spinePlotOptions(rows), [rows]);
  return (
    <>
      <PlotFigure options={options} caption={SPINE_CAPTION} />
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
              <td>{spineFigure(r.value)}</td>
              <td>{spineFigure(r.ccgValue)}</td>
              <td>{spineFigure(r.englandValue)}</td>
              <td>
                {spineFigure(r.spread.min)}, {spineFigure(r.spread.median)}, {spineFigure(r.spread.max)} (
                {r.spread.practices.toLocaleString('en-GB')} practices)
              </td>
              <td>{r.reading ? SPINE_READING[r.reading] : r.noReading}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </>
  );
}

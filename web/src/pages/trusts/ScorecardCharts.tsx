/** The scorecard's charts: concerns over time, and A&E within 4 hours. */
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../charts/PlotFigure';
import type { Answer } from '../../api/client';
import type { Scorecard } from './ProviderScorecard';

export type Chart = NonNullable<Answer<'/api/providers/{code}/signals', 'get'>['overall']>;

export function ConcernChart({ chart, name }: { chart: Chart; name: string }) {
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

export function AeChart({ ae, name }: { ae: NonNullable<Scorecard['ae']>; name: string }) {
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

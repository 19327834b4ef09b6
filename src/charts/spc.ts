/**
 * The Making Data Count XmR chart of one practice's indicator, as Observable Plot options: one builder for the
 * practice page (web/src/components/PracticeSpc.tsx) and the practice report (drawn on the server).
 */
import * as Plot from '@observablehq/plot';
import type { PracticeSpcAnswer } from '../variation/practice-spc.js';

export type ChartedSpc = Extract<PracticeSpcAnswer, { enough: true }>;

export const CAUSE_LABEL: Record<string, string> = {
  improvement: 'special cause: improvement',
  concern: 'special cause: concern',
  neither: 'special cause (neither direction better)',
};

export function spcPlotOptions(s: ChartedSpc): Plot.PlotOptions {
  const rows = s.points.map((p) => ({
    ...p,
    date: new Date(p.period),
    kind: p.specialCause ? CAUSE_LABEL[p.specialCause] : 'common cause',
  }));
  const starts = s.segments.slice(1).map((g) => new Date(g.from));
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
    ariaLabel: `${s.title} over time with its XmR limits${starts.length ? `, recalculated ${starts.length} time${starts.length > 1 ? 's' : ''}` : ''}`,
    marks: [
      // each segment's centre and limits stand alone: the lines break at a recalculation point
      Plot.ruleX(starts, { stroke: '#aeb7bd' }),
      Plot.line(rows, { x: 'date', y: 'upper', z: 'segment', stroke: '#4c6272', strokeDasharray: '4,3' }),
      Plot.line(rows, { x: 'date', y: 'lower', z: 'segment', stroke: '#4c6272', strokeDasharray: '4,3' }),
      Plot.line(rows, { x: 'date', y: 'centre', z: 'segment', stroke: '#212b32' }),
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
}

/** The chart's caption: what it shows and how to read it. */
export function spcCaption(s: ChartedSpc): string {
  const causes = s.points.filter((p) => p.specialCause);
  return `${s.title}: ${s.points.length} periods on a Making Data Count XmR chart (dashed: natural process limits${s.segments.length > 1 ? `; ${s.segments.length} segments, each with its own limits` : ''}). ${causes.length} points show special cause. ${s.improvement === 'neither' ? 'Neither direction is better.' : `Improvement is ${s.improvement === 'increase' ? 'up' : 'down'}.`} ${s.warnings.join(' ')}`;
}

/**
 * A practice's spine chart as Observable Plot options: each indicator's latest value within the spread of every
 * practice with data, England's median at the centre and, where one direction is better, better to the right. One
 * builder for the practice page (web/src/components/PracticeSpine.tsx) and the practice report.
 */
import * as Plot from '@observablehq/plot';

export interface SpineRow {
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

export const SPINE_READING: Record<string, string> = {
  worse_strict: 'worse than expected (99.8%)',
  worse_watch: 'worse than expected (95%)',
  within: 'within expected variation',
  better: 'better than expected (95%)',
  higher: 'higher than expected',
  lower: 'lower than expected',
};
const COLOUR: Record<string, string> = {
  [SPINE_READING.worse_strict!]: '#d5281b',
  [SPINE_READING.worse_watch!]: '#ffb81c',
  [SPINE_READING.within!]: '#768692',
  [SPINE_READING.better!]: '#007f3b',
  [SPINE_READING.higher!]: '#005eb8',
  [SPINE_READING.lower!]: '#7c2855',
  'no reading': '#ffffff',
};

/** A figure as the spine shows it: one decimal from 100, else three significant figures. */
export const spineFigure = (v: number | null) =>
  v === null ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);

export const SPINE_CAPTION =
  "Each bar is the spread of every practice with figures for the same period (all of England where national data is loaded; the table says how many practices each covers, e.g. 65 for Manchester's prescribing): light from lowest to highest, dark from the 25th to the 75th percentile, the line at the median. Where one direction is better, better is to the right. The circle is this practice, coloured by its funnel reading; the diamond is its CCG.";

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

export function spinePlotOptions(rows: SpineRow[]): Plot.PlotOptions {
  const bars = rows.map((r) => {
    const a = place(r, r.spread.p25);
    const b = place(r, r.spread.p75);
    return { title: r.title, lo: Math.min(a, b), hi: Math.max(a, b) };
  });
  const marks = rows.map((r) => ({
    title: r.title,
    x: place(r, r.value),
    reading: r.reading ? SPINE_READING[r.reading]! : 'no reading',
    label: `${spineFigure(r.value)} ${r.unit}`,
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
}

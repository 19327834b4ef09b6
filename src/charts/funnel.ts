/**
 * The funnel plot of one indicator, as Observable Plot options: one builder for the funnel page
 * (web/src/pages/indicators/IndicatorFunnel.tsx) and the practice report (drawn on the server, with the practice ringed).
 */
import * as Plot from '@observablehq/plot';
import type { FunnelAnswerJson, FunnelPoints } from '../variation/funnel.js';

/** The funnel's fit and every practice as a point (the funnel points route's columns, or funnelPointsOf its rows). */
export type FunnelForChart = Pick<FunnelAnswerJson, 'curves' | 'target'> & {
  unit: string;
  casemix: unknown;
  points: FunnelPoints;
};

/** One practice's point, drawn and named in its tip. */
interface Dot {
  code: string;
  name: string;
  denominator: number | null;
  value: number | null;
  band: string;
}

/** The funnel's lines, as drawn and as its key names them: the expected value, and the limits of each level. */
export const FUNNEL_LINES = {
  expected: { label: 'Expected', stroke: '#005eb8', dashed: false },
  limits95: { label: '95% limits', stroke: '#4c6272', dashed: true },
  limits998: { label: '99.8% limits', stroke: '#212b32', dashed: false },
} as const;
/** A funnel line's stroke as Plot draws it. */
const strokeOf = (l: (typeof FUNNEL_LINES)[keyof typeof FUNNEL_LINES]) => ({
  stroke: l.stroke,
  ...(l.dashed ? { strokeDasharray: '4,3' } : {}),
});

/** Whether a practice lies beyond its limits, as the plot colours it. */
export const funnelBand = (r: { flag_95: string; flag_99_8: string }) =>
  r.flag_99_8 ? 'beyond 99.8%' : r.flag_95 ? 'beyond 95%' : 'within';

function dotsOf({ points: p }: FunnelForChart): Dot[] {
  return p.code.map((code, i) => ({
    code,
    name: p.name[i]!,
    denominator: p.denominator[i]!,
    value: p.value[i]!,
    band: funnelBand({ flag_95: p.flag_95[i]!, flag_99_8: p.flag_99_8[i]! }),
  }));
}

/**
 * The vertical scale spans the practices and the target: limits far beyond them (at the smallest denominators a
 * log-scale limit can run to 1e+90 and more) are cut at the frame instead of flattening every practice to a line.
 */
function yDomainOf(f: FunnelForChart): [number, number] | undefined {
  const ys = [f.target, ...f.points.value].filter((v): v is number => v !== null && Number.isFinite(v));
  if (ys.length === 0) return undefined;
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}

/** The limit lines, held just beyond the frame: an SVG path cannot carry coordinates of 1e+90. */
function curvesOf(f: FunnelForChart, yDomain: [number, number] | undefined) {
  if (!yDomain) return f.curves;
  const span = yDomain[1] - yDomain[0];
  const hold = (v: number | null) =>
    v === null ? null : Math.min(Math.max(v, yDomain[0] - span), yDomain[1] + span);
  return f.curves.map((c) => ({
    denominator: c.denominator,
    lower_95: hold(c.lower_95),
    upper_95: hold(c.upper_95),
    lower_99_8: hold(c.lower_99_8),
    upper_99_8: hold(c.upper_99_8),
  }));
}

const within = (v: number | null, domain: [number, number] | undefined) =>
  v !== null && (!domain || (v >= domain[0] && v <= domain[1]));

/** `highlight`: a practice to ring and name (the practice report's own practice). */
export function funnelPlotOptions(f: FunnelForChart, highlight?: string): Plot.PlotOptions {
  const yDomain = yDomainOf(f);
  const curves = curvesOf(f, yDomain);
  const last = curves.at(-1);
  const dots = dotsOf(f);
  const own = highlight ? dots.filter((d) => d.code === highlight) : [];
  return {
    width: 900,
    height: 460,
    marginLeft: 60,
    // room for the limits' names
    marginRight: 44,
    clip: true,
    // the scales stop short of the frame, so that a practice at either end is drawn whole, not cut by the clip
    inset: 10,
    x: {
      type: 'log',
      label: f.casemix ? 'Expected count (log scale) →' : 'Denominator (log scale) →',
      grid: true,
    },
    y: { label: f.casemix ? '↑ Observed ÷ expected' : `↑ ${f.unit}`, grid: true, domain: yDomain },
    color: {
      domain: ['within', 'beyond 95%', 'beyond 99.8%'],
      range: ['#768692', '#ed8b00', '#d5281b'],
      legend: true,
    },
    marks: [
      Plot.ruleY(f.target === null ? [] : [f.target], {
        ...strokeOf(FUNNEL_LINES.expected),
        strokeWidth: 1.5,
      }),
      ...(['upper_95', 'lower_95'] as const).map((y) =>
        Plot.line(curves, { x: 'denominator', y, ...strokeOf(FUNNEL_LINES.limits95) }),
      ),
      ...(['upper_99_8', 'lower_99_8'] as const).map((y) =>
        Plot.line(curves, { x: 'denominator', y, ...strokeOf(FUNNEL_LINES.limits998) }),
      ),
      // each upper limit named in the right margin, where it ends inside the frame (not clipped with the lines)
      ...(
        [
          ['upper_99_8', '99.8%'],
          ['upper_95', '95%'],
        ] as const
      ).map(([y, name]) =>
        Plot.text(last && within(last[y], yDomain) ? [last] : [], {
          x: 'denominator',
          y,
          text: () => name,
          dx: 6,
          textAnchor: 'start',
          clip: false,
        }),
      ),
      Plot.dot(dots, {
        x: 'denominator',
        y: 'value',
        r: 3.5,
        fill: 'band',
        channels: { Practice: 'name', Code: 'code' },
        tip: true,
      }),
      ...(own.length
        ? [
            Plot.dot(own, { x: 'denominator', y: 'value', r: 8, stroke: '#005eb8', strokeWidth: 2.5 }),
            Plot.text(own, { x: 'denominator', y: 'value', text: 'name', dy: -14, fontWeight: 'bold' }),
          ]
        : []),
    ],
  };
}

/**
 * One practice's indicator over time as a Making Data Count XmR chart: centre line, natural process limits,
 * special-cause points (the four rules) coloured by whether they are improvement or concern, given the
 * indicator's direction. XmR, not p or u, because practice rates over time vary for reasons beyond the binomial or
 * Poisson (NHS England's advice for indicators of this kind). A commissioner can set recalculation points (with
 * the reason): the series is split there and each segment has its own centre and limits.
 */
import type { Queryable } from '../db/connect.js';
import type { CatalogueEntry } from '../db/repos/indicators.js';
import { listSpcBaselines, type SpcBaseline } from '../db/repos/spc-baselines.js';
import { indicatorsWithSeries, practiceSeries } from '../db/repos/spc.js';
import { computeSpc, MR_SCREEN, XMR_LIMIT, type Improvement } from '../stats/spc.js';

/** How the chart is drawn and read, for the page and the API answer (docs/methods.md, SPC). */
export const SPC_METHOD =
  `XmR chart (Making Data Count): the centre is the mean and the natural process limits are the mean ± ` +
  `${XMR_LIMIT} × the mean moving range. Moving ranges of ${MR_SCREEN} × their mean or more are left out before ` +
  `the mean moving range is worked out again (NHSRplotthedots' default, screen_outliers), so that one jump does ` +
  `not widen the limits for every other period. Special causes: a point outside the limits; a trend of 7 rising ` +
  `or falling points (improvement or concern by its direction, on either side of the mean); 2 of 3 points on one ` +
  `side of the mean beyond two thirds of the way to a limit; a run of 7 on one side of the mean. From each ` +
  `recalculation point the centre, limits and rules start afresh.`;

export const MIN_SPC_POINTS = 12;

export function improvementOf(direction: string): Improvement {
  return direction === 'higher_better' ? 'increase' : direction === 'lower_better' ? 'decrease' : 'neither';
}

/**
 * The chart, its segments and its recalculation points. `mayRebase`: the viewer may set and remove them, and sees
 * who set each (others see the period and the reason only).
 */
export async function practiceSpc(
  db: Queryable,
  practice: string,
  def: CatalogueEntry,
  { mayRebase = false }: { mayRebase?: boolean } = {},
) {
  const [rows, baselines] = await Promise.all([
    practiceSeries(db, practice, def.code),
    listSpcBaselines(db, practice, def.code),
  ]);
  const periods = rows.map((r) => r.periodStart);
  // a recalculation point starts a segment at a period of the series (as NHSRplotthedots' rebase dates); one
  // whose period is no longer in the series (a revised load) is listed but splits nothing
  const listed = baselines.map(({ setBy, ...b }) => ({
    ...b,
    setBy: mayRebase ? setBy : null,
    inSeries: periods.indexOf(b.fromPeriod) > 0,
  }));
  if (rows.length < MIN_SPC_POINTS)
    return {
      indicator: def.code,
      title: def.title,
      unit: def.unit,
      method: SPC_METHOD,
      points: [],
      segments: [],
      baselines: listed,
      mayRebase,
      enough: false as const,
      minimum: MIN_SPC_POINTS,
      warnings: [] as string[],
      assurance: null,
    };
  const improvement = improvementOf(def.direction);
  const starts = listed.filter((b) => b.inSeries).map((b) => periods.indexOf(b.fromPeriod));
  const r = computeSpc({ values: rows.map((x) => x.value) }, { chart: 'xmr', improvement, rebaseAt: starts });
  const bounds = [0, ...starts, rows.length];
  const segments = bounds.slice(0, -1).map((from, k) => ({
    from: periods[from]!,
    to: periods[bounds[k + 1]! - 1]!,
    points: bounds[k + 1]! - from,
    centre: r.centre[from]!,
    lower: r.lower[from]!,
    upper: r.upper[from]!,
    /** why the limits were recalculated here (null for the first segment) */
    reason: k === 0 ? null : listed.find((b) => b.fromPeriod === periods[from])!.reason,
  }));
  return {
    indicator: def.code,
    title: def.title,
    unit: def.unit,
    chart: 'XmR (Making Data Count)',
    method: SPC_METHOD,
    improvement,
    enough: true as const,
    minimum: MIN_SPC_POINTS,
    warnings: r.warnings,
    assurance: r.assurance,
    segments,
    baselines: listed,
    mayRebase,
    points: rows.map((x, i) => ({
      period: x.periodStart,
      value: x.value,
      segment: bounds.findLastIndex((b) => b <= i),
      centre: r.centre[i],
      lower: r.lower[i],
      upper: r.upper[i],
      specialCause: r.specialCause[i],
      rules: r.rules[i],
    })),
  };
}
export type PracticeSpcAnswer = Awaited<ReturnType<typeof practiceSpc>>;
export type { SpcBaseline };

/** The practice's indicators with enough periods for a chart. */
export function spcIndicators(db: Queryable, practice: string): Promise<string[]> {
  return indicatorsWithSeries(db, practice, MIN_SPC_POINTS);
}

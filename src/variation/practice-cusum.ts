/**
 * CUSUM for sustained shifts, per practice and indicator: the tabular CUSUM (k = ½, h = 5) of the practice's
 * overdispersion-adjusted funnel z-scores, period by period, against the stored funnels (`lantern compute`). Each
 * period's z already allows for the practice's size and for the variation between practices, so a run of modest
 * excesses that no single funnel flags still accumulates. With k = ½ and h = 5 each arm signals by chance about once
 * in 938 periods (Siegmund's approximation; ≈ 465 for either arm, as Montgomery's Table 9.3), and detects a shift of
 * one standard deviation after about 10 periods.
 */
import type { Queryable } from '../db/connect.js';
import { CUSUM_START, normalCusum, normalCusumArl, type CusumCarry } from '../stats/cusum.js';
import { practiceFigures, type SeriesPoint } from './stored-results.js';

export const CUSUM_K = 0.5;
export const CUSUM_H = 5;
/** fewer periods than this and a CUSUM says little */
export const MIN_CUSUM_PERIODS = 6;

export const CUSUM_METHOD = `Tabular CUSUM of each period’s overdispersion-adjusted funnel z-score (k = ${CUSUM_K}, h = ${CUSUM_H}; restarts after a signal). By chance each arm signals about once in ${Math.round(normalCusumArl(CUSUM_K, CUSUM_H))} periods; a sustained shift of one standard deviation is detected after about ${normalCusumArl(CUSUM_K, CUSUM_H, 1).toFixed(0)}.`;

/** A period of a practice's CUSUM: its z-score point, both arms' sums after it, and the arm that signalled there. */
export interface CusumPoint extends SeriesPoint {
  upper: number;
  lower: number;
  signal: 'higher' | 'lower' | null;
}

export interface CusumSeries {
  indicator: string;
  points: CusumPoint[];
}

/** Run the CUSUM over one series of z-scores (in period order). */
export function cusumSeries(indicator: string, rows: SeriesPoint[]): CusumSeries {
  const c = runCusum(rows);
  return { indicator, points: rows.map((r, i) => pointOf(r, c, i)) };
}

/**
 * The last point of cusumSeries(rows) alone: building every point to keep one was most of the alerts' CUSUM cost.
 */
export function lastCusumPoint(rows: SeriesPoint[]): CusumPoint {
  return runOn(rows).last;
}

/**
 * The last point of the CUSUM run on over `rows` from the sums an earlier part of the series carried (default: from
 * zero, the whole series), and the sums it carries out: the alerts keep both between runs (cusum-state.ts).
 */
export function runOn(
  rows: SeriesPoint[],
  from: CusumCarry = CUSUM_START,
): { last: CusumPoint; carry: CusumCarry } {
  const c = runCusum(rows, from);
  return { last: pointOf(rows.at(-1)!, c, rows.length - 1), carry: c.carry };
}

const runCusum = (rows: SeriesPoint[], from: CusumCarry = CUSUM_START) =>
  normalCusum(
    rows.map((r) => r.z),
    CUSUM_K,
    CUSUM_H,
    from,
  );

function pointOf(r: SeriesPoint, c: ReturnType<typeof normalCusum>, i: number): CusumPoint {
  return {
    ...r,
    upper: c.high[i]!,
    lower: c.low[i]!,
    signal: c.signalHigh[i] ? 'higher' : c.signalLow[i] ? 'lower' : null,
  };
}

/** The practice's CUSUM for each indicator with stored funnels over enough periods. */
export async function practiceCusum(db: Queryable, practice: string): Promise<CusumSeries[]> {
  const by = new Map<string, SeriesPoint[]>();
  for (const { indicator, periodStart, figures: f } of await practiceFigures(db, practice))
    (by.get(indicator) ?? by.set(indicator, []).get(indicator)!).push({
      periodStart,
      value: f.value,
      expected: f.expected,
      z: f.z_adjusted,
    });
  return [...by]
    .filter(([, list]) => list.length >= MIN_CUSUM_PERIODS)
    .map(([indicator, list]) => cusumSeries(indicator, list));
}

/**
 * Every practice's CUSUM at its last point, for one indicator, kept between runs of the alerts (cusum_states). The
 * sums are run on from where the last run left them when the periods it ran through are still fitted as they were
 * (the same periods, each at the same change number, as the start of the current ones): only the new periods'
 * counts are read. Otherwise (a period's counts changed, a fit went, the CUSUM's parameters changed) the whole series
 * is read and run again. Either way the last points are those of lastCusumPoint over the whole series.
 */
import type { Queryable } from '../db/connect.js';
import { readCusumState, writeCusumState, type CusumStateRow } from '../db/repos/cusum-states.js';
import { CUSUM_H, CUSUM_K, runOn } from './practice-cusum.js';
import { practiceSeries, type FittedPeriod } from './stored-results.js';

const METHOD = `tabular k=${CUSUM_K} h=${CUSUM_H}`;

/** A practice's CUSUM so far: its points, the last one's period, the sums carried out of it and that point. */
export interface PracticeCusumState {
  points: number;
  lastStart: string;
  carry: { high: number; low: number };
  upper: number;
  lower: number;
  signal: 'higher' | 'lower' | null;
}

export interface IndicatorCusum {
  practices: Map<string, PracticeCusumState>;
  /** how many periods' counts this run read: the new ones, or every fitted period when it ran again from the start */
  periodsRead: number;
}

/** Whether the stored sums ran through the first periods of `fitted`, each as it is fitted now. */
function runsOnFrom(s: CusumStateRow | null, fitted: FittedPeriod[]): s is CusumStateRow {
  return (
    s !== null &&
    s.method === METHOD &&
    s.periodStarts.length <= fitted.length &&
    s.periodStarts.every((p, i) => p === fitted[i]!.periodStart && s.changes[i] === fitted[i]!.change)
  );
}

function practicesOf(s: CusumStateRow): Map<string, PracticeCusumState> {
  return new Map(
    s.practices.map((code, i) => [
      code,
      {
        points: s.points[i]!,
        lastStart: s.lastStarts[i]!,
        carry: { high: s.carryHigh[i]!, low: s.carryLow[i]! },
        upper: s.lastUpper[i]!,
        lower: s.lastLower[i]!,
        signal: (s.lastSignals[i] || null) as PracticeCusumState['signal'],
      },
    ]),
  );
}

/** The indicator's CUSUM through its fitted periods (oldest first), run on from the stored sums where they hold. */
export async function indicatorCusum(
  db: Queryable,
  indicator: string,
  fitted: FittedPeriod[],
): Promise<IndicatorCusum> {
  const stored = await readCusumState(db, indicator);
  const carried = runsOnFrom(stored, fitted);
  const practices = carried ? practicesOf(stored) : new Map<string, PracticeCusumState>();
  const fresh = fitted.slice(carried ? stored.periodStarts.length : 0).map((f) => f.periodStart);
  if (fresh.length === 0) return { practices, periodsRead: 0 };
  for (const [code, series] of await practiceSeries(db, indicator, fresh)) {
    const was = practices.get(code);
    const { last, carry } = runOn(series, was?.carry);
    practices.set(code, {
      points: (was?.points ?? 0) + series.length,
      lastStart: last.periodStart,
      carry,
      upper: last.upper,
      lower: last.lower,
      signal: last.signal,
    });
  }
  const all = [...practices];
  await writeCusumState(db, {
    indicator,
    method: METHOD,
    periodStarts: fitted.map((f) => f.periodStart),
    changes: fitted.map((f) => f.change),
    practices: all.map(([code]) => code),
    points: all.map(([, p]) => p.points),
    lastStarts: all.map(([, p]) => p.lastStart),
    carryHigh: all.map(([, p]) => p.carry.high),
    carryLow: all.map(([, p]) => p.carry.low),
    lastUpper: all.map(([, p]) => p.upper),
    lastLower: all.map(([, p]) => p.lower),
    lastSignals: all.map(([, p]) => p.signal ?? ''),
  });
  return { practices, periodsRead: fresh.length };
}

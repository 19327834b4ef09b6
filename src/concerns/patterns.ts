/**
 * Patterns of concern, so that no case is judged alone. Three methods, each with a stated false-alarm rate:
 *
 * - Clusters: for each provider × category, a 21-day window is tested every day. It signals when its count is
 *   improbable under the rate of the year before the window (Poisson, baseline rate (n + 0.5)/days, one-sided
 *   p < α = 0.005) and the concerns come from at least 3 practices. Under no change a window signals with
 *   probability at most α. Signalling days less than a window apart form one signal, linked to every concern in its signalling windows.
 * - SPC: a u-chart of monthly concerns per 1,000 activity (or a c-chart when activity is unknown), Making Data
 *   Count limits; a rise is a month above the upper 3σ limit. Its false-alarm rate is the exact Poisson chance of
 *   exceeding that limit at the centre line, stated with each chart. With few concerns a month that chance is
 *   large (the Poisson is skewed), so a chart signals only when it is at most 1% a month; it is drawn regardless.
 * - CUSUM: Poisson CUSUM for a doubling of the rate against the first 12 months' rate, h set for an in-control
 *   average run length of 120 months (false-alarm rate 1/120 per month).
 */
import { computeSpc } from '../stats/spc.js';
import { poissonCusum, solvePoissonCusumH } from '../stats/cusum.js';
import { ppois } from '../stats/distributions.js';

export interface PatternConcern {
  id: number;
  providerCode: string;
  categoryId: string;
  practiceCode: string;
  eventDate: string;
}

export const CLUSTER_RULE = {
  windowDays: 21,
  baselineDays: 365,
  minBaselineDays: 90,
  minPractices: 3,
  alpha: 0.005,
};
export type ClusterRule = typeof CLUSTER_RULE;

export interface ClusterSignal {
  method: 'cluster';
  providerCode: string;
  categoryId: string;
  /** from the first signalling window's start to the last signalling day */
  from: string;
  to: string;
  firstSignalled: string;
  count: number;
  practices: number;
  expected: number;
  p: number;
  concernIds: number[];
}

const DAY = 86_400_000;
const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** One-sided Poisson p-value P(X ≥ k). */
const upperTail = (k: number, mean: number) => (k <= 0 ? 1 : 1 - ppois(k - 1, mean));

/**
 * Clusters among concerns dated from `dataStart` (the first day data were collected), testing windows that end
 * on each day from `from` to `to`.
 */
export function findClusters(
  concerns: readonly PatternConcern[],
  span: { dataStart: string; from: string; to: string },
  rule: ClusterRule = CLUSTER_RULE,
): { signals: ClusterSignal[]; windowsTested: number; windowsSignalling: number } {
  const groups = new Map<string, PatternConcern[]>();
  for (const c of concerns) {
    const key = `${c.providerCode}|${c.categoryId}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
  }
  const start = dayNumber(span.dataStart);
  const first = dayNumber(span.from);
  const last = dayNumber(span.to);
  const signals: ClusterSignal[] = [];
  let windowsTested = 0;
  let windowsSignalling = 0;
  for (const list of groups.values()) {
    const items = list.map((c) => ({ c, day: dayNumber(c.eventDate) })).sort((a, b) => a.day - b.day);
    // An episode: signalling days less than a window apart; it links to every concern in any of its signalling windows.
    let episode: { first: number; last: number; best: { p: number; expected: number } } | null = null;
    const close = () => {
      if (!episode) return;
      const { first: e0, last: e1, best } = episode;
      const linked = items.filter((x) => x.day > e0 - rule.windowDays && x.day <= e1);
      signals.push({
        method: 'cluster',
        providerCode: list[0].providerCode,
        categoryId: list[0].categoryId,
        from: dateOf(e0 - rule.windowDays + 1),
        to: dateOf(e1),
        firstSignalled: dateOf(e0),
        count: linked.length,
        practices: new Set(linked.map((x) => x.c.practiceCode)).size,
        expected: best.expected,
        p: best.p,
        concernIds: linked.map((x) => x.c.id).sort((a, b) => a - b),
      });
      episode = null;
    };
    for (let d = first; d <= last; d++) {
      const baseline = baselineOf(items, d, start, rule);
      if (!baseline) continue;
      windowsTested++;
      const inWindow = items.filter((x) => x.day > d - rule.windowDays && x.day <= d);
      const practices = new Set(inWindow.map((x) => x.c.practiceCode)).size;
      const p = upperTail(inWindow.length, baseline.expected);
      const signal = practices >= rule.minPractices && p < rule.alpha;
      if (signal) {
        windowsSignalling++;
        if (!episode) episode = { first: d, last: d, best: { p, expected: baseline.expected } };
        episode.last = d;
        if (p < episode.best.p) episode.best = { p, expected: baseline.expected };
      } else if (episode && d - episode.last >= rule.windowDays) close();
    }
    close();
  }
  return { signals, windowsTested, windowsSignalling };
}

/** The expected count in the window ending `end`, from the year before it; null with under 90 days of history. */
function baselineOf(items: Array<{ day: number }>, end: number, dataStart: number, rule: ClusterRule) {
  const windowStart = end - rule.windowDays + 1;
  const baseFrom = Math.max(dataStart, windowStart - rule.baselineDays);
  const days = windowStart - baseFrom;
  if (days < rule.minBaselineDays) return null;
  let n = 0;
  for (const x of items) if (x.day >= baseFrom && x.day < windowStart) n++;
  return { expected: ((n + 0.5) / days) * rule.windowDays, days, n };
}

// ---------------------------------------------------------------- monthly SPC and CUSUM

/** A chart whose limit would be crossed more often than this by chance draws but does not signal. */
export const SPC_MAX_FALSE_ALARM = 0.01;

export const CUSUM_RULE = { ratio: 2, targetArl: 120, baselineMonths: 12 };

export interface MonthlySeries {
  months: string[];
  counts: number[];
  /** activity per month (thousands), or null for a c-chart of counts */
  exposure: number | null;
}

export interface MonthlyAnalysis {
  chart: 'u' | 'c';
  months: string[];
  counts: number[];
  rate: number[];
  centre: number[];
  upper: number[];
  lower: number[];
  specialCause: Array<string | null>;
  /** months above the upper limit: the SPC rise signals */
  above: number[];
  /** the exact chance a month exceeds the upper limit when nothing has changed */
  falseAlarmPerMonth: number;
  cusum: { high: number[]; h: number; signals: number[]; expected: number[]; runStart: number[] };
}

const limits = new Map<number, number>();
/** h for the CUSUM rule at this expected count per month (solving takes a few hundred ms, so it is kept). */
function cusumLimit(perMonth: number): number {
  let h = limits.get(perMonth);
  if (h === undefined)
    limits.set(perMonth, (h = solvePoissonCusumH(perMonth, CUSUM_RULE.ratio, CUSUM_RULE.targetArl)));
  return h;
}

export function analyseMonthly(s: MonthlySeries): MonthlyAnalysis | null {
  const n = s.months.length;
  if (n < 2 || s.counts.reduce((a, b) => a + b, 0) === 0) return null;
  const e = s.exposure ?? 1;
  const spc = computeSpc(
    { numerator: s.counts, denominator: s.counts.map(() => e) },
    { chart: 'u', improvement: 'decrease' },
  );
  const above: number[] = [];
  const centre = spc.centre[n - 1];
  const upperCount = spc.upper[n - 1] * e;
  const falseAlarmPerMonth = 1 - ppois(Math.floor(upperCount), centre * e);
  if (falseAlarmPerMonth <= SPC_MAX_FALSE_ALARM)
    for (let i = 0; i < n; i++) if (spc.value[i] > spc.upper[i]) above.push(i);

  const base = Math.min(CUSUM_RULE.baselineMonths, n);
  const baseCount = s.counts.slice(0, base).reduce((a, b) => a + b, 0);
  const perMonth = Math.max(baseCount, 0.5) / base;
  const expected = s.counts.map(() => perMonth);
  const h = cusumLimit(perMonth);
  const cu = poissonCusum(s.counts, expected, CUSUM_RULE.ratio, h);
  const signals: number[] = [];
  const runStart: number[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && cu.high[i - 1] === 0) start = i;
    if (cu.signalHigh[i]) {
      signals.push(i);
      runStart.push(start);
      start = i + 1;
    }
  }
  return {
    chart: s.exposure === null ? 'c' : 'u',
    months: s.months,
    counts: s.counts,
    rate: [...spc.value],
    centre: [...spc.centre],
    upper: [...spc.upper],
    lower: [...spc.lower],
    specialCause: spc.specialCause.map((x) => x ?? null),
    above,
    falseAlarmPerMonth,
    cusum: { high: [...cu.high], h, signals, expected, runStart },
  };
}

/** The months (YYYY-MM) of the `count` complete months before `day`. */
export function monthsBefore(day: string, count: number): string[] {
  const [y, m] = day.split('-').map(Number);
  const out: string[] = [];
  for (let i = count; i >= 1; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

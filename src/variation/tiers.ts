/**
 * Tiers for many practices at once. For each adopted indicator: its counts pooled over the periods of the rule's
 * window (evidence accumulates across them), compared with every practice in England on the same comparison the
 * funnel page draws (adjusted for case mix where the model suits the indicator, crude otherwise, the crude
 * reading kept beside); a one-sided p-value that the practice is worse; one Benjamini–Hochberg adjustment over
 * the judged results of the same periods; then each practice's decision by the rule set. Pure: no I/O.
 */
import { isBetter, isWorse } from './direction.js';
import { adjustPValues } from '../stats/fdr.js';
import { pnorm } from '../stats/distributions.js';
import type { Covariate } from './casemix.js';
import {
  comparePractices,
  casemixUnsuitable,
  poolPeriods,
  VariationError,
  type Comparison,
} from './comparison.js';
import { funnelTypeFor, type FunnelRow, type InputRow } from './funnel.js';
import { decideTier, type IndicatorResult, type RuleSet, type TierDecision } from './rules.js';

export interface IndicatorInput {
  code: string;
  method: string;
  multiplier: number;
  direction: 'higher_better' | 'lower_better' | 'neither' | string;
  numeratorKind: 'events' | 'continuous';
  /** the behaviour measured (the code itself when it has no family) */
  family: string;
  /** newest first: the periods with counts (as the funnel page offers them), each with its practice rows */
  periods: Array<{ periodStart: string; periodEnd: string; rows: InputRow[] }>;
  /** case-mix facts as at each period's end (only the periods that end a window are needed) */
  covariates?: Map<string, Covariate[]>;
}

export interface Evaluation {
  decisions: Map<string, TierDecision & { name: string; ccg: string | null; icb: string | null }>;
  /** each practice's decision on the window ending one period earlier: the movement an overview shows */
  previous: Map<string, TierDecision>;
  /** every practice's results for every adopted indicator: [0] the latest window, [1] the one a period earlier */
  results: Map<string, IndicatorResult[][]>;
  /** indicators the rule set names but that cannot be judged (no direction, an amount, no data, stale) */
  skipped: Array<{ indicator: string; why: string }>;
}

/** The first day of the month `months` before the day after `end` (YYYY-MM-DD): where a window of months starts. */
export function windowStartFor(end: string, months: number): string {
  const d = new Date(`${end}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/** The periods (newest first, from `from`) that start within `months` before the end of periods[from]. */
export function windowPeriods<P extends { periodStart: string; periodEnd: string }>(
  periods: P[],
  from: number,
  months: number,
): P[] {
  const latest = periods[from];
  if (!latest) return [];
  const start = windowStartFor(latest.periodEnd, months);
  const out = [latest];
  for (const p of periods.slice(from + 1)) {
    if (p.periodStart < start) break;
    out.push(p);
  }
  return out;
}

const monthsBetween = (a: string, b: string) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** The comparison a rule set asks for, on one window of one indicator; falls back to crude with the reason. */
function compareForTiers(
  rules: RuleSet,
  ind: IndicatorInput,
  rows: InputRow[],
  covariates: Covariate[] | null,
): { main: Comparison; crude: Comparison | null; adjustment: 'casemix' | 'none'; note: string } | null {
  const crude = comparePractices(ind, rows, { basis: () => true, adjust: 'none', covariates: null });
  if (!crude) return null;
  if (rules.adjustment === 'none')
    return {
      main: crude,
      crude: null,
      adjustment: 'none',
      note: 'compared crude: the rule set does not adjust',
    };
  const why = casemixUnsuitable(ind, rows, covariates);
  if (why) return { main: crude, crude: null, adjustment: 'none', note: why };
  try {
    const adjusted = comparePractices(ind, rows, { basis: () => true, adjust: 'casemix', covariates });
    if (!adjusted)
      return {
        main: crude,
        crude: null,
        adjustment: 'none',
        note: 'too few practices with case-mix facts: compared crude',
      };
    const m = adjusted.casemix!;
    return {
      main: adjusted,
      crude,
      adjustment: 'casemix',
      note: `adjusted for ${m.adjustedFor.join(', ')} (the model explains ${(m.devianceExplained * 100).toFixed(0)}% of the deviance across ${m.practices} practices)`,
    };
  } catch (e) {
    if (e instanceof VariationError)
      return { main: crude, crude: null, adjustment: 'none', note: `compared crude: ${e.message}` };
    throw e;
  }
}

export function evaluateTiers(rules: RuleSet, inputs: IndicatorInput[]): Evaluation {
  const steps = tierSteps(rules, inputs);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * The same evaluation, giving way to the event loop between one indicator's window and the next once a slice of
 * `sliceMs` has passed: a national evaluation is seconds of work (200 windows of 6,500 practices at 100 indicators),
 * and a serving process makes it while it answers other pages, which would otherwise wait for all of it.
 */
export async function evaluateTiersInSlices(
  rules: RuleSet,
  inputs: IndicatorInput[],
  {
    sliceMs = 20,
    giveWay = () => new Promise<void>((resolve) => setImmediate(resolve)),
  }: { sliceMs?: number; giveWay?: () => Promise<void> } = {},
): Promise<Evaluation> {
  const steps = tierSteps(rules, inputs);
  let since = performance.now();
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    if (performance.now() - since >= sliceMs) {
      await giveWay();
      since = performance.now();
    }
  }
}

/** The evaluation, yielding after each indicator's window is compared and each false-discovery family adjusted. */
function* tierSteps(rules: RuleSet, inputs: IndicatorInput[]): Generator<void, Evaluation> {
  const skipped: Evaluation['skipped'] = [];
  const results: Array<Array<{ practice: string; result: IndicatorResult }>> = [[], []];
  const who = new Map<string, { name: string; ccg: string | null; icb: string | null }>();
  const judgeable = inputs.filter((ind) => {
    if (ind.direction !== 'higher_better' && ind.direction !== 'lower_better') {
      skipped.push({
        indicator: ind.code,
        why: 'neither higher nor lower is better, so it cannot count for or against a practice',
      });
      return false;
    }
    const type = funnelTypeFor(ind);
    if (type === 'continuous') {
      skipped.push({
        indicator: ind.code,
        why: 'an amount (£ or staff), not a count of events: shown as context, never tier evidence',
      });
      return false;
    }
    if (!type) {
      skipped.push({ indicator: ind.code, why: 'a value without counts: no funnel can be fitted' });
      return false;
    }
    if (ind.periods.length === 0) {
      skipped.push({ indicator: ind.code, why: 'no counts for at least 3 practices in any period' });
      return false;
    }
    return true;
  });
  const newest = judgeable
    .map((i) => i.periods[0]!.periodEnd)
    .sort()
    .at(-1);
  for (const ind of judgeable) {
    const latestEnd = ind.periods[0]!.periodEnd;
    const stale = newest && monthsBetween(latestEnd, newest) > rules.maxAgeMonths;
    if (stale)
      skipped.push({
        indicator: ind.code,
        why: `stale: its latest figures end ${latestEnd.slice(0, 7)}, more than ${rules.maxAgeMonths} months before the newest adopted figures (${newest.slice(0, 7)}); shown, not judged`,
      });
    for (const rank of [0, 1]) {
      const win = windowPeriods(ind.periods, rank, rules.windowMonths);
      if (win.length === 0) continue;
      const rows = poolPeriods(win.map((p) => p.rows));
      const compared = compareForTiers(rules, ind, rows, ind.covariates?.get(win[0]!.periodEnd) ?? null);
      yield;
      if (!compared) continue;
      const crudeRows = new Map(compared.crude?.fit.rows.map((r) => [r.code, r]));
      for (const r of compared.main.fit.rows) {
        who.set(r.code, { name: r.name, ccg: r.ccg, icb: r.icb });
        const crude = crudeRows.get(r.code);
        const result = resultOf(rules, ind, r, compared.main.fit.type === 'proportion', {
          periodStart: win[0]!.periodStart,
          windowStart: win.at(-1)!.periodStart,
          periods: win.length,
          adjustment: compared.adjustment,
          adjustmentNote: compared.note,
          crude: crude
            ? {
                value: crude.value,
                expected: crude.expected,
                zAdjusted: crude.z_adjusted,
                flag95: crude.flag_95,
                flag998: crude.flag_99_8,
              }
            : null,
          stale: stale ? `stale: the latest figures end ${latestEnd.slice(0, 7)}` : null,
        });
        results[rank]!.push({ practice: r.code, result });
      }
    }
  }
  // one false-discovery family per set of pooled periods (results of the same months), per window rank
  for (const rank of results) {
    const families = new Map<string, IndicatorResult[]>();
    for (const { result: r } of rank)
      if (r.judged && Number.isFinite(r.p)) {
        const key = `${r.windowStart}/${r.periodStart}`;
        const fam = families.get(key);
        // appended in place: copying the family at each result made this quadratic (minutes at national scale)
        if (fam) fam.push(r);
        else families.set(key, [r]);
      }
    for (const fam of families.values()) {
      const q = adjustPValues(fam.map((r) => r.p)).bh;
      fam.forEach((r, i) => (r.q = q[i]!));
      yield;
    }
  }
  const byPractice = new Map<string, IndicatorResult[][]>();
  results.forEach((rank, k) =>
    rank.forEach(({ practice, result }) => {
      if (!byPractice.has(practice)) byPractice.set(practice, [[], []]);
      byPractice.get(practice)![k]!.push(result);
    }),
  );
  const decisions: Evaluation['decisions'] = new Map();
  const previous: Evaluation['previous'] = new Map();
  for (const [practice, [now = [], before = []]] of byPractice) {
    if (now.length === 0) continue; // not in the latest periods: no current tier
    decisions.set(practice, { ...decideTier(rules, now), ...who.get(practice)! });
    if (before.length > 0) previous.set(practice, decideTier(rules, before));
  }
  return { decisions, previous, results: byPractice, skipped };
}

/**
 * One practice's row of the comparison as tier evidence: sized, signed and tested in the bad direction. Made as one
 * literal with every field, so every result has one shape (not spread, nor assigned to afterwards): a national
 * evaluation, kept for its data version, holds 1.3 million of them, some 430 bytes each.
 */
function resultOf(
  rules: RuleSet,
  ind: IndicatorInput,
  r: FunnelRow,
  proportion: boolean,
  w: Pick<
    IndicatorResult,
    'periodStart' | 'windowStart' | 'periods' | 'adjustment' | 'adjustmentNote' | 'crude'
  > & {
    /** why the indicator is not judged whatever the practice's size (its figures are stale), or null */
    stale: string | null;
  },
): IndicatorResult {
  const expectedEvents = proportion
    ? Math.min(r.expected_events, r.denominator - r.expected_events)
    : r.expected_events;
  const small = !(expectedEvents >= rules.minExpectedEvents);
  // worse is high when lower is better: p = P(Z ≥ z); else P(Z ≤ z)
  const p = ind.direction === 'lower_better' ? pnorm(-r.z_adjusted) : pnorm(r.z_adjusted);
  return {
    indicator: ind.code,
    family: ind.family,
    periodStart: w.periodStart,
    windowStart: w.windowStart,
    periods: w.periods,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.value,
    expected: r.expected,
    expectedEvents,
    lowerWatch: r.lower_95,
    upperWatch: r.upper_95,
    lowerStrict: r.lower_99_8,
    upperStrict: r.upper_99_8,
    zAdjusted: r.z_adjusted,
    p: Number.isNaN(r.z_adjusted) ? NaN : p,
    q: NaN,
    judged: !small && w.stale === null,
    notJudged:
      w.stale ??
      (small
        ? `expected ${Number.isFinite(expectedEvents) ? expectedEvents.toFixed(1) : 'no'} events over the pooled periods, fewer than the ${rules.minExpectedEvents} the rule needs to judge (kept in the comparison)`
        : null),
    adjustment: w.adjustment,
    adjustmentNote: w.adjustmentNote,
    crude: w.crude,
    worseWatch: isWorse(ind.direction, r.flag_95),
    worseStrict: isWorse(ind.direction, r.flag_99_8),
    better: isBetter(ind.direction, r.flag_95),
  };
}

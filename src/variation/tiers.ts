/**
 * Tiers for many practices at once: for each adopted indicator, its latest periods, each fitted as a funnel over
 * all practices in England (with overdispersion); one Benjamini–Hochberg adjustment over every practice ×
 * indicator test in the same period rank; then each practice's decision by the rule set. Pure: no I/O.
 */
import { isBetter, isWorse } from './direction.js';
import { adjustPValues } from '../stats/fdr.js';
import { fitFunnel, type InputRow } from './funnel.js';
import { decideTier, type IndicatorResult, type RuleSet, type TierDecision } from './rules.js';

export interface IndicatorInput {
  code: string;
  method: string;
  multiplier: number;
  direction: 'higher_better' | 'lower_better' | 'neither' | string;
  /** newest first: each period's practice rows */
  periods: Array<{
    periodStart: string;
    rows: InputRow[];
  }>;
}

export interface Evaluation {
  decisions: Map<string, TierDecision & { name: string; ccg: string | null; icb: string | null }>;
  /**
   * each practice's decision one period earlier (its results from the second-latest period back), where the
   * inputs hold one period more than the rule needs: the movement an overview shows
   */
  previous: Map<string, TierDecision>;
  /** every practice's results for every adopted indicator, by period rank (0 = latest) */
  results: Map<string, IndicatorResult[][]>;
  /** indicators the rule set names but that cannot be judged (no direction, no funnel, or no data) */
  skipped: Array<{ indicator: string; why: string }>;
}

export function evaluateTiers(rules: RuleSet, inputs: IndicatorInput[]): Evaluation {
  const skipped: Evaluation['skipped'] = [];
  // results[k] = every practice × indicator result in each indicator's k-th latest period
  const results: Array<Array<IndicatorResult & { practice: string }>> = [];
  const who = new Map<string, { name: string; ccg: string | null; icb: string | null }>();
  for (const ind of inputs) {
    if (ind.direction !== 'higher_better' && ind.direction !== 'lower_better') {
      skipped.push({
        indicator: ind.code,
        why: 'neither higher nor lower is better, so it cannot count for or against a practice',
      });
      continue;
    }
    if (ind.periods.length === 0) skipped.push({ indicator: ind.code, why: 'no values loaded' });
    ind.periods.slice(0, rules.consecutivePeriods + 1).forEach((period, k) => {
      const rows = period.rows.filter((r) => r.denominator !== null && r.denominator >= rules.minDenominator);
      const fit = fitFunnel(ind, rows);
      if (!fit) {
        if (k === 0)
          skipped.push({
            indicator: ind.code,
            why: 'no funnel can be fitted (needs counts for at least 3 practices)',
          });
        return;
      }
      results[k] ??= [];
      for (const r of fit.rows) {
        who.set(r.code, { name: r.name, ccg: r.ccg, icb: r.icb });
        results[k]!.push({
          practice: r.code,
          indicator: ind.code,
          periodStart: period.periodStart,
          numerator: r.numerator,
          denominator: r.denominator,
          value: r.value,
          expected: r.expected,
          lowerWatch: r.lower_95,
          upperWatch: r.upper_95,
          lowerStrict: r.lower_99_8,
          upperStrict: r.upper_99_8,
          zAdjusted: r.z_adjusted,
          p: r.p,
          q: NaN,
          worseWatch: isWorse(ind.direction, r.flag_95),
          worseStrict: isWorse(ind.direction, r.flag_99_8),
          better: isBetter(ind.direction, r.flag_95),
        });
      }
    });
  }
  for (const rank of results) {
    if (!rank) continue;
    const q = adjustPValues(rank.map((r) => r.p)).bh;
    rank.forEach((r, i) => (r.q = q[i]!));
  }
  const byPractice = new Map<string, IndicatorResult[][]>();
  results.forEach((rank, k) => {
    for (const { practice, ...r } of rank ?? []) {
      if (!byPractice.has(practice)) byPractice.set(practice, []);
      const periods = byPractice.get(practice)!;
      (periods[k] ??= []).push(r);
    }
  });
  const decisions: Evaluation['decisions'] = new Map();
  const previous: Evaluation['previous'] = new Map();
  for (const [practice, periods] of byPractice) {
    const filled = Array.from({ length: periods.length }, (_, k) => periods[k] ?? []);
    byPractice.set(practice, filled);
    decisions.set(practice, {
      ...decideTier(rules, filled.slice(0, rules.consecutivePeriods)),
      ...who.get(practice)!,
    });
    if (filled.length > 1) previous.set(practice, decideTier(rules, filled.slice(1)));
  }
  return { decisions, previous, results: byPractice, skipped };
}

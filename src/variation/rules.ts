/**
 * Tier rules: an explicit, versioned rule set, written out in plain English exactly as it is applied.
 * A tier is about a practice's results, never about an individual clinician.
 */
import { z } from 'zod';

export const TIERS = ['doing_well', 'could_do_better', 'below_the_line'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_LABEL: Record<Tier, string> = {
  doing_well: 'Doing well or improving',
  could_do_better: 'Could do better: share the data',
  below_the_line: 'Below the line: offer support, then escalate',
};

export const RuleSet = z.object({
  version: z.number().int().positive(),
  /** the adopted indicators the tiers look at */
  indicators: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1),
  /** "below the line": limits this wide (after overdispersion) … (the funnels are fitted at 95% and 99.8%) */
  strictLevel: z.literal(0.998),
  /** … with a false-discovery q-value below this … */
  qBelow: z.number().gt(0).lte(0.5),
  /** … on at least this many indicators … */
  minIndicators: z.number().int().min(1),
  /** … in each of this many consecutive periods (the persistence requirement) */
  consecutivePeriods: z.number().int().min(1).max(12),
  /** "could do better": worse than these limits on at least one indicator in the latest period */
  watchLevel: z.literal(0.95),
  /** practices with fewer events than this in the denominator's period are not judged on that indicator */
  minDenominator: z.number().min(0),
});
export type RuleSet = z.infer<typeof RuleSet>;

export const DEFAULT_RULES: Omit<RuleSet, 'version' | 'indicators'> = {
  strictLevel: 0.998,
  qBelow: 0.05,
  minIndicators: 2,
  consecutivePeriods: 2,
  watchLevel: 0.95,
  minDenominator: 30,
};

const pct = (l: number) => `${+(l * 100).toFixed(1)}%`;

/** The rule set in plain English, one sentence per tier, as shown on screen. */
export function describeRules(
  r: RuleSet,
  titles: Record<string, string> = {},
): { tier: Tier; text: string }[] {
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return [
    {
      tier: 'below_the_line',
      text: `Below the line: at least ${n(r.minIndicators, 'adopted indicator')} worse than expected beyond the ${pct(r.strictLevel)} limits after allowing for overdispersion, with a false-discovery q-value below ${r.qBelow}, in each of the ${n(r.consecutivePeriods, 'latest consecutive period')}.`,
    },
    {
      tier: 'could_do_better',
      text: `Could do better: not below the line, and at least one adopted indicator worse than expected beyond the ${pct(r.watchLevel)} limits in the latest period.`,
    },
    {
      tier: 'doing_well',
      text: 'Doing well or improving: every other practice.',
    },
    {
      tier: 'doing_well',
      text: `Adopted indicators (rule set version ${r.version}): ${r.indicators.map((c) => titles[c] ?? c).join('; ')}. Practices with a denominator under ${r.minDenominator} in a period are not judged on that indicator for that period. Each practice is compared with every practice that has figures for the same period (all of England when national data is loaded).`,
    },
  ];
}

/** One indicator's funnel result for one practice and period: the evidence a tier rests on. */
export interface IndicatorResult {
  indicator: string;
  periodStart: string;
  numerator: number;
  denominator: number;
  value: number;
  expected: number;
  lowerWatch: number;
  upperWatch: number;
  lowerStrict: number;
  upperStrict: number;
  zAdjusted: number;
  p: number;
  q: number;
  /** worse than expected beyond the watch (e.g. 95%) or strict (e.g. 99.8%) limits, in the indicator's bad direction */
  worseWatch: boolean;
  worseStrict: boolean;
  better: boolean;
}

export interface TierDecision {
  tier: Tier;
  /** the results that decided it (the worse ones), or all of the latest when doing well */
  evidence: IndicatorResult[];
  reason: string;
}

/**
 * Decide one practice's tier from its results: `byPeriod` holds the periods the rule needs, newest first, each
 * with the practice's results for the adopted indicators in that period.
 */
export function decideTier(r: RuleSet, byPeriod: IndicatorResult[][]): TierDecision {
  const strict = (rs: IndicatorResult[]) => rs.filter((x) => x.worseStrict && x.q < r.qBelow);
  const needed = byPeriod.slice(0, r.consecutivePeriods);
  if (needed.length === r.consecutivePeriods && needed.every((rs) => strict(rs).length >= r.minIndicators)) {
    const evidence = needed.flatMap(strict);
    return {
      tier: 'below_the_line',
      evidence,
      reason: `${[...new Set(evidence.map((e) => e.indicator))].length} indicators worse than expected beyond the ${pct(r.strictLevel)} limits with q < ${r.qBelow} in each of the latest ${r.consecutivePeriods} periods`,
    };
  }
  const latest = byPeriod[0] ?? [];
  const watch = latest.filter((x) => x.worseWatch);
  if (watch.length > 0)
    return {
      tier: 'could_do_better',
      evidence: watch,
      reason: `${watch.length} indicator${watch.length === 1 ? '' : 's'} worse than expected beyond the ${pct(r.watchLevel)} limits in the latest period`,
    };
  return {
    tier: 'doing_well',
    evidence: latest,
    reason: latest.length
      ? 'no adopted indicator worse than expected in the latest period'
      : 'no results for the adopted indicators yet',
  };
}

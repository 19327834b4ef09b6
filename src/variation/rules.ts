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

export const RuleFields = z.object({
  version: z.number().int().positive(),
  /** the adopted indicators the tiers look at */
  indicators: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1),
  /** "below the line": limits this wide (after overdispersion) … (the funnels are fitted at 95% and 99.8%) */
  strictLevel: z.literal(0.998),
  /** … with a false-discovery q-value (one-sided, worse) below this … */
  qBelow: z.number().gt(0).lte(0.5),
  /** … on at least this many families of indicators (indicators of one behaviour count once) … */
  minFamilies: z.number().int().min(1),
  /** … with each indicator's counts pooled over its periods in the latest this many months (evidence accumulates) */
  windowMonths: z.number().int().min(1).max(36),
  /** "could do better": worse than these limits on at least one indicator, on the same pooled comparison */
  watchLevel: z.literal(0.95),
  /** a practice expected to have fewer events than this over the window is not judged on that indicator (it stays in the fit) */
  minExpectedEvents: z.number().min(0),
  /** an indicator whose latest period ended more than this many months before the newest adopted data is stale: shown, not judged */
  maxAgeMonths: z.number().int().min(1).max(120),
  /** compare on the case-mix adjusted funnel wherever the model suits the indicator (else crude, and the evidence says why) */
  adjustment: z.enum(['casemix_where_suitable', 'none']),
});

/**
 * A rule set as stored. Versions written before the fair-judgement rules (minIndicators, consecutivePeriods,
 * minDenominator) are read with their counts carried over (indicators → families, periods → months) and the new
 * defaults for the rest; docs/methods.md says so.
 */
export const RuleSet = z.preprocess((raw) => {
  if (!raw || typeof raw !== 'object' || !('consecutivePeriods' in raw)) return raw;
  const {
    minIndicators,
    consecutivePeriods,
    minDenominator: _dropped,
    ...rest
  } = raw as Record<string, unknown>;
  return {
    minExpectedEvents: 10,
    maxAgeMonths: 24,
    adjustment: 'casemix_where_suitable',
    ...rest,
    minFamilies: minIndicators,
    windowMonths: consecutivePeriods,
  };
}, RuleFields);
export type RuleSet = z.infer<typeof RuleFields>;

export const DEFAULT_RULES: Omit<RuleSet, 'version' | 'indicators'> = {
  strictLevel: 0.998,
  qBelow: 0.05,
  minFamilies: 2,
  windowMonths: 4,
  watchLevel: 0.95,
  minExpectedEvents: 10,
  maxAgeMonths: 24,
  adjustment: 'casemix_where_suitable',
};

const pct = (l: number) => `${+(l * 100).toFixed(1)}%`;

/** The rule set in plain English, one sentence per tier, as shown on screen. */
export function describeRules(
  r: RuleSet,
  /** the catalogue (or part of it): each indicator's title and family */
  catalogue: ReadonlyArray<{ code: string; title: string; family?: string }> = [],
): { tier: Tier; text: string }[] {
  const titles = Object.fromEntries(catalogue.map((d) => [d.code, d.title]));
  const families = Object.fromEntries(catalogue.map((d) => [d.code, d.family ?? d.code]));
  const n = (k: number, word: string, plural = `${word}s`) => `${k} ${k === 1 ? word : plural}`;
  const groups = new Map<string, string[]>();
  for (const c of r.indicators) {
    const f = families[c] ?? c;
    groups.set(f, [...(groups.get(f) ?? []), titles[c] ?? c]);
  }
  const listed = [...groups.values()].map((g) => (g.length > 1 ? `${g.join(' and ')} (one family)` : g[0]));
  return [
    {
      tier: 'below_the_line',
      text: `Below the line: worse than expected beyond the ${pct(r.strictLevel)} limits, allowing for overdispersion, with a false-discovery q-value below ${r.qBelow}, on indicators of at least ${n(r.minFamilies, 'family', 'families')} (indicators measuring one behaviour count once). Each indicator's counts are pooled over its periods in the latest ${n(r.windowMonths, 'month')}, so evidence accumulates across them rather than each period having to pass alone.`,
    },
    {
      tier: 'could_do_better',
      text: `Could do better: not below the line, and at least one adopted indicator worse than expected beyond the ${pct(r.watchLevel)} limits on the same pooled comparison.`,
    },
    {
      tier: 'doing_well',
      text: 'Doing well or improving: every other practice.',
    },
    {
      tier: 'doing_well',
      text: `Adopted indicators (rule set version ${r.version}): ${listed.join('; ')}. ${r.adjustment === 'casemix_where_suitable' ? 'Each is compared after adjusting for case mix (age and sex structure, deprivation, need and list size) wherever the model suits it; otherwise crude, and the evidence says why.' : 'Each is compared crude (no case-mix adjustment).'} Each practice is compared with every practice that has figures for the same periods (all of England when national data is loaded); one false-discovery adjustment covers the results of the same periods. A practice expected to have fewer than ${r.minExpectedEvents} events over the pooled periods is not judged on that indicator, though it stays in the comparison. An indicator whose latest figures end more than ${r.maxAgeMonths} months before the newest adopted figures is shown as stale and not judged.`,
    },
  ];
}

/** One indicator's result for one practice over the pooled periods: the evidence a tier rests on. */
export interface IndicatorResult {
  indicator: string;
  /** the behaviour measured: indicators of one family count once */
  family: string;
  /** the latest period pooled, and the first: the comparison on the funnel page with window = periods */
  periodStart: string;
  windowStart: string;
  periods: number;
  numerator: number;
  denominator: number;
  value: number;
  expected: number;
  /** events expected over the window at the target (smaller of events and non-events for a proportion) */
  expectedEvents: number;
  lowerWatch: number;
  upperWatch: number;
  lowerStrict: number;
  upperStrict: number;
  zAdjusted: number;
  /** one-sided p-value that the practice is worse than expected (in the indicator's bad direction) */
  p: number;
  q: number;
  /** judged (large enough, not stale), or why not */
  judged: boolean;
  notJudged: string | null;
  /** the comparison: adjusted for case mix, or crude (with why) */
  adjustment: 'casemix' | 'none';
  adjustmentNote: string;
  /** the crude reading beside an adjusted one (null when the comparison is crude) */
  crude: { value: number; expected: number; zAdjusted: number; flag95: string; flag998: string } | null;
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

/** Decide one practice's tier from its results over the window (one per adopted indicator it has figures for). */
export function decideTier(r: RuleSet, results: IndicatorResult[]): TierDecision {
  const strict = results.filter((x) => x.judged && x.worseStrict && x.q < r.qBelow);
  const families = new Set(strict.map((x) => x.family));
  if (families.size >= r.minFamilies)
    return {
      tier: 'below_the_line',
      evidence: strict,
      reason: `worse than expected beyond the ${pct(r.strictLevel)} limits with q < ${r.qBelow} on ${families.size} ${families.size === 1 ? 'family' : 'families'} of indicators (${strict.length} ${strict.length === 1 ? 'indicator' : 'indicators'}), over the latest ${r.windowMonths} months pooled`,
    };
  const watch = results.filter((x) => x.judged && x.worseWatch);
  if (watch.length > 0)
    return {
      tier: 'could_do_better',
      evidence: watch,
      reason: `${watch.length} indicator${watch.length === 1 ? '' : 's'} worse than expected beyond the ${pct(r.watchLevel)} limits over the latest ${r.windowMonths} months pooled`,
    };
  const judged = results.filter((x) => x.judged);
  return {
    tier: 'doing_well',
    evidence: results,
    reason: judged.length
      ? 'no adopted indicator worse than expected over the latest pooled periods'
      : results.length
        ? 'no result large enough (or recent enough) to judge'
        : 'no results for the adopted indicators yet',
  };
}

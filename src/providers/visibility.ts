/**
 * Concern counts as each viewer may see them: the commissioner team counts its own area's practices' concerns in
 * full; everyone else counts every concern after small-number suppression (1–7 hidden, others to the nearest 5,
 * rates from the rounded counts), and opens only the concerns their scope lets them open.
 */
import type { Database } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import type { ConcernScope } from '../auth/policy.js';
import { SUPPRESSION_NOTE } from '../api/suppression.js';
import { suppressedValue } from '../stats/suppress.js';
import { getConcerns } from '../concerns/concerns.js';
import { partiesFor } from '../concerns/visibility.js';
import type { ProviderPatterns } from '../concerns/signals.js';
import { concernSummary } from '../concerns/scorecard.js';

/**
 * Whose concerns a viewer counts, and whether unsuppressed: the commissioner team counts the concerns from its own
 * area's practices, in full (an administrator every practice's); everyone else (partners, the provider, practices)
 * counts every concern, suppressed. No commissioner sees another area's concerns unsuppressed.
 */
export interface CountView {
  /** practices whose concerns are counted (null: every practice) */
  practices: string[] | null;
  raw: boolean;
  /** what the counts cover, in words */
  covers: string;
}

export async function countViewOf(viewer: Viewer): Promise<CountView> {
  const own = await viewer.permissions.rawConcernPractices();
  if (own === null) return { practices: null, raw: true, covers: 'Concerns from every practice.' };
  if (own.size === 0)
    return { practices: null, raw: false, covers: 'Concerns from every practice, suppressed.' };
  const areas = viewer.permissions.areasFor('concerns.commission') ?? [];
  return {
    practices: [...own],
    raw: true,
    covers: `Concerns from the practices of your area (${areas.join(', ')}); other areas’ concerns are theirs to see.`,
  };
}

/** Keep only the concern ids this viewer may open (one query for all of them). */
export async function visibleIds(db: Database, scope: ConcernScope, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const open = new Set(
    (await getConcerns(db, ids)).filter((c) => partiesFor(scope, c).length > 0).map((c) => c.id),
  );
  return ids.filter((id) => open.has(id));
}

const suppressList = (xs: number[]) => xs.map((x) => suppressedValue(x));

/** Patterns as this viewer (whose concern scope is given) may see them. */
export function patternsView(view: CountView, visible: Set<number>, p: ProviderPatterns) {
  const raw = view.raw;
  const chart = (a: ProviderPatterns['overall']) => {
    if (!a) return null;
    if (raw) return a;
    const counts = suppressList(a.counts);
    const e = p.activity?.perMonth ?? 1;
    return {
      ...a,
      counts,
      rate: counts.map((c) => (c === null ? null : c / e)),
      cusum: { ...a.cusum, high: [], expected: [] },
    };
  };
  const signals = p.signals.map((s) => ({
    ...s,
    count: raw ? s.count : suppressedValue(s.count),
    summary: raw
      ? s.summary
      : `${s.categoryLabel}: ${s.method === 'cluster' ? 'a cluster of concerns' : s.method === 'spc' ? 'a month above the upper control limit' : 'a sustained rise'} (${s.from} to ${s.to})`,
    concernIds: s.concernIds.filter((id) => visible.has(id)),
  }));
  return {
    providerCode: p.providerCode,
    activity: p.activity,
    months: p.months,
    overall: chart(p.overall),
    byCategory: p.byCategory.map((c) => ({
      ...c,
      total: raw ? c.total : suppressedValue(c.total),
      analysis: chart(c.analysis),
    })),
    signals,
    suppressed: !raw,
    covers: view.covers,
    note: raw ? null : SUPPRESSION_NOTE,
  };
}

/** The concern ids behind these patterns that the viewer may open. */
export async function openableIds(db: Database, viewer: Viewer, patterns: ProviderPatterns[]) {
  const ids = patterns.flatMap((p) => p.signals.flatMap((s) => s.concernIds));
  return new Set(await visibleIds(db, await viewer.permissions.concernScope(), [...new Set(ids)]));
}

/**
 * A provider's concern summary as this viewer may see it: raw for the commissioner team, otherwise counts
 * suppressed, intervals withheld and the rate rebuilt from the rounded count.
 */
export function concernSummaryView(s: Awaited<ReturnType<typeof concernSummary>>, view: CountView) {
  if (view.raw) return { ...s, suppressed: false, covers: view.covers };
  const total = suppressedValue(s.total);
  const perYear = s.activity ? s.activity.perMonth * 12 : null;
  return {
    ...s,
    total,
    moderateOrWorse: suppressedValue(s.moderateOrWorse),
    interval: null,
    perThousand:
      // a rate rebuilt from a rounded count over a tiny denominator would say nothing true: withheld
      perYear && total !== null && !s.perThousand!.unstable
        ? { ...s.perThousand!, value: total / perYear, lower: null, upper: null }
        : null,
    byCategory: s.byCategory.map((c) => ({ ...c, count: suppressedValue(c.count) })),
    contractBreaches: s.contractBreaches.map((c) => ({ ...c, count: suppressedValue(c.count) })),
    suppressed: true,
    covers: view.covers,
    note: SUPPRESSION_NOTE,
  };
}

/** A provider's concern summary counted and suppressed as the viewer's count view says. */
export const summaryFor = async (db: Database, view: CountView, provider: string, service?: string) =>
  concernSummaryView(await concernSummary(db, provider, service, view.practices), view);

/**
 * A provider's scorecard: public performance (A&E over time with SPC; the 2022 snapshots of waits, cancer,
 * diagnostics and referrals against the England median), concern rates with intervals and contract-standard
 * breaches, serious incidents and surveillance status. Also the side-by-side view for choosing where to refer.
 */
import type { Queryable } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { computeSpc } from '../stats/spc.js';
import { poissonCount, wilson } from '../stats/intervals.js';
import { CONTRACT_STANDARDS } from './taxonomy.js';
import { activityOf } from './signals.js';
import {
  providerConcernsByCategory,
  providerConcernTotals,
  providerContractBreaches,
} from '../db/repos/concern-counts.js';
import { aeMonths, indicatorTitles, snapshotMeasureRows } from '../db/repos/provider-measures.js';
import { addCalendarDays } from '../domain/working-days.js';

export async function aeSeries(db: Queryable, provider: string) {
  const rows = await aeMonths(db, provider);
  if (rows.length === 0) return null;
  const pct = rows.map((r) =>
    r.within !== null && r.attendances > 0 ? (100 * r.within) / r.attendances : NaN,
  );
  const usable = pct.every((x) => Number.isFinite(x));
  const spc =
    usable && rows.length >= 2
      ? computeSpc({ values: pct }, { chart: 'xmr', improvement: 'increase', target: 95 })
      : null;
  return {
    months: rows.map((r) => r.period.slice(0, 7)),
    attendances: rows.map((r) => r.attendances),
    within4hPercent: pct.map((x) => (Number.isFinite(x) ? x : null)),
    spc: spc && {
      chart: 'XmR (Making Data Count)',
      centre: [...spc.centre],
      lower: [...spc.lower],
      upper: [...spc.upper],
      specialCause: spc.specialCause,
      assurance: spc.assurance,
      target: 95,
    },
  };
}

/** The 2022 snapshot measures for a trust, each with its interval and the England median across trusts. */
/** The measures put side by side when choosing where to refer: waits, diagnostics and A&E. */
export const REFERRAL_MEASURES = [
  'rtt_incomplete_18w',
  'rtt_incomplete_52w',
  'diagnostics_6w',
  'ae_within_4h_all',
] as const;

/** The title of each of these measures (its newest definition), in the order asked; the code where none is defined. */
export async function measureTitles(db: Queryable, codes: readonly string[]) {
  const rows = await indicatorTitles(db, codes);
  const titles = new Map(rows.map((r) => [r.code, r.title]));
  return codes.map((code) => ({ code, title: titles.get(code) ?? code }));
}

export async function snapshotMeasures(db: Queryable, provider: string) {
  const rows = await snapshotMeasureRows(db, provider);
  return rows.map((r) => {
    const interval =
      r.unit === '%' && r.numerator !== null && r.denominator && r.denominator > 0
        ? (({ lower, upper }) => ({ lower: lower * 100, upper: upper * 100 }))(
            wilson(r.numerator, r.denominator),
          )
        : null;
    return { ...r, interval, period: '2022 (one month)' };
  });
}

/**
 * Below this much activity a year (GP referrals or A&E attendances) a concern rate per 1,000 is unstable: one concern
 * moves it by more than 1 per 1,000. The rate is still given to those who see the counts, with its exact interval
 * (wide at such denominators) and said to be unstable; to those who see suppressed counts it is withheld.
 */
export const MIN_STABLE_ACTIVITY = 1000;

/**
 * Concern counts for a provider over the last 12 months, per 1,000 referrals where activity is known. Counted
 * over some practices only (an area's), there is no rate: the provider's activity is not known per area.
 */
export async function concernSummary(
  db: Queryable,
  provider: string,
  service?: string,
  practices: string[] | null = null,
) {
  const to = today();
  const from = addCalendarDays(to, -365);
  const q = { provider, from, to, service: service ?? null, practices };
  const totals = await providerConcernTotals(db, q);
  const byCategory = await providerConcernsByCategory(db, q);
  const breaches = await providerContractBreaches(db, q);
  const activity = practices === null ? await activityOf(db, provider) : null;
  const ci = poissonCount(totals.total);
  const perYear = activity ? activity.perMonth * 12 : null;
  return {
    from,
    to,
    total: totals.total,
    moderateOrWorse: totals.moderateOrWorse,
    interval: ci,
    activity,
    perThousand: perYear
      ? {
          value: totals.total / perYear,
          lower: ci.lower / perYear,
          upper: ci.upper / perYear,
          per: `1,000 ${activity!.unit} a year (estimated from ${activity!.basis} × 12)`,
          unit: activity!.unit,
          unstable:
            perYear * 1000 < MIN_STABLE_ACTIVITY
              ? `unstable: about ${Math.round(perYear * 1000).toLocaleString('en-GB')} ${activity!.unit} a year, fewer than ${MIN_STABLE_ACTIVITY.toLocaleString('en-GB')}, so one concern moves the rate by ${(1 / perYear).toFixed(1)} per 1,000`
              : null,
        }
      : null,
    byCategory,
    contractBreaches: breaches.map((b) => ({
      ...b,
      label: CONTRACT_STANDARDS[b.standard as keyof typeof CONTRACT_STANDARDS] ?? b.standard,
    })),
  };
}

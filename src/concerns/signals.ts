/**
 * Patterns of concern from the database: monthly series per provider (overall and per category), cluster scans,
 * activity to normalise by, and each signal linked to the concerns behind it. Statistics in patterns.ts.
 */
import type { Queryable } from '../db/connect.js';
import { today } from '../domain/clock.js';
import {
  analyseMonthly,
  CLUSTER_RULE,
  CUSUM_RULE,
  findClusters,
  monthsBefore,
  type MonthlyAnalysis,
} from './patterns.js';
import { SERVICES } from './taxonomy.js';
import { categoryLabels } from '../db/repos/concern-categories.js';
import {
  countedConcerns,
  providerConcernCounts,
  themeCounts,
  type CountedConcern as Counted,
} from '../db/repos/concern-counts.js';
import { latestGpReferrals, meanAeAttendances } from '../db/repos/provider-measures.js';

export interface Activity {
  /** thousands of referrals (or attendances) a month */
  perMonth: number;
  /** what is counted, e.g. "GP referrals" */
  unit: string;
  basis: string;
}

/** Monthly activity to normalise concerns by: GP referrals where known, else A&E attendances. */
export async function activityOf(db: Queryable, provider: string): Promise<Activity | null> {
  const ref = await latestGpReferrals(db, provider);
  if (ref)
    return {
      perMonth: ref.value / 1000,
      unit: 'GP referrals',
      basis: `GP referrals made in one month (${ref.period.slice(0, 7)})`,
    };
  const ae = await meanAeAttendances(db, provider);
  if (ae?.value)
    return {
      perMonth: ae.value / 1000,
      unit: 'A&E attendances',
      basis: `A&E attendances, mean of the latest ${ae.months} months`,
    };
  return null;
}

export interface Signal {
  method: 'cluster' | 'spc' | 'cusum';
  providerCode: string;
  /** a level-2 category for clusters, a level-1 category or null (all concerns) for charts */
  categoryId: string | null;
  categoryLabel: string;
  from: string;
  to: string;
  summary: string;
  /** the chance of such a signal when nothing has changed, as the method states it */
  falseAlarm: string;
  count: number;
  concernIds: number[];
}

export interface ProviderPatterns {
  providerCode: string;
  activity: Activity | null;
  months: string[];
  overall: MonthlyAnalysis | null;
  byCategory: Array<{ id: string; label: string; analysis: MonthlyAnalysis | null; total: number }>;
  signals: Signal[];
}

/** The last day of month m (YYYY-MM). */
function lastDayOf(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
}

const pct = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 3 : 2)}%`;

/**
 * Patterns for some providers over the `months` complete months before today (clusters over the last 12 of
 * them, each window judged against the year before it).
 */
export async function patternsFor(
  db: Queryable,
  providers: string[],
  months = 24,
  /** count only concerns from these practices (null: from every practice) */
  practices: string[] | null = null,
): Promise<ProviderPatterns[]> {
  const ms = monthsBefore(today(), months);
  const from = `${ms[0]}-01`;
  // monthly charts use complete months; cluster scans run up to today
  const to = today();
  const clusterFrom = `${ms[Math.max(0, ms.length - 12)]}-01`;
  const rows = await countedConcerns(db, providers, from, to, practices);
  const labels = await categoryLabels(db);
  const out: ProviderPatterns[] = [];
  for (const provider of providers) {
    const mine = rows.filter((r) => r.providerCode === provider);
    const activity = await activityOf(db, provider);
    const exposure = activity?.perMonth ?? null;
    const monthly = (list: Counted[]) => {
      const counts = new Map<string, number>();
      for (const r of list)
        counts.set(r.eventDate.slice(0, 7), (counts.get(r.eventDate.slice(0, 7)) ?? 0) + 1);
      return ms.map((m) => counts.get(m) ?? 0);
    };
    const idsIn = (list: Counted[], fromMonth: string, toMonth: string) =>
      list
        .filter((r) => r.eventDate.slice(0, 7) >= fromMonth && r.eventDate.slice(0, 7) <= toMonth)
        .map((r) => r.id);
    const signals: Signal[] = [];
    const chartSignals = (a: MonthlyAnalysis | null, list: Counted[], categoryId: string | null) => {
      if (!a) return;
      const label = categoryId ? (labels.get(categoryId) ?? categoryId) : 'All concerns';
      for (const i of a.above)
        signals.push({
          method: 'spc',
          providerCode: provider,
          categoryId,
          categoryLabel: label,
          from: `${ms[i]}-01`,
          to: lastDayOf(ms[i]),
          summary: `${label}: ${a.counts[i]} in ${ms[i]}, above the upper control limit (${(a.upper[i] * (exposure ?? 1)).toFixed(1)})`,
          falseAlarm: `${pct(a.falseAlarmPerMonth)} a month`,
          count: a.counts[i],
          concernIds: idsIn(list, ms[i], ms[i]),
        });
      a.cusum.signals.forEach((i, k) => {
        const start = a.cusum.runStart[k];
        const ids = idsIn(list, ms[start], ms[i]);
        signals.push({
          method: 'cusum',
          providerCode: provider,
          categoryId,
          categoryLabel: label,
          from: `${ms[start]}-01`,
          to: lastDayOf(ms[i]),
          summary: `${label}: a sustained rise from ${ms[start]} to ${ms[i]} (CUSUM for a doubling crossed h = ${a.cusum.h.toFixed(2)})`,
          falseAlarm: `1 in ${CUSUM_RULE.targetArl} months`,
          count: ids.length,
          concernIds: ids,
        });
      });
    };
    const overall = analyseMonthly({ months: ms, counts: monthly(mine), exposure });
    chartSignals(overall, mine, null);
    const byCategory = [...new Set(mine.map((r) => r.parentCategoryId))].sort().map((id) => {
      const list = mine.filter((r) => r.parentCategoryId === id);
      const analysis = analyseMonthly({ months: ms, counts: monthly(list), exposure });
      chartSignals(analysis, list, id);
      return { id, label: labels.get(id) ?? id, analysis, total: list.length };
    });
    const clusters = findClusters(mine, { dataStart: from, from: clusterFrom, to });
    for (const c of clusters.signals)
      signals.push({
        method: 'cluster',
        providerCode: provider,
        categoryId: c.categoryId,
        categoryLabel: labels.get(c.categoryId) ?? c.categoryId,
        from: c.from,
        to: c.to,
        summary: `${labels.get(c.categoryId) ?? c.categoryId}: ${c.count} concerns from ${c.practices} practices between ${c.from} and ${c.to} (about ${c.expected.toFixed(1)} expected in ${CLUSTER_RULE.windowDays} days; p = ${c.p.toPrecision(2)})`,
        falseAlarm: `at most ${pct(CLUSTER_RULE.alpha)} of ${CLUSTER_RULE.windowDays}-day windows`,
        count: c.count,
        concernIds: c.concernIds,
      });
    signals.sort((a, b) => b.to.localeCompare(a.to) || a.method.localeCompare(b.method));
    out.push({ providerCode: provider, activity, months: ms, overall, byCategory, signals });
  }
  return out;
}

/** Providers with counted concerns from these practices (or from anywhere when null), busiest first. */
export async function providersWithConcerns(
  db: Queryable,
  practices: string[] | null,
  since: string,
  /** only providers still open on this date (choosing where to refer) */
  openOn: string | null = null,
) {
  return providerConcernCounts(db, practices, since, openOn);
}

/** Themes: counts per provider × category × service over rolling windows ending today. */
export async function themes(db: Queryable, practices: string[] | null) {
  const day = today();
  const rows = await themeCounts(db, day, practices);
  // the service by its treatment function name (the code beside it only where Lantern has no name for it)
  return {
    asOf: day,
    rows: rows.map((r) => ({
      ...r,
      serviceLabel: r.service ? (SERVICES[r.service] ?? `treatment function ${r.service}`) : null,
    })),
  };
}

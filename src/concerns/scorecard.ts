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
import { activityOf, COUNTED } from './signals.js';
import { addCalendarDays } from '../domain/working-days.js';

export async function aeSeries(db: Queryable, provider: string) {
  const rows = await db.query<{
    period: string;
    attendances: number;
    within: number | null;
    pct: number | null;
  }>(
    `SELECT a.period_start AS period, a.value AS attendances, w.numerator AS within, w.value AS pct
       FROM indicator_values a
       LEFT JOIN indicator_values w ON w.org_code = a.org_code AND w.indicator_code = 'ae_within_4h_all'
        AND w.period_start = a.period_start AND w.period_end = a.period_end AND w.current
      WHERE a.indicator_code = 'ae_attendances_all' AND a.org_code = $1 AND a.current AND a.period_end - a.period_start < 40
      ORDER BY a.period_start`,
    [provider],
  );
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
  const rows = await db.query<{ code: string; title: string }>(
    `SELECT DISTINCT ON (code) code, title FROM indicators WHERE code = ANY($1) ORDER BY code, version DESC`,
    [codes],
  );
  const titles = new Map(rows.map((r) => [r.code, r.title]));
  return codes.map((code) => ({ code, title: titles.get(code) ?? code }));
}

export async function snapshotMeasures(db: Queryable, provider: string) {
  const rows = await db.query<{
    code: string;
    title: string;
    unit: string;
    direction: string;
    numerator: number | null;
    denominator: number | null;
    value: number | null;
    median: number | null;
    trusts: number;
  }>(
    `WITH mine AS (
       SELECT v.indicator_code, v.numerator, v.denominator, v.value, v.period_start, v.period_end
         FROM indicator_values v WHERE v.org_code = $1 AND v.current AND v.period_start = '2022-01-01' AND v.period_end = '2022-12-31')
     SELECT m.indicator_code AS code, d.title, d.unit, d.direction, m.numerator, m.denominator, m.value,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.value) FROM indicator_values o
              WHERE o.indicator_code = m.indicator_code AND o.current AND o.period_start = m.period_start AND o.period_end = m.period_end) AS median,
            (SELECT count(*)::int FROM indicator_values o
              WHERE o.indicator_code = m.indicator_code AND o.current AND o.period_start = m.period_start AND o.period_end = m.period_end) AS trusts
       FROM mine m JOIN LATERAL (SELECT title, unit, direction FROM indicators d WHERE d.code = m.indicator_code ORDER BY version DESC LIMIT 1) d ON true
      ORDER BY m.indicator_code`,
    [provider],
  );
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
  const params: unknown[] = [provider, from, to, service ?? null, practices];
  const serviceFilter = `AND ($4::text IS NULL OR c.service = $4) AND ($5::text[] IS NULL OR c.practice_code = ANY($5))`;
  const [totals] = await db.query<{ total: number; moderateOrWorse: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE c.harm IN ('moderate', 'severe', 'death'))::int AS "moderateOrWorse"
       FROM concerns c WHERE c.provider_code = $1 AND ${COUNTED}
        AND c.event_date > $2 AND c.event_date <= $3 ${serviceFilter}`,
    params,
  );
  const byCategory = await db.query<{ id: string; label: string; count: number }>(
    `SELECT kp.id, kp.label, count(*)::int AS count FROM concerns c
       JOIN concern_categories k ON k.id = c.category_id JOIN concern_categories kp ON kp.id = k.parent_id
      WHERE c.provider_code = $1 AND ${COUNTED}
        AND c.event_date > $2 AND c.event_date <= $3 ${serviceFilter}
      GROUP BY kp.id, kp.label ORDER BY count(*) DESC`,
    params,
  );
  const breaches = await db.query<{ standard: string; count: number }>(
    `SELECT c.contract_standard AS standard, count(*)::int AS count FROM concerns c
      WHERE c.provider_code = $1 AND ${COUNTED} AND c.contract_standard IS NOT NULL
        AND c.event_date > $2 AND c.event_date <= $3 ${serviceFilter}
      GROUP BY 1 ORDER BY 2 DESC`,
    params,
  );
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

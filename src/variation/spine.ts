/**
 * A practice's spine chart: for each indicator, its latest value placed within the spread of every practice in
 * England for the same period (lowest, 25th percentile, median, 75th percentile, highest), beside its CCG's and
 * England's values, and read against the funnel limits where results are stored (`lantern compute`). Published
 * indicators only: the lowest and highest are single practices' values. Values that cannot be right as published
 * (a prevalence above 100%, a negative payment: src/domain/value-quality.ts) are left out, as from every comparison.
 */
import { isWorse } from './direction.js';
import type { Queryable } from '../db/connect.js';
import { listIndicators, valuesForOrganisation } from '../db/repos/indicators.js';
import { funnelTypeFor } from './funnel.js';
import { cachedUntilNextLoad } from '../db/store-cache.js';

interface Spread {
  code: string;
  practices: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}

/**
 * The spread of every practice's value per indicator and period. It depends only on what is loaded, not on the
 * practice, and most practices share their latest periods, so it is kept until the next load. One sort per
 * indicator gives all three quartiles; the practices are hashed once rather than looked up row by row (the planner
 * cannot estimate the unnest and chose a quarter of a million index lookups, most of the time of a practice page).
 */
function spreadOf(db: Queryable, codes: string[], periods: string[]): Promise<Spread[]> {
  const key = `spine-spread:${codes.map((c, i) => `${c}@${periods[i]}`).join(',')}`;
  return cachedUntilNextLoad(db, key, async () => {
    const rows = await db.query<Omit<Spread, 'p25' | 'median' | 'p75'> & { q: number[] }>(
      `WITH w AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::date[]) AS w(code, period)),
            p AS MATERIALIZED (SELECT code FROM organisations WHERE type = 'practice')
       SELECT v.indicator_code AS code, count(*)::int AS practices, min(v.value) AS min,
              percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY v.value) AS q, max(v.value) AS max
         FROM w
         JOIN indicator_values v ON v.indicator_code = w.code AND v.period_start = w.period AND v.current
              AND v.value IS NOT NULL AND v.quality_issue IS NULL
        WHERE v.org_code IN (SELECT code FROM p)
        GROUP BY v.indicator_code`,
      [codes, periods],
    );
    return rows.map(({ q, ...r }) => ({ ...r, p25: q[0]!, median: q[1]!, p75: q[2]! }));
  });
}

export type SpineReading = 'worse_strict' | 'worse_watch' | 'within' | 'better' | 'higher' | 'lower' | null;

export async function practiceSpine(db: Queryable, practice: string) {
  const defs = new Map((await listIndicators(db)).map((d) => [d.code, d]));
  const latest = new Map<string, Awaited<ReturnType<typeof valuesForOrganisation>>[number]>();
  for (const v of await valuesForOrganisation(db, practice)) {
    const def = defs.get(v.indicatorCode);
    if (v.value === null || !def || def.orgType !== 'practice' || !def.published) continue;
    const was = latest.get(v.indicatorCode);
    if (!was || v.periodStart > was.periodStart) latest.set(v.indicatorCode, v);
  }
  if (latest.size === 0) return [];
  const codes = [...latest.keys()];
  const periods = codes.map((c) => latest.get(c)!.periodStart);
  const spread = await spreadOf(db, codes, periods);
  const flags = await db.query<{ code: string; flag95: string; flag998: string; expected: number }>(
    `SELECT r.indicator_code AS code, r.flag_95 AS flag95, r.flag_99_8 AS flag998, r.expected
       FROM unnest($1::text[], $2::date[]) AS w(code, period)
       JOIN variation_results r ON r.indicator_code = w.code AND r.period_start = w.period AND r.org_code = $3`,
    [codes, periods, practice],
  );
  return codes
    .map((code) => {
      const v = latest.get(code)!;
      const def = defs.get(code)!;
      const s = spread.find((x) => x.code === code);
      const f = flags.find((x) => x.code === code);
      let reading: SpineReading = null;
      if (f) {
        const flag = (f.flag998 || f.flag95) as 'high' | 'low' | '';
        const worse = isWorse(def.direction, flag);
        reading = !flag
          ? 'within'
          : def.direction === 'neither'
            ? flag === 'high'
              ? 'higher'
              : 'lower'
            : worse
              ? f.flag998
                ? 'worse_strict'
                : 'worse_watch'
              : 'better';
      }
      return {
        indicator: code,
        title: def.title,
        unit: def.unit,
        direction: def.direction,
        periodStart: v.periodStart,
        value: v.value!,
        ccgCode: v.ccgCode,
        ccgValue: v.ccgValue,
        englandValue: v.englandValue,
        spread: s ?? null,
        reading,
        /** why there is no reading */
        noReading: reading
          ? null
          : !funnelTypeFor(def) || v.numerator === null || v.denominator === null
            ? 'no counts for a funnel'
            : 'not computed yet (lantern compute)',
        expected: f?.expected ?? null,
      };
    })
    .filter((r) => r.spread && r.spread.practices >= 3)
    .sort((a, b) => a.title.localeCompare(b.title));
}

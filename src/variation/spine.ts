/**
 * A practice's spine chart: for each indicator, its latest value placed within the spread of every practice in
 * England for the same period (lowest, 25th percentile, median, 75th percentile, highest), beside its CCG's and
 * England's values, and read against the funnel limits where the funnel is stored (`lantern compute`). Published
 * indicators only: the lowest and highest are single practices' values. Values that cannot be right as published
 * (a prevalence above 100%, a negative payment: src/domain/value-quality.ts) are left out, as from every comparison.
 */
import { isWorse } from './direction.js';
import type { Queryable } from '../db/connect.js';
import { latestValuesForOrganisation, listIndicators, type ValuePoint } from '../db/repos/indicators.js';
import { funnelTypeFor } from './funnel.js';
import { cachedEachForDataVersion, cachedForDataVersion } from '../db/store-cache.js';
import { practiceSpreads, type ValueSpread } from '../db/repos/practice-values.js';
import { practiceFigures } from './stored-results.js';

/**
 * The spread of every practice's value for each (indicator, period). It depends only on what is stored, not on the
 * practice, and most practices share their latest periods, so each is kept for the data version, and those not kept
 * are read in one query. Kept per pair, not per practice's set of pairs: a practice without one of the indicators
 * reads only what is new to it.
 */
export async function spreadsOf(db: Queryable, codes: string[], periods: string[]): Promise<ValueSpread[]> {
  const key = (code: string, period: string) => `spine-spread:${code}@${period}`;
  // practiceSpreads groups by indicator: one period each, or a spread would be kept under another period's key
  if (new Set(codes).size !== codes.length)
    throw new Error(`spreads are read for one period per indicator, got ${codes.join(', ')}`);
  const pairs = new Map(codes.map((c, i) => [key(c, periods[i]!), [c, periods[i]!] as const]));
  const kept = await cachedEachForDataVersion<ValueSpread>(db, [...pairs.keys()], async (missing) => {
    const wanted = missing.map((k) => pairs.get(k)!);
    const read = await practiceSpreads(
      db,
      wanted.map(([c]) => c),
      wanted.map(([, p]) => p),
    );
    const byCode = new Map(read.map((s) => [s.code, s]));
    return new Map(wanted.flatMap(([c, p]) => (byCode.has(c) ? [[key(c, p), byCode.get(c)!]] : [])));
  });
  return [...kept.values()].filter((s): s is ValueSpread => s !== null);
}

export type SpineReading = 'worse_strict' | 'worse_watch' | 'within' | 'better' | 'higher' | 'lower' | null;

/** A practice's spine: the same for every viewer (published indicators only), so kept for the data version. */
export function practiceSpine(db: Queryable, practice: string) {
  return cachedForDataVersion(db, `spine:${practice}`, () => computeSpine(db, practice), {
    weight: (rows) => rows.length,
  });
}

async function computeSpine(db: Queryable, practice: string) {
  const defs = new Map((await listIndicators(db)).map((d) => [d.code, d]));
  const latest = new Map<string, ValuePoint>();
  for (const v of await latestValuesForOrganisation(db, practice)) {
    const def = defs.get(v.indicatorCode);
    if (def && def.orgType === 'practice' && def.published) latest.set(v.indicatorCode, v);
  }
  if (latest.size === 0) return [];
  const codes = [...latest.keys()];
  const periods = codes.map((c) => latest.get(c)!.periodStart);
  const spread = await spreadsOf(db, codes, periods);
  const flags = (
    await practiceFigures(
      db,
      practice,
      codes.map((c, i) => [c, periods[i]!]),
    )
  ).map(({ indicator, figures: f }) => ({
    code: indicator,
    flag95: f.flag_95,
    flag998: f.flag_99_8,
    expected: f.expected,
  }));
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

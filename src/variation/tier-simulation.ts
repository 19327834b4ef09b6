/**
 * Seeded simulations of practice tiers: an area of practices with realistic list sizes, monthly event counts with
 * true between-practice variation (overdispersion), and optionally practices whose rate shifts by a ratio. Used by
 * the tests (a fast version, through the pure evaluation and once through the whole product path) and by
 * `npm run bench` (the full power curve). Every figure here is SYNTHETIC.
 *
 * The scenario's defaults, and why (they are stated in docs/methods.md with the results):
 * - 400 practices (an ICB's worth), list sizes log-normal with median 8,500 and log-SD 0.5 (England's practices
 *   have a median list near 9,000 and most lie between 3,000 and 20,000), clamped to 1,000–60,000;
 * - two families of monthly rates where lower is better: emergency admissions at 8 per 1,000 patients per month
 *   (about 100 a year, England's order of magnitude) and A&E attendances at 25 per 1,000 per month;
 * - between-practice variation left after case-mix adjustment: a lasting practice effect with log-SD 0.05 and a
 *   month-to-month one with log-SD 0.05, on top of Poisson counts.
 */
import { mulberry32, rnorm, rpois } from '../stats/random.js';
import type { InputRow } from './funnel.js';
import type { IndicatorInput } from './tiers.js';

export interface SimulatedIndicator {
  code: string;
  family: string;
  /** events per 1,000 patients per month */
  ratePer1000: number;
}

export interface Scenario {
  practices: number;
  medianList: number;
  listSdLog: number;
  months: number;
  indicators: SimulatedIndicator[];
  /** log-SD of each practice's lasting own rate, and of its month-to-month wobble */
  tauPractice: number;
  tauMonth: number;
  /** practices whose rate is `ratio` × their own from `monthsBeforeEnd` months before the end, on `indicators` */
  plant?: { count: number; ratio: number; monthsBeforeEnd: number; indicators: string[]; list?: number };
}

export const DEFAULT_SCENARIO: Scenario = {
  practices: 400,
  medianList: 8500,
  listSdLog: 0.5,
  months: 8,
  indicators: [
    { code: 'sim_emergency_admissions', family: 'emergency_admissions', ratePer1000: 8 },
    { code: 'sim_ae_attendances', family: 'ae_attendances', ratePer1000: 25 },
  ],
  tauPractice: 0.05,
  tauMonth: 0.05,
};

export interface SimulatedArea {
  practices: Array<{ code: string; list: number }>;
  /** codes of the practices given a shift */
  planted: string[];
  /** newest first, like the store's periods */
  months: Array<{ periodStart: string; periodEnd: string }>;
  /** counts[indicator][month (newest first)][practice] */
  counts: Map<string, number[][]>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Months ending December 2024, newest first. */
function monthsEnding(n: number): SimulatedArea['months'] {
  return Array.from({ length: n }, (_, t) => {
    const d = new Date(Date.UTC(2024, 11 - t, 1));
    const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return {
      periodStart: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`,
      periodEnd: end.toISOString().slice(0, 10),
    };
  });
}

export function simulateArea(seed: number, s: Scenario = DEFAULT_SCENARIO): SimulatedArea {
  const rand = mulberry32(seed);
  const practices = Array.from({ length: s.practices }, (_, i) => ({
    code: `Z${String(20001 + i).padStart(5, '0')}`,
    list: Math.round(Math.min(60000, Math.max(1000, s.medianList * Math.exp(s.listSdLog * rnorm(rand))))),
  }));
  // the planted practices are spread through the list and, unless said, of median size
  const planted = s.plant
    ? Array.from(
        { length: s.plant.count },
        (_, j) => practices[Math.floor(((j + 0.5) * s.practices) / s.plant!.count)]!,
      )
    : [];
  for (const p of planted) p.list = s.plant?.list ?? s.medianList;
  const months = monthsEnding(s.months);
  const counts = new Map<string, number[][]>();
  for (const ind of s.indicators) {
    const own = practices.map(() => s.tauPractice * rnorm(rand));
    const shifted = new Set(s.plant?.indicators.includes(ind.code) ? planted.map((p) => p.code) : []);
    counts.set(
      ind.code,
      months.map((_, t) =>
        practices.map((p, i) => {
          const shift = shifted.has(p.code) && t < s.plant!.monthsBeforeEnd ? s.plant!.ratio : 1;
          const mean =
            ((p.list * ind.ratePer1000) / 1000) * Math.exp(own[i]! + s.tauMonth * rnorm(rand)) * shift;
          return rpois(rand, mean);
        }),
      ),
    );
  }
  return { practices, planted: planted.map((p) => p.code), months, counts };
}

/** The simulated area as the tiers' inputs (what `evaluate` reads from the store). */
export function simulatedInputs(area: SimulatedArea, s: Scenario = DEFAULT_SCENARIO): IndicatorInput[] {
  return s.indicators.map((ind) => ({
    code: ind.code,
    method: 'rate',
    multiplier: 1000,
    direction: 'lower_better',
    numeratorKind: 'events' as const,
    family: ind.family,
    periods: area.months.map((m, t) => ({
      ...m,
      rows: area.practices.map((p, i): InputRow => ({
        code: p.code,
        name: `Simulated practice ${p.code}`,
        ccg: '9Z1',
        icb: null,
        numerator: area.counts.get(ind.code)![t]![i]!,
        denominator: p.list,
      })),
    })),
  }));
}

/** The simulated counts as a generic indicator CSV (the product's load path). */
export function simulatedCsv(area: SimulatedArea, s: Scenario = DEFAULT_SCENARIO): string {
  const lines = ['indicator_code,organisation_code,period,numerator,denominator,value'];
  for (const ind of s.indicators)
    area.months.forEach((m, t) =>
      area.practices.forEach((p, i) =>
        lines.push(
          `${ind.code},${p.code},${m.periodStart.slice(0, 7)},${area.counts.get(ind.code)![t]![i]},${p.list},`,
        ),
      ),
    );
  return lines.join('\n') + '\n';
}

/** An ODS epraccur extract naming the simulated practices (all active, in synthetic CCG 9Z1), so the load knows them. */
export function simulatedPracticesCsv(area: SimulatedArea): string {
  const q = (v: string) => `"${v}"`;
  return (
    area.practices
      .map((p) => {
        const row = Array<string>(27).fill('');
        Object.assign(row, {
          0: p.code,
          1: `SIMULATED PRACTICE ${p.code} (SYNTHETIC)`,
          2: 'Y90',
          3: 'QZZ',
          9: 'ZZ1 1ZZ',
          10: '19900401',
          12: 'A',
          13: 'B',
          14: '9Z1',
          15: '20130401',
          25: '4',
        });
        return row.map(q).join(',');
      })
      .join('\n') + '\n'
  );
}

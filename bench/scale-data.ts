/**
 * The synthetic national set of `npm run bench -- scale`, written as the files Lantern reads: a QOF geography file
 * (practices in PCNs, sub-ICBs, ICBs and regions) and one generic indicator CSV per month (every practice × every
 * indicator). Seeded: a month's figures are the same whichever path writes them, so the raw COPY and the ingest
 * take identical rows. Codes are from unused ranges (practices Z…, ICBs Q…, sub-ICBs 9…), names say SYNTHETIC.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, rbinom, rnorm } from '../src/stats/random.js';
import type { Queryable } from '../src/db/connect.js';
import { saveIndicatorDefinition } from '../src/db/repos/indicators.js';
import { IndicatorDefinition } from '../src/domain/indicators.js';
import { MAPPING_COLUMNS } from '../src/ingest/readers/ods.js';
import { GENERIC_COLUMNS } from '../src/ingest/readers/generic.js';

export interface ScaleSizes {
  practices: number;
  indicators: number;
  /** months loaded before the full compute; one more is loaded as "the new month" */
  months: number;
  icbs: number;
}

const SUB_ICBS_PER_ICB = 3;
const PRACTICES_PER_PCN = 5;
const REGIONS = 7;
/** The first month of the set: the geography file's QOF year starts its links on 1 April 2015. */
const FIRST = { year: 2015, month: 3 };

export const practiceCode = (i: number) => `Z${String(i).padStart(5, '0')}`;
export const icbCode = (k: number) => `Q${k.toString(36).toUpperCase().padStart(2, '0')}`;
const subIcbCode = (k: number, s: number) =>
  `9${(k * SUB_ICBS_PER_ICB + s).toString(36).toUpperCase().padStart(2, '0')}`;
export const indicatorCode = (k: number) => `scale_${String(k).padStart(3, '0')}`;
/** Practices are laid out in ICB blocks of about equal size. */
export const icbOf = (i: number, s: ScaleSizes) => Math.floor((i * s.icbs) / s.practices);

/** The first day and the last of month m of the set, and its generic-CSV period (YYYY-MM). */
export function monthOf(m: number): { start: string; end: string; period: string } {
  const start = new Date(Date.UTC(FIRST.year, FIRST.month + m, 1)).toISOString().slice(0, 10);
  const end = new Date(Date.UTC(FIRST.year, FIRST.month + m + 1, 0)).toISOString().slice(0, 10);
  return { start, end, period: start.slice(0, 7) };
}

/** The geography file: every practice in a PCN of five within one of three sub-ICBs of its ICB. */
export function writeGeography(dir: string, s: ScaleSizes): string {
  const lines = [MAPPING_COLUMNS.join(',')];
  // each sub-ICB's practices fill PCNs of five in turn
  const open = new Map<string, { practices: number; pcn: string }>();
  let pcns = 0;
  for (let i = 0; i < s.practices; i++) {
    const k = icbOf(i, s);
    const sub = subIcbCode(k, i % SUB_ICBS_PER_ICB);
    let o = open.get(sub);
    if (!o || o.practices === PRACTICES_PER_PCN)
      open.set(sub, (o = { practices: 0, pcn: `U9${String(pcns++).padStart(4, '0')}` }));
    o.practices++;
    const pcnOfSub = o.pcn;
    const region = `Y9${k % REGIONS}`;
    lines.push(
      [
        region,
        `SYNTHETIC REGION ${k % REGIONS}`,
        icbCode(k),
        `SYNTHETIC ICB ${k}`,
        sub,
        `SYNTHETIC SUB-ICB ${sub}`,
        pcnOfSub,
        `SYNTHETIC PCN ${pcnOfSub}`,
        practiceCode(i),
        `SYNTHETIC PRACTICE ${i}`,
      ].join(','),
    );
  }
  const path = join(dir, 'practice_pcn_ccg_stp_region_2015-16.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A synthetic practice proportion, as `lantern indicators define` would save it (published, national). */
export async function defineSyntheticIndicator(db: Queryable, code: string, k: number): Promise<void> {
  await saveIndicatorDefinition(
    db,
    IndicatorDefinition.parse({
      code,
      version: 1,
      title: `Synthetic indicator ${k}`,
      domain: 'effectiveness',
      direction: k % 2 ? 'lower_better' : 'higher_better',
      unit: '%',
      multiplier: 100,
      method: 'proportion',
      numeratorDescription: 'events',
      denominatorDescription: 'patients',
      orgType: 'practice',
      source: 'synthetic (benchmark)',
      howToRead: 'Synthetic.',
      published: true,
    }),
    'next',
  );
}

/** The indicators, defined before their values are loaded. */
export async function defineIndicators(db: Queryable, s: ScaleSizes): Promise<void> {
  for (let k = 0; k < s.indicators; k++) await defineSyntheticIndicator(db, indicatorCode(k), k);
}

/** One month's counts, indicator-major: row r is indicator ⌊r / practices⌋ of practice r mod practices. */
export interface MonthCounts {
  m: number;
  numerator: Int32Array;
  denominator: Int32Array;
}

export function monthCounts(s: ScaleSizes, m: number): MonthCounts {
  const sizes = mulberry32(7);
  const list = Array.from({ length: s.practices }, () => 500 + Math.floor(sizes() * 15000));
  const levels = Array.from({ length: s.indicators }, () => 0.05 + sizes() * 0.5);
  const rand = mulberry32(1000 + m);
  const rows = s.practices * s.indicators;
  const numerator = new Int32Array(rows);
  const denominator = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = Math.floor(r / s.practices);
    const n = Math.round(list[r % s.practices]! / 12);
    denominator[r] = n;
    numerator[r] = rbinom(rand, n, Math.min(0.95, levels[k]! * Math.exp(0.1 * rnorm(rand))));
  }
  return { m, numerator, denominator };
}

/** The month as a generic indicator CSV (value left blank: Lantern computes it from the counts). */
export function writeMonthFile(dir: string, s: ScaleSizes, c: MonthCounts): string {
  const { period } = monthOf(c.m);
  const parts: string[] = [GENERIC_COLUMNS.join(',') + '\n'];
  let text = '';
  for (let r = 0; r < c.numerator.length; r++) {
    text += `${indicatorCode(Math.floor(r / s.practices))},${practiceCode(r % s.practices)},${period},${c.numerator[r]},${c.denominator[r]},\n`;
    if (text.length > 1 << 20) {
      parts.push(text);
      text = '';
    }
  }
  parts.push(text);
  const path = join(dir, `scale_${period}.csv`);
  writeFileSync(path, parts.join(''));
  return path;
}

/** The same month as rows of the values table (VALUE_COLUMNS), for the raw COPY. */
export function monthValueRow(s: ScaleSizes, c: MonthCounts, loadId: number): (r: number) => unknown[] {
  const { start, end } = monthOf(c.m);
  return (r) => {
    const x = c.numerator[r]!;
    const n = c.denominator[r]!;
    return [
      indicatorCode(Math.floor(r / s.practices)),
      1,
      practiceCode(r % s.practices),
      start,
      end,
      x,
      n,
      n > 0 ? (x / n) * 100 : null,
      null,
      loadId,
    ];
  };
}

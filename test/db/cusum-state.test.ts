/**
 * The alerts' CUSUM run on between runs (src/variation/cusum-state.ts): after a new month only that month's counts
 * are read, and every practice's last point is still the one the whole series gives (lastCusumPoint over
 * practiceSeries, the way the alerts worked it out before); when an earlier month's counts change, the series is
 * read and run again from its start. Synthetic practices (bench/scale-data.ts), one of which drifts upwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  defineIndicators,
  indicatorCode,
  monthCounts,
  writeGeography,
  writeMonthFile,
  type ScaleSizes,
} from '../../bench/scale-data.js';
import type { Database } from '../../src/db/connect.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { computeResults } from '../../src/variation/compute.js';
import { indicatorCusum } from '../../src/variation/cusum-state.js';
import { lastCusumPoint, MIN_CUSUM_PERIODS } from '../../src/variation/practice-cusum.js';
import { fittedPeriods, practiceSeries } from '../../src/variation/stored-results.js';
import { describeEachDatabase } from './databases.js';

const SIZES: ScaleSizes = { practices: 40, indicators: 2, months: 9, icbs: 2 };

describeEachDatabase('the alerts’ CUSUM, run on from the last run', (t) => {
  let db: Database;
  let dir: string;
  /** month m's file; the first practice's first indicator drifts up from month 3, by `shift` of its rate */
  const loadMonth = async (m: number, shift = 0.35) => {
    const c = monthCounts(SIZES, m);
    if (m >= 3) c.numerator[0] = Math.min(c.denominator[0]!, Math.round(c.numerator[0]! * (1 + shift)));
    await ingestFile(db, writeMonthFile(dir, SIZES, c));
  };
  beforeAll(async () => {
    db = await t.open();
    dir = mkdtempSync(join(tmpdir(), 'lantern-cusum-'));
    await ingestFile(db, writeGeography(dir, SIZES));
    await defineIndicators(db, SIZES);
    for (let m = 0; m < SIZES.months; m++) await loadMonth(m);
    await computeResults(db);
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.dispose(db);
  });

  /** Each indicator's CUSUM now, beside every practice's last point worked out from its whole series. */
  async function runAndCompare() {
    const read: number[] = [];
    let signals = 0;
    for (const [indicator, periods] of await fittedPeriods(db)) {
      const got = await indicatorCusum(db, indicator, periods);
      read.push(got.periodsRead);
      const whole = await practiceSeries(db, indicator);
      expect([...got.practices.keys()].sort(), indicator).toEqual([...whole.keys()].sort());
      for (const [code, series] of whole) {
        const last = lastCusumPoint(series);
        const mine = got.practices.get(code)!;
        // the lower arm's 0 is −0 in the run and may come back from the store as 0: the same sum (+ 0 makes it 0)
        expect({ ...mine, lower: mine.lower + 0 }, `${indicator} ${code}`).toMatchObject({
          points: series.length,
          lastStart: last.periodStart,
          upper: last.upper,
          lower: last.lower + 0,
          signal: last.signal,
        });
        if (last.signal && series.length >= MIN_CUSUM_PERIODS) signals++;
      }
    }
    return { read, signals };
  }

  it('the first run reads every fitted period; a run with nothing new reads none; each agrees with the whole series', async () => {
    const first = await runAndCompare();
    expect(first.read).toEqual([SIZES.months, SIZES.months]);
    expect(await runAndCompare()).toMatchObject({ read: [0, 0] });
  });

  it('after a new month only that month is read, and the drifting practice signals as its whole series says', async () => {
    await loadMonth(SIZES.months);
    await computeResults(db);
    const r = await runAndCompare();
    expect(r.read).toEqual([1, 1]);
    // the drift is large enough to signal at some point, so the comparison above covered signals too
    const all = await practiceSeries(db, indicatorCode(0));
    const drifting = all.get('Z00000')!;
    expect(drifting.map((_, i) => lastCusumPoint(drifting.slice(0, i + 1)).signal)).toContain('higher');
  });

  it('when an earlier month’s counts change, the series is read again from its start', async () => {
    const c = monthCounts(SIZES, 1);
    c.numerator[1] = Math.floor(c.numerator[1]! / 2); // one practice's first indicator halved in month 1
    await ingestFile(db, writeMonthFile(dir, SIZES, c));
    await computeResults(db);
    const r = await runAndCompare();
    // the first indicator's series again; the second, whose counts did not change, reads nothing
    expect(r.read).toEqual([SIZES.months + 1, 0]);
  });
});

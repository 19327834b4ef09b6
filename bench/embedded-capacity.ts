/**
 * `npm run bench -- embedded-capacity`: how the embedded store (PGlite, file-backed in a temporary data directory,
 * as `lantern serve` opens it) grows with the values stored, and where it fails. The synthetic national set of
 * scale-data.ts, LANTERN_CAPACITY_PRACTICES (6,500) × LANTERN_CAPACITY_INDICATORS (50) values a month, grows in
 * LANTERN_CAPACITY_STEPS (10) steps: each fills LANTERN_CAPACITY_FILL_MONTHS (12) months by raw COPY into the
 * values table (the same rows the ingest path writes, without its checks: the ingest path alone would take hours on
 * this machine), then ingests one more month through `lantern ingest`'s path and computes that month's results,
 * and prints a row: values and results stored, the process's memory (RSS now and at its peak, the JavaScript
 * heap, PGlite's WebAssembly memory, which grows and never shrinks, to at most 2 GiB), the data directory's size
 * on disk, the times of the step's parts, and of an exact count of the values (what the capacity check costs a
 * load). A failure (out of memory, a crash of the WebAssembly instance) is printed with the step it interrupted.
 * The capacity limit itself is off here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/db/connect.js';
import { copyRows } from '../src/db/copy.js';
import { countValues, VALUE_COLUMNS } from '../src/db/repos/load-values.js';
import { insertLoad } from '../src/db/repos/loads.js';
import { ingestFile } from '../src/ingest/ingest-file.js';
import { computeResults } from '../src/variation/compute.js';
import {
  defineIndicators,
  monthCounts,
  monthOf,
  monthValueRow,
  writeGeography,
  writeMonthFile,
  type ScaleSizes,
} from './scale-data.js';
import { fmt, loadNow, positive } from './settings.js';

const mib = (bytes: number) => fmt(bytes / 1024 ** 2);

/** Bytes on disk under a directory (du), the figure an administrator sees. */
function diskBytes(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]);
}

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};

/** Months m…m+n−1 by raw COPY, one transaction each (a load row for their load_id, then the rows). */
async function fillMonths(db: Database, s: ScaleSizes, m: number, n: number): Promise<void> {
  for (let k = m; k < m + n; k++) {
    const counts = monthCounts(s, k);
    await db.transaction(async (tx) => {
      const id = await insertLoad(tx, {
        source: 'bench-fill',
        file: `fill_${k}.csv`,
        checksum: `fill-${k}`,
        rowsRead: counts.numerator.length,
      });
      await copyRows(
        tx,
        'indicator_values',
        VALUE_COLUMNS,
        counts.numerator.length,
        monthValueRow(s, counts, id),
      );
    });
  }
}

export async function embeddedCapacityBench(): Promise<void> {
  const s: ScaleSizes = {
    practices: positive('LANTERN_CAPACITY_PRACTICES', 6500),
    indicators: positive('LANTERN_CAPACITY_INDICATORS', 50),
    months: 0,
    icbs: 42,
  };
  const steps = positive('LANTERN_CAPACITY_STEPS', 10);
  const fill = positive('LANTERN_CAPACITY_FILL_MONTHS', 12);
  const tmp = mkdtempSync(join(tmpdir(), 'lantern-capacity-'));
  const dataDir = join(tmp, 'data');
  console.log(
    `\n## Embedded store (PGlite, file-backed) capacity: ${fmt(s.practices)} practices × ${s.indicators} indicators a month; ${steps} steps of ${fill} months by raw COPY + 1 month ingested and computed`,
  );
  console.log(`started ${new Date().toISOString()}; load average (1, 5, 15 min) before: ${loadNow()}\n`);
  console.log(
    '| months | values | results | RSS MiB | peak RSS MiB | JS heap MiB | WASM memory MiB | data dir MiB | fill s | ingest 1 month s | compute 1 month s | exact count ms | load 1/5/15 min |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let db: (Database & { wasmHeapBytes?: () => number }) | undefined;
  let m = 0;
  let step = 0;
  try {
    db = await openDatabase({ dataDir, embeddedMaxValues: Number.POSITIVE_INFINITY });
    await ingestFile(db, writeGeography(tmp, s));
    await defineIndicators(db, s);
    let results = 0;
    for (; step < steps; step++) {
      const [, tFill] = await time(() => fillMonths(db!, s, m, fill));
      m += fill;
      const file = writeMonthFile(tmp, s, monthCounts(s, m));
      const [, tIngest] = await time(() => ingestFile(db!, file));
      rmSync(file);
      const { start } = monthOf(m);
      m++;
      const [c, tCompute] = await time(() => computeResults(db!, { from: start, to: start }));
      results += c.results;
      const [values, tCount] = await time(() => countValues(db!));
      const mem = process.memoryUsage();
      console.log(
        `| ${m} | ${fmt(values)} | ${fmt(results)} | ${mib(mem.rss)} | ${mib(process.resourceUsage().maxRSS * 1024)} | ${mib(mem.heapUsed)} | ${mib(db.wasmHeapBytes?.() ?? 0)} | ${mib(diskBytes(dataDir))} | ${(tFill / 1000).toFixed(1)} | ${(tIngest / 1000).toFixed(1)} | ${(tCompute / 1000).toFixed(1)} | ${fmt(tCount)} | ${loadNow()} |`,
      );
    }
  } catch (e) {
    const mem = process.memoryUsage();
    console.log(
      `\nFAILED in step ${step + 1} (month ${m + 1}): ${(e as Error).stack ?? String(e)}\nRSS ${mib(mem.rss)} MiB, peak ${mib(process.resourceUsage().maxRSS * 1024)} MiB, WASM memory ${mib(db?.wasmHeapBytes?.() ?? 0)} MiB, data dir ${mib(diskBytes(dataDir))} MiB`,
    );
    process.exitCode = 1;
  } finally {
    await db?.close().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
    console.log(`\nfinished ${new Date().toISOString()}; load average (1, 5, 15 min) after: ${loadNow()}`);
  }
}

/**
 * Stored funnels (`lantern compute`): for each practice indicator and period, the funnel over every practice in
 * England kept as its fit (target, φ, τ² and adjustment, or an amount's centre and spread), with the method, the
 * definition version and the number of the last change to the period's inputs. Each practice's expected value,
 * z-scores, limits and flags follow from the fit and its counts, so they are derived when asked for
 * (stored-results.ts), not written: a full national compute writes a row per indicator and period, not 78 million.
 *
 * Incremental without re-reading the data: triggers keep, per indicator and period, the number of the last change
 * to its inputs (drizzle/0021_data_version.sql), so what changed is one read of that small table against the
 * numbers the stored computations were made from. A new month touches its own periods only.
 *
 * Set-based: a year of one indicator's periods is read in one query, fitted (in worker threads when there is much
 * to do, fit-pool.ts) and its fits written in one statement, so an interrupted run leaves every period either as it
 * was or fully recomputed, and running again is safe.
 */
import type { Queryable, Database } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { listIndicators, type CatalogueEntry } from '../db/repos/indicators.js';
import {
  periodChanges,
  fitInputsFor,
  practiceCodes,
  saveComputations,
  type Computation,
} from '../db/repos/variation-fits.js';
import { funnelTypeFor } from './funnel.js';
import { inThreadPool, workerPool, type FitPool } from './fit-pool.js';
import type { StoredFit } from './stored-fit.js';

export interface ComputeOptions {
  /** indicator codes (default: every practice indicator a funnel suits) */
  indicators?: string[];
  /** periods starting from / up to these dates (YYYY-MM-DD), inclusive */
  from?: string;
  to?: string;
  /** recompute even where the inputs are unchanged */
  force?: boolean;
  /**
   * told at the start and after each chunk of periods is stored (`done` counts periods stored, so a pause here
   * leaves them in the store); a promise it returns is awaited before the next write
   */
  onProgress?: (done: number, total: number, label: string) => unknown;
  /**
   * worker threads to fit in: 0 fits in this thread; default one per core when there are more than
   * WORKERS_FROM periods to compute (starting a worker costs about 100 ms)
   */
  workers?: number;
}

export interface ComputeReport {
  indicators: number;
  periods: number;
  computed: number;
  unchanged: number;
  /** periods with too few practices for a funnel (fewer than 3 with counts) */
  notFitted: number;
  /** periods that had results and whose practices' values are all gone */
  removed: number;
  /** practices' figures the stored fits give (practices with a z-score, summed over the periods computed) */
  results: number;
}

export async function computableIndicators(db: Queryable, codes?: string[]): Promise<CatalogueEntry[]> {
  const defs = (await listIndicators(db)).filter((d) => d.orgType === 'practice' && funnelTypeFor(d));
  if (!codes?.length) return defs;
  const unknown = codes.filter((c) => !defs.some((d) => d.code === c));
  if (unknown.length)
    throw new Error(
      `no practice indicator with counts has the code ${unknown.join(', ')}; see lantern indicators list`,
    );
  return defs.filter((d) => codes.includes(d.code));
}

/** Periods per read and per transaction: a year of monthly data (about 80,000 rows at national scale). */
const CHUNK_PERIODS = 12;

function chunksOf<T extends { def: { code: string } }>(work: T[]): T[][] {
  const out: T[][] = [];
  for (const w of work) {
    const last = out.at(-1);
    if (last && last[0]!.def.code === w.def.code && last.length < CHUNK_PERIODS) last.push(w);
    else out.push([w]);
  }
  return out;
}

/** A period to compute: its definition, and the change number it is computed from. */
type Work = { def: CatalogueEntry; periodStart: string; change: number; hadResults: boolean };

/** Reads under way at once: PostgreSQL reads each on its own core, and the read is most of a compute. */
const READS_AHEAD = 2;

/** Periods to compute above which worker threads pay for their start. */
const WORKERS_FROM = 60;

export async function computeResults(db: Database, opts: ComputeOptions = {}): Promise<ComputeReport> {
  const defs = await computableIndicators(db, opts.indicators);
  const report: ComputeReport = {
    indicators: defs.length,
    periods: 0,
    computed: 0,
    unchanged: 0,
    notFitted: 0,
    removed: 0,
    results: 0,
  };
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const work: Work[] = [];
  for (const c of await periodChanges(
    db,
    defs.map((d) => d.code),
  )) {
    if ((opts.from && c.periodStart < opts.from) || (opts.to && c.periodStart > opts.to)) continue;
    const def = byCode.get(c.indicator)!;
    report.periods++;
    if (!opts.force && c.stored && c.computedChange === c.change && c.computedVersion === def.version)
      report.unchanged++;
    else
      work.push({ def, periodStart: c.periodStart, change: c.change, hadResults: c.computedPractices > 0 });
  }
  const workers = opts.workers ?? (work.length > WORKERS_FROM ? undefined : 0);
  const pool: FitPool = workers === 0 ? inThreadPool : workerPool(workers);
  // read → fit (in a worker) → store the fits, with reads running ahead of writes; one write transaction at a time
  let stored = 0;
  let writing: Promise<void> = Promise.resolve();
  const ahead: Promise<void>[] = [];
  const label = (w: Work | undefined) => (w ? `${w.def.code} ${w.periodStart.slice(0, 7)}` : 'done');
  await opts.onProgress?.(0, work.length, label(work[0]));
  const chunks = chunksOf(work);
  // read only when there is something to compute: a compute that finds nothing changed stays one read
  const practices = chunks.length ? await practiceCodes(db) : { literal: '{}' };
  const read = (chunk: Work[]) => {
    const r = fitInputsFor(
      db,
      chunk[0]!.def.code,
      chunk.map((w) => w.periodStart),
      practices,
    );
    r.catch(() => {}); // awaited in turn; this only keeps a failure from going unhandled meanwhile
    return r;
  };
  // the next chunks' reads run while this one is fitted and stored (on PostgreSQL, each on its own connection)
  const reads = chunks.slice(0, READS_AHEAD).map(read);
  try {
    for (const [i, chunk] of chunks.entries()) {
      const { def } = chunk[0]!;
      const counts = await reads.shift()!;
      if (i + READS_AHEAD < chunks.length) reads.push(read(chunks[i + READS_AHEAD]!));
      const fitted = pool.fit(def, counts);
      writing = writing.then(async () => {
        const r = await fitted;
        await db.transaction((tx) => storeChunk(tx, def, chunk, r));
        tally(report, chunk, r);
        stored += chunk.length;
        await opts.onProgress?.(stored, work.length, label(work[stored]));
      });
      ahead.push(writing);
      writing.catch(() => {}); // awaited below; this only keeps a failure from going unhandled meanwhile
      // bounded read-ahead: at most a chunk per worker (and one) waiting to be fitted or written
      if (ahead.length > (workers === 0 ? 0 : (workers ?? 2) + 1)) await ahead.shift();
    }
    await writing;
  } finally {
    await pool.close();
  }
  return report;
}

async function storeChunk(
  tx: Queryable,
  def: CatalogueEntry,
  chunk: Work[],
  fits: StoredFit[],
): Promise<void> {
  const at = nowIso();
  await saveComputations(
    tx,
    chunk.map((w, i): Computation => {
      const f = fits[i]!;
      const fit = f.fit;
      return {
        indicatorCode: def.code,
        periodStart: w.periodStart,
        definitionVersion: def.version,
        method:
          f.method ??
          (f.inputs
            ? 'not fitted: fewer than 3 practices with counts'
            : 'not fitted: no practice has a value'),
        practices: f.practices,
        fitType: fit?.type ?? null,
        multiplier: fit?.multiplier ?? null,
        k: fit?.k ?? null,
        ...(fit?.type === 'continuous'
          ? { centre: fit.centre, spread: fit.spread, target: null, adjustment: null, phi: null, tau2: null }
          : {
              target: fit?.target ?? null,
              adjustment: fit?.adjustment ?? null,
              phi: fit?.phi ?? null,
              tau2: fit?.tau2 ?? null,
              centre: null,
              spread: null,
            }),
        computedAt: at,
        change: w.change,
      };
    }),
  );
}

function tally(report: ComputeReport, chunk: Work[], fits: StoredFit[]): void {
  fits.forEach((f, i) => {
    if (f.fit) {
      report.computed++;
      report.results += f.results;
    } else if (f.inputs === 0 && chunk[i]!.hadResults) report.removed++;
    else report.notFitted++;
  });
}

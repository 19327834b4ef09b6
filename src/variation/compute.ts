/**
 * Stored funnel results (`lantern compute`): for each practice indicator and period, the funnel over every practice
 * in England, one row per practice with its expected value, z-scores, limits and flags, kept with the method, the
 * definition version and a fingerprint of the inputs. Incremental: a period is recomputed only when its inputs
 * (the practices' current numerators and denominators) or the definition changed, so a new month touches one
 * period. Up to a year of one indicator's periods is written in one transaction (results replaced whole or not at
 * all), so an interrupted run leaves every period either as it was or fully recomputed, and running again is safe.
 */
import type { Queryable, Database } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { listIndicators, type CatalogueEntry } from '../db/repos/indicators.js';
import { practiceValuesFor } from '../db/repos/practice-values.js';
import {
  inputFingerprints,
  removeComputedPeriod,
  replaceResults,
  saveComputation,
  storedComputations,
} from '../db/repos/variation-results.js';
import { fitFunnel, funnelTypeFor } from './funnel.js';

export interface ComputeOptions {
  /** indicator codes (default: every practice indicator a funnel suits) */
  indicators?: string[];
  /** periods starting from / up to these dates (YYYY-MM-DD), inclusive */
  from?: string;
  to?: string;
  /** recompute even where the inputs are unchanged */
  force?: boolean;
  /** told before each chunk of periods and at the end; a promise it returns is awaited */
  onProgress?: (done: number, total: number, label: string) => unknown;
}

export interface ComputeReport {
  indicators: number;
  periods: number;
  computed: number;
  unchanged: number;
  /** periods with too few practices for a funnel (fewer than 3 with counts) */
  notFitted: number;
  removed: number;
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
  const work: Array<{ def: CatalogueEntry; periodStart: string; inputs: string }> = [];
  for (const def of defs) {
    const now = await inputFingerprints(db, def.code);
    const stored = new Map((await storedComputations(db, def.code)).map((r) => [r.periodStart, r]));
    // periods whose values are gone (superseded by nothing) lose their stored results
    const gone = [...stored.keys()].filter((p) => !now.some((n) => n.periodStart === p));
    for (const p of gone) {
      await db.transaction((tx) => removeComputedPeriod(tx, def.code, p));
      report.removed++;
    }
    for (const n of now) {
      if ((opts.from && n.periodStart < opts.from) || (opts.to && n.periodStart > opts.to)) continue;
      report.periods++;
      const s = stored.get(n.periodStart);
      if (!opts.force && s && s.inputs === n.inputs && s.version === def.version) report.unchanged++;
      else work.push({ def, periodStart: n.periodStart, inputs: n.inputs });
    }
  }
  // a chunk of periods of one indicator is read in one query and written in one transaction
  let done = 0;
  for (const chunk of chunksOf(work)) {
    const { def } = chunk[0]!;
    await opts.onProgress?.(done, work.length, `${def.code} ${chunk[0]!.periodStart.slice(0, 7)}`);
    const inputs = await practiceValuesFor(
      db,
      def.code,
      chunk.map((w) => w.periodStart),
    );
    const fits = chunk.map((w) => ({ ...w, fit: fitFunnel(def, inputs.get(w.periodStart) ?? []) }));
    // a row without a z-score (an amount of 0, which has no logarithm) was not compared: nothing to store
    const out = fits.flatMap((f) =>
      f.fit ? f.fit.rows.filter((r) => !Number.isNaN(r.z)).map((r) => [f.periodStart, r] as const) : [],
    );
    await db.transaction(async (tx) => {
      await replaceResults(
        tx,
        def.code,
        chunk.map((w) => w.periodStart),
        out,
      );
      for (const { periodStart, fit, inputs: fingerprint } of fits)
        await saveComputation(tx, {
          indicatorCode: def.code,
          periodStart,
          definitionVersion: def.version,
          method: fit?.method ?? 'not fitted: fewer than 3 practices with counts',
          inputs: fingerprint,
          practices: fit?.rows.length ?? 0,
          phi: fit?.phi ?? null,
          tau2: fit?.tau2 ?? null,
          computedAt: nowIso(),
        });
    });
    for (const { fit } of fits)
      if (fit) {
        report.computed++;
        report.results += fit.rows.filter((r) => !Number.isNaN(r.z)).length;
      } else report.notFitted++;
    done += chunk.length;
  }
  await opts.onProgress?.(done, work.length, 'done');
  return report;
}

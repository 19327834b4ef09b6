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
import { copyRows } from '../ingest/copy.js';
import { fitFunnel, funnelTypeFor, practiceValuesFor } from './funnel.js';

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

const RESULT_COLUMNS = [
  'indicator_code',
  'period_start',
  'org_code',
  'numerator',
  'denominator',
  'value',
  'expected',
  'z',
  'z_adjusted',
  'lower_95',
  'upper_95',
  'lower_99_8',
  'upper_99_8',
  'flag_95',
  'flag_99_8',
  'p',
];

/** Each period's fingerprint: md5 over the practices' current counts in code order (computed in the database); a value flagged for quality carries a mark, so flagging it recomputes its period. */
async function fingerprints(db: Queryable, indicator: string) {
  return db.query<{ periodStart: string; inputs: string }>(
    `SELECT v.period_start AS "periodStart",
            md5(string_agg(v.org_code || ':' || coalesce(v.numerator::text, '') || '/' || coalesce(v.denominator::text, '') || CASE WHEN v.quality_issue IS NULL THEN '' ELSE '!' END, ',' ORDER BY v.org_code)) AS inputs
       FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
      WHERE v.indicator_code = $1 AND v.current
      GROUP BY v.period_start ORDER BY v.period_start`,
    [indicator],
  );
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
    const now = await fingerprints(db, def.code);
    const stored = new Map(
      (
        await db.query<{ periodStart: string; inputs: string; version: number }>(
          `SELECT period_start AS "periodStart", inputs, definition_version AS version FROM variation_computations WHERE indicator_code = $1`,
          [def.code],
        )
      ).map((r) => [r.periodStart, r]),
    );
    // periods whose values are gone (superseded by nothing) lose their stored results
    const gone = [...stored.keys()].filter((p) => !now.some((n) => n.periodStart === p));
    for (const p of gone) {
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM variation_results WHERE indicator_code = $1 AND period_start = $2`, [
          def.code,
          p,
        ]);
        await tx.query(`DELETE FROM variation_computations WHERE indicator_code = $1 AND period_start = $2`, [
          def.code,
          p,
        ]);
      });
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
      await tx.query(
        `DELETE FROM variation_results WHERE indicator_code = $1 AND period_start = ANY($2::date[])`,
        [def.code, chunk.map((w) => w.periodStart)],
      );
      await copyRows(tx, 'variation_results', RESULT_COLUMNS, out.length, (i) => {
        const [periodStart, r] = out[i]!;
        return [
          def.code,
          periodStart,
          r.code,
          r.numerator,
          r.denominator,
          r.value,
          r.expected,
          r.z,
          r.z_adjusted,
          r.lower_95,
          r.upper_95,
          r.lower_99_8,
          r.upper_99_8,
          r.flag_95,
          r.flag_99_8,
          r.p,
        ];
      });
      for (const { periodStart, fit, inputs: fingerprint } of fits)
        await tx.query(
          `INSERT INTO variation_computations (indicator_code, period_start, definition_version, method, inputs, practices, phi, tau2, computed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (indicator_code, period_start) DO UPDATE SET definition_version = excluded.definition_version,
             method = excluded.method, inputs = excluded.inputs, practices = excluded.practices, phi = excluded.phi,
             tau2 = excluded.tau2, computed_at = excluded.computed_at`,
          [
            def.code,
            periodStart,
            def.version,
            fit?.method ?? 'not fitted: fewer than 3 practices with counts',
            fingerprint,
            fit?.rows.length ?? 0,
            fit?.phi ?? null,
            fit?.tau2 ?? null,
            nowIso(),
          ],
        );
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

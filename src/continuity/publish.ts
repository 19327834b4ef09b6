/**
 * SYNTHETIC continuity of care published as local context indicators: SLICC as a proportion (appointments with the
 * patient's own GP over the eligible patients' GP appointments, so it has a funnel), mean UPC and mean COC as
 * values (a mean of per-patient indices has no binomial count behind it, so no funnel). Loaded through the same
 * all-or-nothing path as any file (as the population aggregates are): a re-run with the same seed changes nothing,
 * and the variation, practice and funnel pages, suppression and the audit trail treat them like any local figure.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/connect.js';
import type { IndicatorDefinition } from '../domain/indicators.js';
import { financialYearEnding } from '../domain/periods.js';
import { LoadBuilder } from '../ingest/load-builder.js';
import { writeLoad, type LoadReport } from '../ingest/write.js';
import { generatorInputs } from '../db/repos/continuity.js';
import { currentPracticesOf } from '../db/repos/organisations.js';
import { subIcbOf } from '../db/repos/population.js';
import { today } from '../domain/clock.js';
import { computeResults } from '../variation/compute.js';
import { byPatient, generatePractice, type GeneratorPractice } from './generator.js';
import { MIN_APPOINTMENTS, practiceContinuity, type PracticeContinuity } from './measures.js';

export const CONTINUITY_SOURCE = 'continuity_synthetic';
export const CONTINUITY_SOURCE_TEXT =
  'Lantern continuity of care, from SYNTHETIC appointments (seeded generator; not real data)';

const base = {
  version: 1,
  orgType: 'practice',
  source: CONTINUITY_SOURCE_TEXT,
  published: false,
  numeratorKind: 'events' as const,
  family: 'continuity_of_care',
  domain: 'context' as const,
  direction: 'higher_better' as const,
};

export const SLICC: IndicatorDefinition = {
  ...base,
  code: 'cont_slicc',
  title: 'SYNTHETIC continuity: St Leonard’s Index (SLICC)',
  unit: '%',
  multiplier: 100,
  method: 'proportion',
  numeratorDescription: `GP appointments with the patient’s own list GP, among patients with ${MIN_APPOINTMENTS} or more GP appointments in the year`,
  denominatorDescription: `GP appointments of patients with ${MIN_APPOINTMENTS} or more GP appointments in the year`,
  howToRead:
    'SYNTHETIC: made by a seeded generator, not from real appointments. The share of GP appointments that are with the patient’s own GP (Sidaway-Lee, Gray & Evans 2019). Higher is more continuity. Appointments cluster within patients, so the funnel’s overdispersion-adjusted limits are the ones to read.',
};

export const UPC: IndicatorDefinition = {
  ...base,
  code: 'cont_upc',
  title: 'SYNTHETIC continuity: Usual Provider of Care (mean UPC)',
  unit: 'index (0–1)',
  multiplier: 1,
  method: 'value',
  numeratorDescription: null,
  denominatorDescription: `patients with ${MIN_APPOINTMENTS} or more GP appointments in the year`,
  howToRead:
    'SYNTHETIC: made by a seeded generator, not from real appointments. Per patient, the share of their appointments with the GP they saw most (Breslau & Reeb 1975), averaged over patients. 1 is full continuity. A mean of per-patient indices: no funnel.',
};

export const COC: IndicatorDefinition = {
  ...base,
  code: 'cont_coc',
  title: 'SYNTHETIC continuity: Bice–Boxerman Continuity of Care index (mean COC)',
  unit: 'index (0–1)',
  multiplier: 1,
  method: 'value',
  numeratorDescription: null,
  denominatorDescription: `patients with ${MIN_APPOINTMENTS} or more GP appointments in the year`,
  howToRead:
    'SYNTHETIC: made by a seeded generator, not from real appointments. Per patient, (Σ n_j² − n) / (n(n − 1)) over the appointments with each GP (Bice & Boxerman 1977), averaged over patients: 0 when every appointment is with a different GP, 1 when all are with one. No funnel.',
};

export const CONTINUITY_DEFINITIONS = [SLICC, UPC, COC];
export const CONTINUITY_CODES = CONTINUITY_DEFINITIONS.map((d) => d.code);

export interface ContinuityOptions {
  seed: number;
  /** the financial year the synthetic appointments stand for, by the year it ends */
  yearEnding: number;
}

export interface PracticeResult extends PracticeContinuity {
  code: string;
  propensity: number;
  gps: number;
}

/** Generate and measure (nothing stored): each practice's indices from its SYNTHETIC appointments. */
export function measurePractices(practices: readonly GeneratorPractice[], seed: number): PracticeResult[] {
  return practices.map((p) => {
    const s = generatePractice(p, { seed });
    return { code: p.code, propensity: s.propensity, gps: s.gps.length, ...practiceContinuity(byPatient(s)) };
  });
}

/**
 * Generate, measure and load the SYNTHETIC continuity of these practices (those without a list size are skipped)
 * as one load, then compute the SLICC funnel. Returns null when no practice had a list size.
 */
export async function publishContinuity(
  db: Database,
  practices: readonly string[],
  opts: ContinuityOptions,
): Promise<{ report: LoadReport; results: PracticeResult[] } | null> {
  return publishContinuityOf(db, await generatorInputs(db, practices), opts);
}

/** The same, from list sizes (and deprivation) given here rather than read from the store. */
export async function publishContinuityOf(
  db: Database,
  inputs: readonly GeneratorPractice[],
  opts: ContinuityOptions,
): Promise<{ report: LoadReport; results: PracticeResult[] } | null> {
  if (inputs.length === 0) return null;
  const results = measurePractices(inputs, opts.seed);
  const period = financialYearEnding(opts.yearEnding);
  const b = new LoadBuilder();
  for (const d of CONTINUITY_DEFINITIONS) b.indicator(d);
  let line = 0;
  for (const r of results) {
    if (r.eligiblePatients === 0) continue;
    b.value(
      {
        indicator: SLICC.code,
        org: r.code,
        period,
        numerator: r.withUsualGp,
        denominator: r.eligibleAppointments,
        value: 100 * r.slicc!,
      },
      ++line,
    );
    b.value(
      { indicator: UPC.code, org: r.code, period, numerator: null, denominator: null, value: r.upc },
      ++line,
    );
    b.value(
      { indicator: COC.code, org: r.code, period, numerator: null, denominator: null, value: r.coc },
      ++line,
    );
  }
  b.rowsRead = line;
  const checksum = createHash('sha256')
    .update(JSON.stringify({ seed: opts.seed, yearEnding: opts.yearEnding, inputs }))
    .digest('hex');
  const report = await writeLoad(db, b, {
    source: CONTINUITY_SOURCE,
    file: `continuity of care (${results.length} practices, seed ${opts.seed}, SYNTHETIC)`,
    checksum,
  });
  if (report.loadId !== null) await computeResults(db, { indicators: [SLICC.code] });
  return { report, results };
}

/** The financial year that ended last by this day (YYYY-MM-DD), by the year it ends: 2024-05-01 → 2024. */
export const lastFinancialYearEnding = (day: string) =>
  Number(day.slice(0, 4)) - (Number(day.slice(5, 7)) >= 4 ? 0 : 1);

/** Every current practice of an ICB or sub-ICB that has a list size: the demo's and the CLI's `--area`. */
export async function publishAreaContinuity(db: Database, area: string, opts: ContinuityOptions) {
  const practices = (await currentPracticesOf(db, area)).map((p) => p.code);
  return publishContinuity(db, practices, opts);
}

export const DEMO_CONTINUITY_SEED = 2026;

/** The demo's step: SYNTHETIC continuity for the practices of the demo practice's sub-ICB. */
export async function publishDemoContinuity(db: Database, practice: string) {
  const day = today();
  const area = await subIcbOf(db, practice, day);
  if (!area) return null;
  return publishAreaContinuity(db, area, {
    seed: DEMO_CONTINUITY_SEED,
    yearEnding: lastFinancialYearEnding(day),
  });
}

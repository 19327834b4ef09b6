/**
 * Population health, end to end: a practice's patients (SYNTHETIC from its published age/sex structure and QOF
 * prevalences, or a real extract pseudonymised at source), scored for frailty (eFI) and emergency-admission risk,
 * and summed into practice indicators that reach every other page as local figures.
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/connect.js';
import type { PatientKeys } from '../concerns/nhs-number.js';
import { appendAudit } from '../auth/audit.js';
import { QOF_GROUPS } from '../domain/indicators.js';
import {
  currentRiskModel,
  extractOf,
  extracts,
  newestAgeSex,
  newestQofRegisters,
  patientsOf,
  patientsWithOutcome,
  practicesWithUnscored,
  purgePractice,
  saveRiskModel,
  saveRisks,
  writeExtract,
  type ExtractWrite,
  type RiskModelRow,
  type StoredPatient,
} from '../db/repos/population.js';
import { generatePatients, type PracticeProfile, type SyntheticPatient } from './generator.js';
import { admissionRisk, fitAdmissionModel, GENERATING_MODEL, type AdmissionModel } from './admission-risk.js';

export interface Actor {
  userId: number | null;
  email: string;
  role: string | null;
  ip: string | null;
}

export const SYSTEM: Actor = { userId: null, email: 'system', role: null, ip: null };

/** Why a practice's patients cannot be made: it has no published age/sex structure or no QOF registers. */
export class NoProfile extends Error {}

const STARPU_SEXES = new Set(['male', 'female']);

/**
 * What the generator needs of a practice, from what Lantern holds: the newest 9-band age/sex counts (HSCIC quarterly
 * list sizes) and, per QOF group, the newest register as a share of the whole list. The two may be years apart (the
 * open age/sex files end in 2016); for a synthetic list that is said, not hidden (the extract's source names both).
 */
export async function practiceProfile(
  db: Queryable,
  practice: string,
): Promise<PracticeProfile & { source: string }> {
  const ageSex = await newestAgeSex(db, practice);
  const list = ageSex.reduce((s, r) => s + r.patients, 0);
  if (ageSex.length === 0 || list <= 0)
    throw new NoProfile(
      `${practice} has no age/sex list sizes loaded (registered_patients/list_size_age_sex_…)`,
    );
  const registers = await newestQofRegisters(db, practice);
  if (registers.length === 0)
    throw new NoProfile(`${practice} has no QOF prevalence registers loaded (qof/…/PREVALENCE_…)`);
  const prevalence: Record<string, number> = {};
  // disease registers only (a QOF year's other prevalence measures, such as blood pressure, are not conditions)
  for (const r of registers) if (r.group in QOF_GROUPS) prevalence[r.group] = Math.min(1, r.register / list);
  const qofYears = [...new Set(registers.map((r) => r.periodStart.slice(0, 4)))].sort();
  return {
    practiceCode: practice,
    ageSex: ageSex
      .filter((r) => STARPU_SEXES.has(r.sex))
      .map((r) => ({
        sex: r.sex as 'male' | 'female',
        ageBand: r.ageBand,
        patients: Math.round(r.patients),
      })),
    prevalence,
    source: `SYNTHETIC patients from the practice's age/sex list sizes of ${ageSex[0]!.date} and QOF registers from ${qofYears.join(', ')}`,
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A pseudonym that links the same NHS number across extracts without holding it. */
const pseudonym = (keys: PatientKeys, nhsNumber: string) => keys.link(nhsNumber).slice(0, 20);

export interface ExtractReport extends Partial<ExtractWrite> {
  practice: string;
  patients: number;
  unchanged: boolean;
}

/** An extract older than the one a practice already has: refused, since it would drop patients who joined since. */
export class OlderExtract extends Error {}

type ExtractMetaIn = {
  practiceCode: string;
  synthetic: boolean;
  source: string;
  checksum: string;
  asAt: string;
  seed: number | null;
};

/**
 * Write one practice's extract with its audit entry in the caller's transaction, unless the same extract (checksum)
 * is already there; an older one than the practice's is refused.
 */
async function storeExtractIn(
  tx: Queryable,
  meta: ExtractMetaIn,
  patients: StoredPatient[],
  actor: Actor,
): Promise<ExtractReport> {
  const existing = await extractOf(tx, meta.practiceCode);
  if (existing?.checksum === meta.checksum)
    return { practice: meta.practiceCode, patients: existing.patients, unchanged: true };
  if (existing && meta.asAt < existing.asAt)
    throw new OlderExtract(
      `${meta.practiceCode}: this extract of ${meta.asAt} is older than the one loaded (${existing.asAt}); nothing was loaded`,
    );
  const w = await writeExtract(tx, { ...meta, loadedBy: actor.email }, patients);
  await appendAudit(tx, {
    actorUserId: actor.userId,
    actor: actor.email,
    role: null,
    ip: actor.ip,
    action: 'population.extract',
    target: `practice:${meta.practiceCode}`,
    outcome: 'success',
    details: { synthetic: meta.synthetic, patients: patients.length, ...w, source: meta.source },
  });
  return { practice: meta.practiceCode, patients: patients.length, unchanged: false, ...w };
}

/**
 * Make (or remake, when the profile or seed changed) practices' SYNTHETIC patients, scored as they are written: with
 * the model in use, or, when there is none yet, one fitted on these patients (so nothing is read back to be scored).
 * `keepExtractDate`: a practice that already has a list keeps its date (the demo's lists do not move day by day).
 */
export async function generateForPractices(
  db: Database,
  keys: PatientKeys,
  practices: readonly string[],
  opts: { seed: number; asAt: string; keepExtractDate?: boolean; actor?: Actor },
  progress: (done: number, total: number) => void = () => {},
): Promise<ExtractReport[]> {
  const reports = new Map<string, ExtractReport>();
  const pending: Array<{
    practice: string;
    source: string;
    checksum: string;
    asAt: string;
    patients: SyntheticPatient[];
  }> = [];
  for (const practice of practices) {
    const profile = await practiceProfile(db, practice);
    const existing = await extractOf(db, practice);
    const asAt = (opts.keepExtractDate && existing?.asAt) || opts.asAt;
    // the same profile and seed make the same patients: a re-run changes nothing
    const checksum = sha256(JSON.stringify({ v: 1, profile, seed: opts.seed, asAt }));
    if (existing?.checksum === checksum)
      reports.set(practice, { practice, patients: existing.patients, unchanged: true });
    else
      pending.push({
        practice,
        source: profile.source,
        checksum,
        asAt,
        patients: generatePatients(profile, opts.seed),
      });
  }
  if (pending.length > 0) {
    const model = asModel(
      (await currentRiskModel(db)) ??
        (await saveFittedModel(
          db,
          pending.flatMap((p) => p.patients),
        )),
    );
    for (const [i, g] of pending.entries()) {
      const patients: StoredPatient[] = g.patients.map((p) => ({
        patientRef: pseudonym(keys, p.nhsNumber),
        nhsNumberEnc: keys.encrypt(p.nhsNumber),
        sex: p.sex,
        age: p.age,
        conditions: p.conditions,
        deficits: p.deficits,
        admissionsPrior: p.admissionsPrior12m,
        appointmentsPrior: p.appointmentsPrior12m,
        admittedNext: p.admittedNext12m,
        risk: admissionRisk(model, p),
      }));
      const meta = {
        practiceCode: g.practice,
        synthetic: true,
        source: g.source,
        checksum: g.checksum,
        asAt: g.asAt,
        seed: opts.seed,
      };
      reports.set(
        g.practice,
        await db.transaction((tx) => storeExtractIn(tx, meta, patients, opts.actor ?? SYSTEM)),
      );
      progress(i + 1, pending.length);
    }
  }
  return practices.map((p) => reports.get(p)!);
}

/** One practice's SYNTHETIC patients (see generateForPractices). */
export async function generateForPractice(
  db: Database,
  keys: PatientKeys,
  practice: string,
  opts: { seed: number; asAt: string; actor?: Actor },
): Promise<ExtractReport> {
  return (await generateForPractices(db, keys, [practice], opts))[0]!;
}

/** Write a real extract's patients for each of its practices (already parsed and checked; see extract.ts). */
export async function storeParsedExtract(
  db: Database,
  parsed: { file: string; checksum: string; asAt: string; practices: Map<string, StoredPatient[]> },
  actor: Actor,
): Promise<ExtractReport[]> {
  // the whole file in one transaction: every practice in it is written, or none
  return db.transaction(async (tx) => {
    const reports: ExtractReport[] = [];
    for (const [practice, patients] of parsed.practices)
      reports.push(
        await storeExtractIn(
          tx,
          {
            practiceCode: practice,
            synthetic: false,
            source: `extract ${parsed.file}`,
            checksum: sha256(`${parsed.checksum}:${practice}`),
            asAt: parsed.asAt,
            seed: null,
          },
          patients,
          actor,
        ),
      );
    return reports;
  });
}

const asModel = (m: RiskModelRow): AdmissionModel => ({
  version: m.version,
  source: m.source,
  intercept: m.intercept,
  coefficients: m.coefficients,
  ...(m.n !== null ? { n: m.n } : {}),
  ...(m.auc !== null ? { auc: m.auc } : {}),
});

/** Fit the emergency-admission model on every patient with a known outcome and keep it as the model in use. */
export async function fitRiskModel(db: Database): Promise<RiskModelRow | null> {
  const cohort = await patientsWithOutcome(db);
  return cohort.length === 0 ? null : saveFittedModel(db, cohort.map(toModelPatient));
}

/** Keep a model as the one in use: fitted on these patients, or the repository's documented one. */
async function keepModel(db: Database, m: AdmissionModel): Promise<RiskModelRow> {
  await db.transaction((tx) =>
    saveRiskModel(tx, {
      version: m.version,
      source: m.source,
      intercept: m.intercept,
      coefficients: m.coefficients,
      n: m.n ?? null,
      auc: m.auc ?? null,
    }),
  );
  return (await currentRiskModel(db))!;
}

const saveFittedModel = (db: Database, patients: Parameters<typeof fitAdmissionModel>[0]) =>
  keepModel(db, fitAdmissionModel(patients));

/** Keep the repository's documented model (GENERATING_MODEL) as the model in use. */
const useDocumentedModel = (db: Database) => keepModel(db, GENERATING_MODEL);

/** What the models read of a stored patient. */
export const toModelPatient = (p: StoredPatient) => ({
  sex: p.sex,
  age: p.age,
  conditions: p.conditions,
  deficits: p.deficits,
  admissionsPrior12m: p.admissionsPrior,
  appointmentsPrior12m: p.appointmentsPrior,
  admittedNext12m: p.admittedNext ?? false,
});

/**
 * Score patients with the model in use (fitting one first when there is none): those not yet scored, or every
 * practice's when `all` (after a new model).
 */
export async function scorePatients(
  db: Database,
  opts: { all?: boolean } = {},
): Promise<{ model: RiskModelRow | null; patients: number }> {
  const existing = await currentRiskModel(db);
  // with no model yet: fit one on the patients with a known outcome, else (real extracts carry none) use the documented
  // coefficients kept in the repository
  const model = existing ?? (await fitRiskModel(db)) ?? (await useDocumentedModel(db));
  const m = asModel(model);
  const practices =
    opts.all || !existing ? (await extracts(db)).map((e) => e.practiceCode) : await practicesWithUnscored(db);
  let n = 0;
  for (const practice of practices) {
    const patients = await patientsOf(db, practice);
    const risks = patients.map((p) => ({ id: p.id, risk: admissionRisk(m, toModelPatient(p)) }));
    await db.transaction((tx) => saveRisks(tx, practice, risks));
    n += risks.length;
  }
  return { model, patients: n };
}

/** The retention purge of one practice, audited. */
export async function purge(db: Database, practice: string, actor: Actor): Promise<number> {
  return db.transaction(async (tx) => {
    const n = await purgePractice(tx, practice);
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actor: actor.email,
      role: null,
      ip: actor.ip,
      action: 'population.purge',
      target: `practice:${practice}`,
      outcome: 'success',
      details: { patients: n },
    });
    return n;
  });
}

/**
 * Population health: every query over the patient-level tables (drizzle/0016_population.sql). Callers decide who may
 * read what (src/auth/policy.ts); these functions are scoped by practice so that no query reads across practices.
 */
import type { Queryable } from '../connect.js';
import { copyRows } from '../copy.js';

/** A patient as stored: a pseudonym, the clinical facts the models read, and what the practice recorded. */
export interface StoredPatient {
  patientRef: string;
  nhsNumberEnc: string | null;
  sex: 'male' | 'female';
  age: number;
  conditions: string[];
  deficits: number[];
  admissionsPrior: number;
  appointmentsPrior: number;
  admittedNext: boolean | null;
  /** the predicted risk, when it was worked out before writing */
  risk?: number | null;
}

export interface PatientRow extends StoredPatient {
  id: number;
  risk: number | null;
  namedGp: string | null;
  carePlanAgreed: string | null;
  carePlanReviewed: string | null;
}

export interface ExtractRow {
  id: number;
  practiceCode: string;
  synthetic: boolean;
  source: string;
  checksum: string;
  asAt: string;
  patients: number;
  seed: number | null;
  loadedAt: string;
  loadedBy: string;
}

export interface ExtractMeta {
  practiceCode: string;
  synthetic: boolean;
  source: string;
  checksum: string;
  asAt: string;
  seed: number | null;
  loadedBy: string;
}

const PATIENT_COLUMNS = `id, patient_ref AS "patientRef", nhs_number_enc AS "nhsNumberEnc", sex, age, conditions,
  deficits, admissions_prior AS "admissionsPrior", appointments_prior AS "appointmentsPrior",
  admitted_next AS "admittedNext", risk, named_gp AS "namedGp", care_plan_agreed AS "carePlanAgreed",
  care_plan_reviewed AS "carePlanReviewed"`;

const EXTRACT_COLUMNS = `id, practice_code AS "practiceCode", synthetic, source, checksum, as_at AS "asAt", patients,
  seed, loaded_at AS "loadedAt", loaded_by AS "loadedBy"`;

/** A PostgreSQL array literal for COPY's CSV cells: {a,b} (the values here are codes and small integers). */
const arrayLiteral = (xs: readonly (string | number)[]) => `{${xs.join(',')}}`;

export async function extractOf(db: Queryable, practice: string): Promise<ExtractRow | null> {
  const [row] = await db.query<ExtractRow>(
    `SELECT ${EXTRACT_COLUMNS} FROM population_extracts WHERE practice_code = $1`,
    [practice],
  );
  return row ?? null;
}

export async function extracts(db: Queryable): Promise<ExtractRow[]> {
  return db.query<ExtractRow>(`SELECT ${EXTRACT_COLUMNS} FROM population_extracts ORDER BY practice_code`);
}

export interface ExtractWrite {
  extractId: number;
  inserted: number;
  updated: number;
  removed: number;
}

/**
 * Write a practice's extract in the caller's transaction: patients matched by pseudonym keep their id and what the
 * practice recorded (named GP, care plan and its history); new ones are added; those no longer in the extract have
 * left the list and are removed with their history (the report says how many).
 */
export async function writeExtract(
  tx: Queryable,
  meta: ExtractMeta,
  patients: readonly StoredPatient[],
): Promise<ExtractWrite> {
  const [extract] = await tx.query<{ id: number }>(
    `INSERT INTO population_extracts (practice_code, synthetic, source, checksum, as_at, patients, seed, loaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (practice_code) DO UPDATE SET synthetic = EXCLUDED.synthetic, source = EXCLUDED.source,
       checksum = EXCLUDED.checksum, as_at = EXCLUDED.as_at, patients = EXCLUDED.patients, seed = EXCLUDED.seed,
       loaded_at = now(), loaded_by = EXCLUDED.loaded_by
     RETURNING id`,
    [
      meta.practiceCode,
      meta.synthetic,
      meta.source,
      meta.checksum,
      meta.asAt,
      patients.length,
      meta.seed,
      meta.loadedBy,
    ],
  );
  await tx.query(
    `CREATE TEMP TABLE IF NOT EXISTS population_incoming (
       patient_ref text, nhs_number_enc text, sex text, age smallint, conditions text[], deficits smallint[],
       admissions_prior smallint, appointments_prior smallint, admitted_next boolean, risk double precision)
     ON COMMIT DROP`,
  );
  await tx.query('TRUNCATE population_incoming');
  await copyRows(
    tx,
    'population_incoming',
    [
      'patient_ref',
      'nhs_number_enc',
      'sex',
      'age',
      'conditions',
      'deficits',
      'admissions_prior',
      'appointments_prior',
      'admitted_next',
      'risk',
    ],
    patients.length,
    (i) => {
      const p = patients[i]!;
      return [
        p.patientRef,
        p.nhsNumberEnc,
        p.sex,
        p.age,
        arrayLiteral(p.conditions),
        arrayLiteral(p.deficits),
        p.admissionsPrior,
        p.appointmentsPrior,
        p.admittedNext,
        p.risk ?? null,
      ];
    },
  );
  const [removed] = await tx.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM population_patients p WHERE p.practice_code = $1
          AND NOT EXISTS (SELECT 1 FROM population_incoming i WHERE i.patient_ref = p.patient_ref)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [meta.practiceCode],
  );
  const written = await tx.query<{ inserted: boolean }>(
    `INSERT INTO population_patients (extract_id, practice_code, patient_ref, nhs_number_enc, sex, age, conditions,
       deficits, admissions_prior, appointments_prior, admitted_next, risk)
     SELECT $1, $2, patient_ref, nhs_number_enc, sex, age, conditions, deficits, admissions_prior,
       appointments_prior, admitted_next, risk FROM population_incoming
     ON CONFLICT (practice_code, patient_ref) DO UPDATE SET extract_id = EXCLUDED.extract_id,
       nhs_number_enc = COALESCE(EXCLUDED.nhs_number_enc, population_patients.nhs_number_enc), sex = EXCLUDED.sex,
       age = EXCLUDED.age, conditions = EXCLUDED.conditions, deficits = EXCLUDED.deficits,
       admissions_prior = EXCLUDED.admissions_prior, appointments_prior = EXCLUDED.appointments_prior,
       admitted_next = EXCLUDED.admitted_next, risk = EXCLUDED.risk
     RETURNING (xmax = 0) AS inserted`,
    [extract!.id, meta.practiceCode],
  );
  const inserted = written.filter((r) => r.inserted).length;
  return { extractId: extract!.id, inserted, updated: written.length - inserted, removed: removed!.n };
}

/** The retention purge: a practice's patients, their history and the extract record go together. */
export async function purgePractice(tx: Queryable, practice: string): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(
    `WITH gone AS (DELETE FROM population_patients WHERE practice_code = $1 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [practice],
  );
  await tx.query('DELETE FROM population_extracts WHERE practice_code = $1', [practice]);
  return n;
}

/** Every patient of a practice, for scoring (the models read the clinical columns only). */
export async function patientsOf(db: Queryable, practice: string): Promise<PatientRow[]> {
  return db.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM population_patients WHERE practice_code = $1 ORDER BY id`,
    [practice],
  );
}

/** Every stored patient with an outcome, for fitting the risk model (clinical columns only, no identifiers). */
export async function patientsWithOutcome(db: Queryable): Promise<StoredPatient[]> {
  return db.query<StoredPatient>(
    `SELECT '' AS "patientRef", NULL AS "nhsNumberEnc", sex, age, conditions, deficits,
       admissions_prior AS "admissionsPrior", appointments_prior AS "appointmentsPrior", admitted_next AS "admittedNext"
       FROM population_patients WHERE admitted_next IS NOT NULL ORDER BY id`,
  );
}

/** Store each patient's predicted risk (ids of one practice, in the caller's transaction). */
export async function saveRisks(
  tx: Queryable,
  practice: string,
  risks: ReadonlyArray<{ id: number; risk: number }>,
): Promise<void> {
  await tx.query(
    'CREATE TEMP TABLE IF NOT EXISTS population_risk_incoming (id bigint, risk double precision) ON COMMIT DROP',
  );
  await tx.query('TRUNCATE population_risk_incoming');
  await copyRows(tx, 'population_risk_incoming', ['id', 'risk'], risks.length, (i) => [
    risks[i]!.id,
    risks[i]!.risk,
  ]);
  await tx.query(
    `UPDATE population_patients p SET risk = r.risk FROM population_risk_incoming r
      WHERE p.id = r.id AND p.practice_code = $1`,
    [practice],
  );
}

export type PatientList = 'over75' | 'high_risk';

/** The share of adults (18+) in the highest-risk list: the 2% the 2014 unplanned-admissions enhanced service named. */
export const HIGH_RISK_SHARE = 0.02;

/**
 * A page of a practice's list: everyone aged 75 and over, or the adults with the highest predicted risk (the top
 * HIGH_RISK_SHARE of the practice's adults, at least one), each ordered by risk, highest first.
 */
export async function listPatients(
  db: Queryable,
  practice: string,
  list: PatientList,
  page: number,
  pageSize: number,
): Promise<{ total: number; patients: PatientRow[] }> {
  const where =
    list === 'over75'
      ? 'practice_code = $1 AND age >= 75'
      : `practice_code = $1 AND age >= 18 AND id IN (
           SELECT id FROM population_patients WHERE practice_code = $1 AND age >= 18 AND risk IS NOT NULL
            ORDER BY risk DESC, id
            LIMIT GREATEST(1, ceil(${HIGH_RISK_SHARE} *
              (SELECT count(*) FROM population_patients WHERE practice_code = $1 AND age >= 18))::int))`;
  const [{ total }] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM population_patients WHERE ${where}`,
    [practice],
  );
  const patients = await db.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM population_patients WHERE ${where}
      ORDER BY risk DESC NULLS LAST, id LIMIT $2 OFFSET $3`,
    [practice, pageSize, (page - 1) * pageSize],
  );
  return { total, patients };
}

export async function patientById(db: Queryable, practice: string, id: number): Promise<PatientRow | null> {
  const [row] = await db.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM population_patients WHERE practice_code = $1 AND id = $2`,
    [practice, id],
  );
  return row ?? null;
}

export type CareKind = 'named_gp' | 'care_plan_agreed' | 'care_plan_reviewed';

export interface CareEvent {
  kind: CareKind;
  value: string | null;
  onDate: string | null;
  actor: string;
  at: string;
}

export async function careHistory(db: Queryable, patientId: number): Promise<CareEvent[]> {
  return db.query<CareEvent>(
    `SELECT kind, value, on_date AS "onDate", actor, at FROM population_care_events
      WHERE patient_id = $1 ORDER BY at, id`,
    [patientId],
  );
}

/** Record a named GP or a care plan step: the history gets the event, the patient row the latest value. */
export async function recordCare(
  tx: Queryable,
  practice: string,
  patientId: number,
  event: { kind: CareKind; value: string | null; onDate: string | null },
  actor: { userId: number | null; email: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO population_care_events (patient_id, kind, value, on_date, actor, actor_user_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [patientId, event.kind, event.value, event.onDate, actor.email, actor.userId],
  );
  // each statement names only the parameters it uses (PostgreSQL cannot type an unused one)
  const [set, value] =
    event.kind === 'named_gp'
      ? ['named_gp = $3', event.value]
      : event.kind === 'care_plan_agreed'
        ? ['care_plan_agreed = $3::date, care_plan_reviewed = NULL', event.onDate]
        : ['care_plan_reviewed = $3::date', event.onDate];
  await tx.query(`UPDATE population_patients SET ${set} WHERE practice_code = $1 AND id = $2`, [
    practice,
    patientId,
    value,
  ]);
}

export interface RiskModelRow {
  id: number;
  version: string;
  source: string;
  intercept: number;
  coefficients: Record<string, number>;
  n: number | null;
  auc: number | null;
  fittedAt: string;
}

export async function saveRiskModel(
  tx: Queryable,
  m: Omit<RiskModelRow, 'id' | 'fittedAt'>,
): Promise<number> {
  const [{ id }] = await tx.query<{ id: number }>(
    `INSERT INTO population_risk_models (version, source, intercept, coefficients, n, auc)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id`,
    [m.version, m.source, m.intercept, JSON.stringify(m.coefficients), m.n, m.auc],
  );
  return id;
}

/** The model in use: the newest stored. */
export async function currentRiskModel(db: Queryable): Promise<RiskModelRow | null> {
  const [row] = await db.query<RiskModelRow>(
    `SELECT id, version, source, intercept, coefficients, n, auc, fitted_at AS "fittedAt"
       FROM population_risk_models ORDER BY id DESC LIMIT 1`,
  );
  return row ?? null;
}

/** Counts per practice behind the population indicators (see src/population/aggregates.ts). */
export interface PracticeCounts {
  practiceCode: string;
  synthetic: boolean;
  asAt: string;
  over75: number;
  over75NamedGp: number;
  over75CurrentPlan: number;
  aged65: number;
  aged65ModerateSevere: number;
  adults: number;
  adultsScored: number;
  adultsHighRisk: number;
}

/**
 * The counts, every practice with an extract. A care plan is current when agreed or last reviewed within the 12
 * months to the extract's date; frailty is moderate or severe from `moderateFrom` deficits (eFI > 0.24); high risk is
 * a predicted risk at or above `highRisk`.
 */
export async function practiceCounts(
  db: Queryable,
  highRisk: number,
  moderateFrom: number,
  /** a care plan is current for this many months from its agreement or last review */
  currentMonths: number,
): Promise<PracticeCounts[]> {
  return db.query<PracticeCounts>(
    `SELECT e.practice_code AS "practiceCode", e.synthetic, e.as_at AS "asAt",
        count(*) FILTER (WHERE p.age >= 75)::int AS "over75",
        count(*) FILTER (WHERE p.age >= 75 AND p.named_gp IS NOT NULL)::int AS "over75NamedGp",
        count(*) FILTER (WHERE p.age >= 75 AND GREATEST(p.care_plan_agreed, p.care_plan_reviewed)
                          > (e.as_at - make_interval(months => $3))::date)::int AS "over75CurrentPlan",
        count(*) FILTER (WHERE p.age >= 65)::int AS "aged65",
        count(*) FILTER (WHERE p.age >= 65 AND cardinality(p.deficits) >= $2)::int AS "aged65ModerateSevere",
        count(*) FILTER (WHERE p.age >= 18)::int AS "adults",
        count(*) FILTER (WHERE p.age >= 18 AND p.risk IS NOT NULL)::int AS "adultsScored",
        count(*) FILTER (WHERE p.age >= 18 AND p.risk >= $1)::int AS "adultsHighRisk"
       FROM population_extracts e JOIN population_patients p ON p.extract_id = e.id
      GROUP BY e.practice_code, e.synthetic, e.as_at ORDER BY e.practice_code`,
    [highRisk, moderateFrom, currentMonths],
  );
}

/** Which of the codes are practices Lantern knows. */
export async function knownPractices(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM organisations WHERE type = 'practice' AND code = ANY($1)`,
    [codes],
  );
  return new Set(rows.map((r) => r.code));
}

/** A practice's newest 9-band age/sex counts (HSCIC quarterly list sizes). */
export async function newestAgeSex(
  db: Queryable,
  practice: string,
): Promise<Array<{ sex: string; ageBand: string; patients: number; date: string }>> {
  return db.query(
    `SELECT sex, age_band AS "ageBand", patients, date FROM populations
      WHERE org_code = $1 AND scheme = 'starpu9'
        AND date = (SELECT max(date) FROM populations WHERE org_code = $1 AND scheme = 'starpu9')
      ORDER BY sex, age_band`,
    [practice],
  );
}

/** A practice's newest QOF register count of each group, with the period it is for. */
export async function newestQofRegisters(
  db: Queryable,
  practice: string,
): Promise<Array<{ group: string; register: number; periodStart: string }>> {
  return db.query(
    `SELECT DISTINCT ON (indicator_code) upper(substring(indicator_code from 16)) AS "group",
        numerator AS register, period_start AS "periodStart"
       FROM indicator_values
      WHERE org_code = $1 AND current AND indicator_code LIKE 'qof\\_prevalence\\_%' AND numerator IS NOT NULL
        AND quality_issue IS NULL
      ORDER BY indicator_code, period_start DESC`,
    [practice],
  );
}

/**
 * The practices of an area (an ICB or sub-ICB, through today's links) that have what a synthetic list is made from:
 * age/sex list sizes and QOF registers. Ordered by code.
 */
export async function practicesWithProfiles(db: Queryable, area: string, day: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT DISTINCT p.child_code AS code FROM organisation_links p
       LEFT JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb'
        AND i.valid_from <= $2 AND (i.valid_to IS NULL OR i.valid_to > $2)
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)
        AND (p.parent_code = $1 OR i.parent_code = $1)
        AND EXISTS (SELECT 1 FROM populations s WHERE s.org_code = p.child_code AND s.scheme = 'starpu9')
        AND EXISTS (SELECT 1 FROM indicator_values v WHERE v.org_code = p.child_code AND v.current
                     AND v.indicator_code = 'qof_prevalence_hyp')
      ORDER BY 1`,
    [area, day],
  );
  return rows.map((r) => r.code);
}

/** A practice's headline counts for its clinicians: list size, over-75s and their care, frailty bands of the 65+. */
export async function frailtyBandCounts(
  db: Queryable,
  practice: string,
  /** the deficit count each eFI band starts at */
  bandFrom: { mild: number; moderate: number; severe: number },
) {
  const [row] = await db.query<{
    patients: number;
    over75: number;
    over75NamedGp: number;
    aged65: number;
    fit: number;
    mild: number;
    moderate: number;
    severe: number;
  }>(
    `SELECT count(*)::int AS patients,
        count(*) FILTER (WHERE age >= 75)::int AS "over75",
        count(*) FILTER (WHERE age >= 75 AND named_gp IS NOT NULL)::int AS "over75NamedGp",
        count(*) FILTER (WHERE age >= 65)::int AS "aged65",
        count(*) FILTER (WHERE age >= 65 AND cardinality(deficits) < $2)::int AS fit,
        count(*) FILTER (WHERE age >= 65 AND cardinality(deficits) >= $2 AND cardinality(deficits) < $3)::int AS mild,
        count(*) FILTER (WHERE age >= 65 AND cardinality(deficits) >= $3 AND cardinality(deficits) < $4)::int AS moderate,
        count(*) FILTER (WHERE age >= 65 AND cardinality(deficits) >= $4)::int AS severe
       FROM population_patients WHERE practice_code = $1`,
    [practice, bandFrom.mild, bandFrom.moderate, bandFrom.severe],
  );
  return row!;
}

/** The sub-ICB (CCG) a practice belongs to on a day. */
export async function subIcbOf(db: Queryable, practice: string, day: string): Promise<string | null> {
  const [row] = await db.query<{ code: string }>(
    `SELECT parent_code AS code FROM organisation_links
      WHERE child_code = $1 AND relationship = 'practice_sub_icb' AND valid_from <= $2
        AND (valid_to IS NULL OR valid_to > $2)
      ORDER BY valid_from DESC LIMIT 1`,
    [practice, day],
  );
  return row?.code ?? null;
}

/** Practices with a patient not yet scored (new, or changed by a newer extract). */
export async function practicesWithUnscored(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    'SELECT DISTINCT practice_code AS code FROM population_patients WHERE risk IS NULL ORDER BY 1',
  );
  return rows.map((r) => r.code);
}

/** Which of the practices have nothing recorded by a clinician yet. */
export async function practicesWithoutCareRecords(
  db: Queryable,
  practices: readonly string[],
): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM unnest($1::text[]) AS code
      WHERE NOT EXISTS (SELECT 1 FROM population_patients p JOIN population_care_events e ON e.patient_id = p.id
                         WHERE p.practice_code = code)
      ORDER BY code`,
    [practices],
  );
  return rows.map((r) => r.code);
}

/** Many patients' care records at once (the demo's SYNTHETIC history), with their events, in the caller's transaction. */
export async function recordCareInBulk(
  tx: Queryable,
  practice: string,
  records: ReadonlyArray<{
    id: number;
    namedGp: string | null;
    agreed: string | null;
    reviewed: string | null;
  }>,
  actor: string,
): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE IF NOT EXISTS population_care_incoming (id bigint, named_gp text, agreed date, reviewed date)
     ON COMMIT DROP`,
  );
  await tx.query('TRUNCATE population_care_incoming');
  await copyRows(
    tx,
    'population_care_incoming',
    ['id', 'named_gp', 'agreed', 'reviewed'],
    records.length,
    (i) => {
      const r = records[i]!;
      return [r.id, r.namedGp, r.agreed, r.reviewed];
    },
  );
  await tx.query(
    `UPDATE population_patients p SET named_gp = c.named_gp, care_plan_agreed = c.agreed, care_plan_reviewed = c.reviewed
       FROM population_care_incoming c WHERE p.id = c.id AND p.practice_code = $1`,
    [practice],
  );
  await tx.query(
    `INSERT INTO population_care_events (patient_id, kind, value, on_date, actor)
     SELECT c.id, e.kind, e.value, e.on_date, $2 FROM population_care_incoming c
       JOIN population_patients p ON p.id = c.id AND p.practice_code = $1
       CROSS JOIN LATERAL (VALUES ('named_gp', c.named_gp, NULL::date), ('care_plan_agreed', NULL, c.agreed),
                                  ('care_plan_reviewed', NULL, c.reviewed)) AS e(kind, value, on_date)
      WHERE (e.kind = 'named_gp' AND c.named_gp IS NOT NULL) OR (e.kind <> 'named_gp' AND e.on_date IS NOT NULL)
      ORDER BY c.id, e.kind = 'care_plan_reviewed', e.kind <> 'named_gp'`,
    [practice, actor],
  );
}

/** The patient, locked until the caller's transaction ends (for a check and a write that must not interleave). */
export async function patientForUpdate(
  tx: Queryable,
  practice: string,
  id: number,
): Promise<PatientRow | null> {
  const [row] = await tx.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM population_patients WHERE practice_code = $1 AND id = $2 FOR UPDATE`,
    [practice, id],
  );
  return row ?? null;
}

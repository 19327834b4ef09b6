/**
 * Continuity-of-care indices from appointment-level data. Each patient's appointments are reduced to the count with
 * each clinician (n_j, j = 1…k; n = Σ n_j). Definitions and references are in docs/continuity.md:
 *
 * - Usual Provider of Care (UPC; Breslau & Reeb 1975): max_j n_j / n. In [1/k, 1].
 * - Bice–Boxerman Continuity of Care index (COC; Bice & Boxerman 1977): (Σ n_j² − n) / (n (n − 1)). In [0, 1];
 *   0 when every appointment is with a different clinician, 1 when all are with one. Undefined for n < 2.
 * - St Leonard's Index of Continuity of Care (SLICC; Sidaway-Lee, Gray & Evans 2019): over the practice's patients
 *   with at least 2 GP appointments, the share of their appointments that are with the patient's own (list) GP. Where
 *   a patient has no list GP recorded, their most-seen GP stands in (the adaptation for data without personal lists;
 *   ties go to the GP seen first).
 *
 * A patient is eligible with at least MIN_APPOINTMENTS appointments in the period (2: COC is undefined below, and
 * a single appointment is trivially "continuous"). Practice UPC and COC are the means of the eligible patients'
 * indices (each patient counts once); SLICC is pooled over appointments (each appointment counts once), as its
 * authors defined it.
 */

export const MIN_APPOINTMENTS = 2;

/** One patient's appointments: the clinician seen at each (any stable id), and their list GP if known. */
export interface PatientAppointments {
  clinicians: readonly string[];
  listGp?: string | null;
}

/** Appointments per clinician, in order of first appointment. */
export function countsByClinician(clinicians: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of clinicians) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

/** UPC for one patient; null with fewer than MIN_APPOINTMENTS appointments. */
export function upc(clinicians: readonly string[]): number | null {
  const n = clinicians.length;
  if (n < MIN_APPOINTMENTS) return null;
  return Math.max(...countsByClinician(clinicians).values()) / n;
}

/** Bice–Boxerman COC for one patient; null with fewer than MIN_APPOINTMENTS appointments. */
export function coc(clinicians: readonly string[]): number | null {
  const n = clinicians.length;
  if (n < MIN_APPOINTMENTS) return null;
  let sumSq = 0;
  for (const nj of countsByClinician(clinicians).values()) sumSq += nj * nj;
  return (sumSq - n) / (n * (n - 1));
}

/** The patient's most-seen clinician (ties: the one seen first). */
export function mostSeen(clinicians: readonly string[]): string | null {
  let best: string | null = null;
  let bestN = 0;
  for (const [c, n] of countsByClinician(clinicians))
    if (n > bestN) {
      best = c;
      bestN = n;
    }
  return best;
}

export interface PracticeContinuity {
  /** patients with at least MIN_APPOINTMENTS appointments */
  eligiblePatients: number;
  /** the eligible patients' appointments (SLICC's denominator) */
  eligibleAppointments: number;
  /** eligible patients' appointments with their own (or most-seen) GP (SLICC's numerator) */
  withUsualGp: number;
  /** mean UPC over eligible patients (null with none) */
  upc: number | null;
  /** mean COC over eligible patients (null with none) */
  coc: number | null;
  /** withUsualGp / eligibleAppointments (null with none) */
  slicc: number | null;
}

export function practiceContinuity(patients: Iterable<PatientAppointments>): PracticeContinuity {
  let eligiblePatients = 0;
  let eligibleAppointments = 0;
  let withUsualGp = 0;
  let upcSum = 0;
  let cocSum = 0;
  for (const p of patients) {
    const u = upc(p.clinicians);
    if (u === null) continue;
    eligiblePatients++;
    eligibleAppointments += p.clinicians.length;
    upcSum += u;
    cocSum += coc(p.clinicians)!;
    const usual = p.listGp ?? mostSeen(p.clinicians);
    for (const c of p.clinicians) if (c === usual) withUsualGp++;
  }
  return {
    eligiblePatients,
    eligibleAppointments,
    withUsualGp,
    upc: eligiblePatients ? upcSum / eligiblePatients : null,
    coc: eligiblePatients ? cocSum / eligiblePatients : null,
    slicc: eligibleAppointments ? withUsualGp / eligibleAppointments : null,
  };
}

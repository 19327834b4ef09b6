/**
 * SYNTHETIC appointment-level data for continuity of care: no real appointment, patient or clinician is described.
 * For each practice, seeded by the seed and the practice code (so every run is the same):
 *
 * - GPs: one per 1,800 registered patients (at least 2), named "GP 1", "GP 2", … (no names of people);
 * - patients: sequence numbers 1…list size (no identities), each given a list GP in turn;
 * - GP appointments per patient over a year: Poisson with a patient-level mean drawn from an exponential of mean
 *   MEAN_APPOINTMENTS (so most patients have few and some many, as in practice data);
 * - each appointment is with the patient's list GP with probability π (the practice's continuity propensity),
 *   otherwise with a GP drawn uniformly from all the practice's GPs (which may again be the list GP). So the
 *   expected share with the list GP is π + (1 − π)/k for k GPs, and π can be recovered from SLICC.
 *
 * π falls with list size and with deprivation (larger and more deprived practices have been found to offer less
 * continuity), plus practice-level noise, so practices really differ: see propensityFor.
 */
import { mulberry32, rnorm, rpois } from '../stats/random.js';
import type { PatientAppointments } from './measures.js';

export const SYNTHETIC_LABEL = 'SYNTHETIC';
export const PATIENTS_PER_GP = 1800;
export const MEAN_APPOINTMENTS = 3;

export interface GeneratorPractice {
  code: string;
  listSize: number;
  /** IMD 2019 score (higher is more deprived); null: England's mean is used */
  imdScore?: number | null;
}

export interface SyntheticAppointment {
  /** the patient's sequence number in the practice (1…list size): not an identity */
  patient: number;
  clinician: string;
  /** day of the year, 1–365 */
  day: number;
}

export interface SyntheticPractice {
  code: string;
  synthetic: true;
  propensity: number;
  gps: string[];
  patients: number;
  appointments: SyntheticAppointment[];
  /** each patient's list GP, indexed by sequence number − 1 */
  listGp: string[];
}

/** England's mean IMD 2019 practice score (approximately), for practices without one. */
const IMD_MEAN = 21.7;

export function seedFor(seed: number, code: string): number {
  let h = seed >>> 0;
  for (const ch of code) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h;
}

/**
 * The practice's continuity propensity: 0.6 at 6,000 patients and England's mean deprivation, 0.04 lower per
 * further 1,000 patients and 0.005 lower per IMD point, ± a practice-level normal noise (sd `noise`), kept in
 * [0.05, 0.95].
 */
export function propensityFor(p: GeneratorPractice, rand: () => number, noise = 0.05): number {
  const imd = p.imdScore ?? IMD_MEAN;
  const pi = 0.6 - 0.04 * ((p.listSize - 6000) / 1000) - 0.005 * (imd - IMD_MEAN) + noise * rnorm(rand);
  return Math.min(0.95, Math.max(0.05, pi));
}

export interface GeneratorOptions {
  seed: number;
  /** practice-level noise of the propensity (default 0.05) */
  noise?: number;
  /** use this propensity instead of propensityFor (tests) */
  propensity?: number;
}

export function generatePractice(p: GeneratorPractice, opts: GeneratorOptions): SyntheticPractice {
  const rand = mulberry32(seedFor(opts.seed, p.code));
  const propensity = opts.propensity ?? propensityFor(p, rand, opts.noise);
  const patients = Math.max(0, Math.round(p.listSize));
  const k = Math.max(2, Math.round(patients / PATIENTS_PER_GP));
  const gps = Array.from({ length: k }, (_, i) => `GP ${i + 1}`);
  const listGp: string[] = [];
  const appointments: SyntheticAppointment[] = [];
  for (let patient = 1; patient <= patients; patient++) {
    const own = gps[(patient - 1) % k]!;
    listGp.push(own);
    const n = rpois(rand, -MEAN_APPOINTMENTS * Math.log(1 - rand()));
    for (let a = 0; a < n; a++) {
      const clinician = rand() < propensity ? own : gps[Math.floor(rand() * k)]!;
      appointments.push({ patient, clinician, day: 1 + Math.floor(rand() * 365) });
    }
  }
  return { code: p.code, synthetic: true, propensity, gps, patients, appointments, listGp };
}

/** Each patient's appointments (in day order) with their list GP, as the measures take them. */
export function byPatient(s: SyntheticPractice): PatientAppointments[] {
  const lists: SyntheticAppointment[][] = Array.from({ length: s.patients }, () => []);
  for (const a of s.appointments) lists[a.patient - 1]!.push(a);
  return lists.map((l, i) => ({
    clinicians: l.sort((x, y) => x.day - y.day).map((a) => a.clinician),
    listGp: s.listGp[i]!,
  }));
}

/**
 * SYNTHETIC patients for a practice, from what is published about it: its registered patients by sex and 9-band age
 * group, and each QOF register as a share of its whole list. Nothing here is a real patient; the NHS numbers are in
 * the 999 range reserved for testing.
 *
 * For each practice and seed, always the same patients:
 * 1. One patient per registered patient in each sex and age band; ages uniform within a band, and across the open
 *    band (75+) a declining tail to 100 (AGE_TAIL).
 * 2. A latent morbidity factor z ~ N(0, 1) per patient, shared by every condition and deficit: what makes conditions
 *    occur together.
 * 3. Conditions: for each QOF group, every eligible patient gets a score, the logit of the group's age shape
 *    (CONDITION_SHAPES) + a sex term + loading × z + logistic noise, and exactly round(share × list) patients with the
 *    highest scores are on the register. This is a latent-threshold (logistic) model whose threshold is set by the
 *    practice's register, so each condition's prevalence matches the practice's to the nearest patient.
 * 4. eFI deficits: those a register implies (HYP → hypertension, AF → atrial fibrillation, …, IMPLIED_DEFICITS), and
 *    every other deficit drawn with a probability rising with age, z and (for polypharmacy) the number of registers
 *    (FRAILTY_MODEL), calibrated so that the 65–95-year-olds of a practice shaped like England fall into the eFI bands
 *    in the published shares (PUBLISHED_BAND_SHARES in efi.ts).
 * 5. Emergency admissions and GP appointments in the last 12 months (Poisson, rising with risk, z and morbidity), then
 *    the outcome — an emergency admission in the next 12 months — drawn from GENERATING_MODEL (admission-risk.ts),
 *    so that a model fitted to the synthetic cohort can be checked against known coefficients.
 *
 * Each step draws from its own seeded stream (mulberry32), keyed by the seed, the practice code and the step (and the
 * QOF group), so the same seed gives different practices different patients, and a new QOF group in a profile does
 * not change the patients' other conditions.
 */
import { mulberry32, rnorm, rpois } from '../stats/random.js';
import { syntheticNhsNumber } from '../concerns/nhs-number.js';
import { GENERATING_MODEL, riskOfCounts } from './admission-risk.js';
import { EFI_DEFICIT_TOTAL, EFI_ID } from './efi.js';

export interface PracticeProfile {
  practiceCode: string;
  /** registered patients by sex and STAR-PU band: 0-4, 5-14, 15-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+ */
  ageSex: Array<{ sex: 'male' | 'female'; ageBand: string; patients: number }>;
  /** QOF group → register ÷ the whole list, 0..1 */
  prevalence: Record<string, number>;
  gpCount?: number;
}

export interface SyntheticPatient {
  /** valid (modulus 11), in the 999 range reserved for testing, unique within the practice */
  nhsNumber: string;
  sex: 'male' | 'female';
  age: number;
  /** QOF group codes, in code order */
  conditions: string[];
  /** eFI deficit numbers 1–36, ascending, distinct */
  deficits: number[];
  admissionsPrior12m: number;
  appointmentsPrior12m: number;
  admittedNext12m: boolean;
}

/** The oldest age given to anyone in an open band (75+). */
export const MAX_AGE = 100;

/**
 * The spread of ages across an open band such as 75+, as shares of 5-year steps from its start (the last step runs to
 * MAX_AGE). ILLUSTRATIVE: a decline of roughly England's shape for 75–79, 80–84, 85–89, 90–94, 95–100; not from a
 * source in the repository.
 */
export const AGE_TAIL = [0.41, 0.3, 0.18, 0.085, 0.025] as const;

/**
 * How far each condition's count may differ from the practice's register: none. The count is share × list size
 * rounded to a whole patient, so |generated − share × list| ≤ ½ patient, unless the register is larger than the
 * patients old enough to be on it (then all of them are).
 */
export const PREVALENCE_TOLERANCE_PATIENTS = 0.5;

/** Ages 0, 10, …, 100 at which CONDITION_SHAPES gives each condition's share (linear on the logit between them). */
const SHAPE_AGES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

export interface ConditionShape {
  /** percent with the condition at ages 0, 10, …, 100 in a typical list (only the shape matters) */
  percentByAge: readonly number[];
  /** register age limits: the QOF prevalence file's list type (18OV, 17OV, 16OV, 50OV, 30_74) */
  minAge?: number;
  maxAge?: number;
  /** log odds ratio, men against women */
  male: number;
  /** loading on the shared latent morbidity factor */
  latent: number;
}

/**
 * The age and sex shape of each QOF register and how strongly it shares the latent morbidity factor. ILLUSTRATIVE:
 * shapes drawn from the general epidemiology (most registers rise steeply with age; asthma peaks in childhood,
 * depression and obesity in mid-life; learning disability is flat), not from a published table. Only each shape
 * matters; the level comes from the practice's register. The age limits are QOF's (the list types of
 * PREVALENCE_1920.csv). A group not listed here gets DEFAULT_SHAPE.
 */
export const CONDITION_SHAPES: Readonly<Record<string, ConditionShape>> = {
  AF: { percentByAge: [0, 0, 0.02, 0.05, 0.2, 0.7, 2.5, 6, 12, 17, 18], male: 0.4, latent: 0.9 },
  AST: { percentByAge: [3, 9, 8, 6, 5.5, 5.5, 6, 6.5, 6.5, 6, 5], male: -0.2, latent: 0.4 },
  CAN: { percentByAge: [0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 9, 12, 12, 10], male: 0, latent: 0.5 },
  CHD: { percentByAge: [0, 0, 0.01, 0.05, 0.5, 2, 5, 10, 15, 18, 18], male: 0.6, latent: 1 },
  CKD: { percentByAge: [0, 0, 0.3, 0.5, 0.8, 1.5, 4, 10, 22, 32, 35], minAge: 18, male: -0.2, latent: 1 },
  COPD: { percentByAge: [0, 0, 0.05, 0.1, 0.5, 1.5, 3.5, 6.5, 8, 8, 6], male: 0.1, latent: 0.9 },
  CVDPP: {
    percentByAge: [0, 0, 0, 0.1, 0.3, 0.8, 1.5, 2, 2, 2, 2],
    minAge: 30,
    maxAge: 74,
    male: 0.2,
    latent: 0.5,
  },
  DEM: { percentByAge: [0, 0, 0, 0.01, 0.03, 0.1, 0.5, 2, 8, 20, 30], male: -0.3, latent: 0.8 },
  DEP: { percentByAge: [0, 0, 8, 12, 14, 14, 12, 10, 9, 9, 9], minAge: 18, male: -0.6, latent: 0.5 },
  DM: { percentByAge: [0, 0, 0.8, 1.5, 3.5, 7, 12, 16, 17, 14, 10], minAge: 17, male: 0.3, latent: 0.9 },
  EP: {
    percentByAge: [0.5, 0.6, 0.8, 0.8, 0.8, 0.9, 0.9, 1, 1, 0.8, 0.7],
    minAge: 18,
    male: 0.1,
    latent: 0.3,
  },
  HF: { percentByAge: [0, 0, 0.02, 0.05, 0.15, 0.4, 1, 2.5, 6, 10, 12], male: 0.3, latent: 1.1 },
  HYP: { percentByAge: [0.05, 0.1, 0.5, 1.5, 5, 13, 27, 42, 55, 60, 60], male: 0.1, latent: 0.8 },
  LD: { percentByAge: [0.4, 0.6, 0.7, 0.6, 0.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1], male: 0.4, latent: 0.2 },
  LVSD: { percentByAge: [0, 0, 0.01, 0.03, 0.08, 0.2, 0.5, 1.2, 3, 5, 6], male: 0.4, latent: 1.1 },
  MH: { percentByAge: [0.05, 0.1, 0.6, 1, 1.1, 1.2, 1.1, 0.9, 0.8, 0.7, 0.6], male: 0.1, latent: 0.4 },
  NDH: { percentByAge: [0, 0, 0.5, 1, 2.5, 5, 9, 13, 15, 13, 10], minAge: 18, male: 0.1, latent: 0.6 },
  OB: { percentByAge: [0, 0, 5, 8, 11, 13, 14, 13, 9, 4, 2], minAge: 18, male: -0.1, latent: 0.5 },
  OST: { percentByAge: [0, 0, 0, 0, 0, 0.3, 1, 2.5, 5, 8, 9], minAge: 50, male: -1.6, latent: 0.8 },
  PAD: { percentByAge: [0, 0, 0.01, 0.05, 0.2, 0.6, 1.5, 3, 5, 6, 6], male: 0.3, latent: 1 },
  PC: { percentByAge: [0.02, 0.02, 0.03, 0.05, 0.1, 0.2, 0.4, 0.8, 1.5, 3, 5], male: 0, latent: 1.2 },
  RA: {
    percentByAge: [0, 0.01, 0.1, 0.3, 0.5, 0.8, 1.2, 1.5, 1.6, 1.4, 1.2],
    minAge: 16,
    male: -0.8,
    latent: 0.5,
  },
  STIA: { percentByAge: [0, 0, 0.03, 0.1, 0.3, 0.8, 2, 4.5, 8, 11, 12], male: 0.1, latent: 0.9 },
};

/** For a QOF group without a shape of its own: rising gently with age. */
export const DEFAULT_SHAPE: ConditionShape = {
  percentByAge: [0.5, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 6, 6],
  male: 0,
  latent: 0.5,
};

/** eFI deficits that follow from a QOF register (Box 1 names of Clegg et al. 2016). */
export const IMPLIED_DEFICITS: Readonly<Record<string, number>> = {
  AF: EFI_ID['Atrial fibrillation'],
  CKD: EFI_ID['Chronic kidney disease'],
  DM: EFI_ID['Diabetes'],
  HF: EFI_ID['Heart failure'],
  LVSD: EFI_ID['Heart failure'],
  HYP: EFI_ID['Hypertension'],
  CHD: EFI_ID['Ischaemic heart disease'],
  STIA: EFI_ID['Cerebrovascular disease'],
  COPD: EFI_ID['Respiratory disease'],
  AST: EFI_ID['Respiratory disease'],
  DEM: EFI_ID['Memory and cognitive problems'],
  PAD: EFI_ID['Peripheral vascular disease'],
  OST: EFI_ID['Osteoporosis'],
  RA: EFI_ID['Arthritis'],
};

/**
 * Deficits that come only from their register when the profile has it (a patient off the hypertension register does
 * not have the hypertension deficit). The other implied deficits are wider than their register (osteoarthritis is
 * arthritis; memory problems without dementia; other respiratory disease; osteoporosis without a fragility fracture)
 * and are also drawn.
 */
const REGISTER_ONLY = new Set(
  ['AF', 'CKD', 'DM', 'HF', 'HYP', 'CHD', 'STIA', 'PAD'].map((g) => IMPLIED_DEFICITS[g]),
);

/**
 * How common each drawn deficit is at age 80 for a patient with z = 0, before the calibration offset. ILLUSTRATIVE
 * relative frequencies (polypharmacy and arthritis common; requirement for care and parkinsonism rare); the paper's
 * per-deficit prevalences (its web table 1) were not found. The register-only deficits (hypertension, atrial
 * fibrillation, …) are drawn from here only for a profile without their register.
 */
export const DEFICIT_BASE_AT_80: Readonly<Record<number, number>> = {
  [EFI_ID['Activity limitation']]: 0.08,
  [EFI_ID['Anaemia and haematinic deficiency']]: 0.15,
  [EFI_ID['Arthritis']]: 0.35,
  [EFI_ID['Atrial fibrillation']]: 0.12,
  [EFI_ID['Cerebrovascular disease']]: 0.08,
  [EFI_ID['Chronic kidney disease']]: 0.2,
  [EFI_ID['Diabetes']]: 0.17,
  [EFI_ID['Dizziness']]: 0.15,
  [EFI_ID['Dyspnoea']]: 0.12,
  [EFI_ID['Falls']]: 0.15,
  [EFI_ID['Foot problems']]: 0.2,
  [EFI_ID['Fragility fracture']]: 0.08,
  [EFI_ID['Hearing impairment']]: 0.25,
  [EFI_ID['Heart failure']]: 0.06,
  [EFI_ID['Heart valve disease']]: 0.06,
  [EFI_ID['Housebound']]: 0.06,
  [EFI_ID['Hypertension']]: 0.55,
  [EFI_ID['Hypotension/syncope']]: 0.08,
  [EFI_ID['Ischaemic heart disease']]: 0.15,
  [EFI_ID['Memory and cognitive problems']]: 0.06,
  [EFI_ID['Mobility and transfer problems']]: 0.05,
  [EFI_ID['Osteoporosis']]: 0.08,
  [EFI_ID['Parkinsonism and tremor']]: 0.04,
  [EFI_ID['Peptic ulcer']]: 0.06,
  [EFI_ID['Peripheral vascular disease']]: 0.05,
  [EFI_ID['Polypharmacy']]: 0.3,
  [EFI_ID['Requirement for care']]: 0.04,
  [EFI_ID['Respiratory disease']]: 0.06,
  [EFI_ID['Skin ulcer']]: 0.06,
  [EFI_ID['Sleep disturbance']]: 0.12,
  [EFI_ID['Social vulnerability']]: 0.08,
  [EFI_ID['Thyroid disease']]: 0.12,
  [EFI_ID['Urinary incontinence']]: 0.12,
  [EFI_ID['Urinary system disease']]: 0.2,
  [EFI_ID['Visual impairment']]: 0.15,
  [EFI_ID['Weight loss and anorexia']]: 0.05,
};

/**
 * A drawn deficit's log odds: logit(DEFICIT_BASE_AT_80) + offset + age × (age − 80)/10 + latent × z, plus
 * polypharmacy × registers for polypharmacy. offset and latent were calibrated (by simulation, on the profile summed
 * over every practice in England: 2016 age/sex list sizes and 2019-20 QOF registers) so that the 65–95-year-olds fall
 * into the eFI bands in the published shares; age is ILLUSTRATIVE (no published shares by age group were found),
 * chosen so that frailty rises steeply with age.
 */
export const FRAILTY_MODEL = { offset: 0.2, age: 0.4, latent: 0.5, polypharmacy: 0.45 } as const;

/** Emergency admissions and appointments in the last 12 months. ILLUSTRATIVE. */
const UTILISATION = {
  /** prior admissions: Poisson, mean −ln(1 − risk without prior admissions) × exp(latent × z − latent²/2) */
  admissionsLatent: 0.6,
  /** GP appointments: Poisson, mean base × sex × age × (1 + per register) × (1 + per deficit) × exp(latent z − latent²/2) */
  appointmentsBase: 3,
  appointmentsFemale: 1.25,
  appointmentsPerRegister: 0.3,
  appointmentsPerDeficit: 0.08,
  appointmentsLatent: 0.3,
};

const appointmentAgeFactor = (age: number) =>
  age < 5 ? 1.6 : age < 25 ? 0.7 : age < 65 ? 1 : age < 75 ? 1.4 : 1.8;

/** FNV-1a over a key: the seed of one stream. */
function streamSeed(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));
/** A standard logistic draw. */
const rlogis = (rand: () => number) => {
  const u = rand();
  return Math.log((u + 1e-300) / (1 - u + 1e-300));
};

/** The first and last age of a band: "0-4" → 0..4, "75+" → 75..MAX_AGE. */
export function parseAgeBand(band: string): { from: number; to: number; open: boolean } {
  let m = /^(\d+)-(\d+)$/.exec(band);
  if (m && Number(m[1]) <= Number(m[2])) return { from: Number(m[1]), to: Number(m[2]), open: false };
  m = /^(\d+)\+$/.exec(band);
  if (m && Number(m[1]) < MAX_AGE) return { from: Number(m[1]), to: MAX_AGE, open: true };
  throw new RangeError(`age band "${band}" is not of the form 0-4 or 75+`);
}

function drawAge(rand: () => number, band: { from: number; to: number; open: boolean }): number {
  if (!band.open) return band.from + Math.floor(rand() * (band.to - band.from + 1));
  let u = rand();
  for (let k = 0; k < AGE_TAIL.length; k++) {
    const start = band.from + 5 * k;
    const end = k === AGE_TAIL.length - 1 ? band.to : Math.min(band.to, start + 4);
    if (start > band.to) break;
    if (u < AGE_TAIL[k] || k === AGE_TAIL.length - 1 || start + 5 > band.to)
      return start + Math.floor(rand() * (end - start + 1));
    u -= AGE_TAIL[k];
  }
  return band.to;
}

/** The shape's log odds at an age (linear between the anchor ages; shares below 0.001% floored there). */
function shapeLogit(shape: ConditionShape, age: number): number {
  const a = Math.min(Math.max(age, 0), 100);
  const i = Math.min(Math.floor(a / 10), SHAPE_AGES.length - 2);
  const t = (a - SHAPE_AGES[i]) / 10;
  const at = (k: number) => logit(Math.min(Math.max(shape.percentByAge[k] / 100, 1e-5), 0.99));
  return (1 - t) * at(i) + t * at(i + 1);
}

/** The value that would sit at index `k` (0-based) if `a` were sorted ascending; `a` is reordered (quickselect). */
function selectAscending(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // median of three as the pivot
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const w = a[hi];
    const pivot = x < y ? (y < w ? y : x < w ? w : x) : x < w ? x : y < w ? w : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function checkProfile(profile: PracticeProfile): void {
  for (const r of profile.ageSex) {
    if (r.sex !== 'male' && r.sex !== 'female')
      throw new RangeError(`${profile.practiceCode}: sex must be male or female, got ${String(r.sex)}`);
    parseAgeBand(r.ageBand);
    if (!Number.isInteger(r.patients) || r.patients < 0)
      throw new RangeError(
        `${profile.practiceCode}: patients in ${r.sex} ${r.ageBand} must be a whole number ≥ 0, got ${r.patients}`,
      );
  }
  for (const [group, share] of Object.entries(profile.prevalence))
    if (!(share >= 0 && share <= 1))
      throw new RangeError(`${profile.practiceCode}: the ${group} share must be from 0 to 1, got ${share}`);
}

/** The largest list the 999 range can hold with unique numbers without slowing down (about 909,000 are valid). */
export const MAX_LIST = 400_000;

/** SYNTHETIC patients for a practice: the same profile and seed always give the same patients. */
export function generatePatients(profile: PracticeProfile, seed: number): SyntheticPatient[] {
  checkProfile(profile);
  const listSize = profile.ageSex.reduce((s, r) => s + r.patients, 0);
  if (listSize > MAX_LIST)
    throw new RangeError(`${profile.practiceCode}: ${listSize} patients is more than ${MAX_LIST}`);
  const key = (stream: string) => streamSeed(`${String(seed)}|${profile.practiceCode}|${stream}`);

  // 1. ages and sexes, exactly the profile's counts
  const ageRand = mulberry32(key('ages'));
  const sexes: Array<'male' | 'female'> = [];
  const ageList: number[] = [];
  for (const r of profile.ageSex) {
    const band = parseAgeBand(r.ageBand);
    for (let k = 0; k < r.patients; k++) {
      sexes.push(r.sex);
      ageList.push(drawAge(ageRand, band));
    }
  }
  const n = sexes.length;
  const ages = Int32Array.from(ageList);

  // 2. the latent morbidity factor
  const latentRand = mulberry32(key('latent'));
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = rnorm(latentRand);

  // 3. conditions: the top round(share × n) eligible patients by score
  const groups = Object.keys(profile.prevalence).sort();
  const conditionsOf: string[][] = Array.from({ length: n }, () => []);
  const registers = new Int32Array(n);
  const score = new Float64Array(n);
  for (const group of groups) {
    const shape = CONDITION_SHAPES[group] ?? DEFAULT_SHAPE;
    const target = Math.round(profile.prevalence[group] * n);
    if (target === 0) continue;
    const rand = mulberry32(key(`condition:${group}`));
    const minAge = shape.minAge ?? 0;
    const maxAge = shape.maxAge ?? Infinity;
    const shapeAt = new Float64Array(MAX_AGE + 1).map((_, a) => shapeLogit(shape, a));
    let eligible = 0;
    for (let i = 0; i < n; i++) {
      const a = ages[i];
      if (a < minAge || a > maxAge) {
        score[i] = -Infinity;
        continue;
      }
      eligible++;
      score[i] =
        shapeAt[Math.min(a, MAX_AGE)] +
        (sexes[i] === 'male' ? shape.male : 0) +
        shape.latent * z[i] +
        rlogis(rand);
    }
    const k = Math.min(target, eligible);
    if (k === 0) continue;
    const candidates = new Float64Array(eligible);
    for (let i = 0, c = 0; i < n; i++) if (score[i] !== -Infinity) candidates[c++] = score[i];
    const threshold = selectAscending(candidates, eligible - k);
    // scores are continuous: ties at the threshold are all but impossible; take them in list order if they happen
    let above = 0;
    for (let i = 0; i < n; i++) if (score[i] > threshold) above++;
    let ties = k - above;
    for (let i = 0; i < n; i++)
      if (score[i] > threshold || (score[i] === threshold && ties-- > 0)) {
        conditionsOf[i].push(group);
        registers[i]++;
      }
  }

  // 4. eFI deficits
  // a register the profile has (even an empty one) decides its register-only deficit; one it lacks leaves it drawn
  const registerOnly = new Set<number>();
  for (const g of groups) if (REGISTER_ONLY.has(IMPLIED_DEFICITS[g])) registerOnly.add(IMPLIED_DEFICITS[g]);
  const drawn: number[] = [];
  for (let id = 1; id <= EFI_DEFICIT_TOTAL; id++) if (!registerOnly.has(id)) drawn.push(id);
  const baseLogit = drawn.map((id) => logit(DEFICIT_BASE_AT_80[id]) + FRAILTY_MODEL.offset);
  const polypharmacy = drawn.indexOf(EFI_ID['Polypharmacy']);
  const deficitRand = mulberry32(key('deficits'));
  const total = EFI_DEFICIT_TOTAL;
  const deficitsOf: number[][] = new Array<number[]>(n);
  const has = new Uint8Array(total + 1);
  for (let i = 0; i < n; i++) {
    has.fill(0);
    for (const g of conditionsOf[i]) {
      const id = IMPLIED_DEFICITS[g];
      if (id !== undefined) has[id] = 1;
    }
    const common = FRAILTY_MODEL.age * ((ages[i] - 80) / 10) + FRAILTY_MODEL.latent * z[i];
    for (let j = 0; j < drawn.length; j++) {
      const id = drawn[j];
      const eta =
        baseLogit[j] + common + (j === polypharmacy ? FRAILTY_MODEL.polypharmacy * registers[i] : 0);
      if (deficitRand() < expit(eta)) has[id] = 1;
    }
    const list: number[] = [];
    for (let id = 1; id <= total; id++) if (has[id]) list.push(id);
    deficitsOf[i] = list;
  }

  // 5. utilisation last year, then the outcome from GENERATING_MODEL
  const useRand = mulberry32(key('utilisation'));
  const model = GENERATING_MODEL;
  const u = UTILISATION;
  const patients: SyntheticPatient[] = new Array<SyntheticPatient>(n);
  for (let i = 0; i < n; i++) {
    const conditions = conditionsOf[i];
    const counts = {
      age: ages[i],
      male: sexes[i] === 'male',
      registers: registers[i],
      copd: conditions.includes('COPD'),
      heartFailure: conditions.includes('HF'),
      deficits: deficitsOf[i].length,
      admissionsPrior12m: 0,
    };
    const risk0 = riskOfCounts(model, counts);
    const admissionsMean =
      -Math.log(1 - risk0) * Math.exp(u.admissionsLatent * z[i] - u.admissionsLatent ** 2 / 2);
    counts.admissionsPrior12m = Math.min(366, rpois(useRand, admissionsMean));
    const appointmentsMean =
      u.appointmentsBase *
      (sexes[i] === 'female' ? u.appointmentsFemale : 1) *
      appointmentAgeFactor(ages[i]) *
      (1 + u.appointmentsPerRegister * registers[i]) *
      (1 + u.appointmentsPerDeficit * deficitsOf[i].length) *
      Math.exp(u.appointmentsLatent * z[i] - u.appointmentsLatent ** 2 / 2);
    const appointmentsPrior12m = Math.min(366, rpois(useRand, appointmentsMean));
    patients[i] = {
      nhsNumber: '',
      sex: sexes[i],
      age: ages[i],
      conditions,
      deficits: deficitsOf[i],
      admissionsPrior12m: counts.admissionsPrior12m,
      appointmentsPrior12m,
      admittedNext12m: useRand() < riskOfCounts(model, counts),
    };
  }

  // 6. NHS numbers, unique within the practice
  const nhsRand = mulberry32(key('nhs-numbers'));
  const used = new Set<string>();
  for (const p of patients) {
    let number = syntheticNhsNumber(nhsRand);
    while (used.has(number)) number = syntheticNhsNumber(nhsRand);
    used.add(number);
    p.nhsNumber = number;
  }
  return patients;
}

/**
 * The risk of an emergency hospital admission in the next 12 months: a logistic model on what a practice record
 * holds (age band, sex, QOF registers, the eFI band, emergency admissions in the last 12 months).
 *
 * Two models live here. GENERATING_MODEL is the documented set of coefficients the synthetic generator draws each
 * patient's next-year outcome from; it is what the demo scores with when no patient has a known outcome.
 * fitAdmissionModel() fits the same terms afresh to patients with a known outcome (in Lantern, the SYNTHETIC cohort)
 * by iteratively reweighted least squares and reports its discrimination (AUC).
 */
import { createHash } from 'node:crypto';
import { cholesky } from '../stats/linalg.js';
import { averageRanks } from '../stats/quantile.js';
import { efiDeficitCount, frailtyBand, type FrailtyBand } from './efi.js';

/** The model's terms besides the intercept; the reference patient is a woman aged 15–44, fit, with no registers. */
export const ADMISSION_TERMS = [
  'age_0_4',
  'age_5_14',
  'age_45_64',
  'age_65_74',
  'age_75_84',
  'age_85_plus',
  'male',
  /** the number of QOF registers the patient is on, counted up to 5 */
  'qof_conditions',
  'copd',
  'heart_failure',
  'efi_mild',
  'efi_moderate',
  'efi_severe',
  'prior_admission_1',
  'prior_admissions_2_plus',
] as const;

export type AdmissionTerm = (typeof ADMISSION_TERMS)[number];

/** QOF registers are counted up to this many in `qof_conditions`. */
export const CONDITIONS_CAP = 5;

export interface AdmissionModel {
  version: string;
  source: string;
  intercept: number;
  /** log odds ratios by term; a term missing here counts as 0 */
  coefficients: Record<string, number>;
  /** patients the model was fitted on */
  n?: number;
  /** Mann–Whitney AUC (c-statistic) on the patients it was fitted on */
  auc?: number;
}

/** What the model reads of a patient. */
export interface AdmissionPatient {
  sex: 'male' | 'female';
  /** whole years */
  age: number;
  /** QOF register codes (AF, COPD, HF, …) */
  conditions: readonly string[];
  /** eFI deficit numbers 1–36 */
  deficits: readonly number[];
  /** emergency admissions in the last 12 months */
  admissionsPrior12m: number;
}

/**
 * What the terms are made of, already counted: the generator, which knows its patients' counts, scores through this
 * without building sets; admissionFeatures() counts a stored patient (checking it) and comes here too.
 */
export interface AdmissionCounts {
  age: number;
  male: boolean;
  /** distinct QOF registers */
  registers: number;
  copd: boolean;
  heartFailure: boolean;
  /** distinct eFI deficits */
  deficits: number;
  admissionsPrior12m: number;
}

const flag = (b: boolean) => (b ? 1 : 0);

/** Each term's value from the counts (and the eFI band they give): the one definition of the terms. */
const TERM_VALUE: Readonly<Record<AdmissionTerm, (c: AdmissionCounts, band: FrailtyBand) => number>> = {
  age_0_4: (c) => flag(c.age < 5),
  age_5_14: (c) => flag(c.age >= 5 && c.age < 15),
  age_45_64: (c) => flag(c.age >= 45 && c.age < 65),
  age_65_74: (c) => flag(c.age >= 65 && c.age < 75),
  age_75_84: (c) => flag(c.age >= 75 && c.age < 85),
  age_85_plus: (c) => flag(c.age >= 85),
  male: (c) => flag(c.male),
  qof_conditions: (c) => Math.min(c.registers, CONDITIONS_CAP),
  copd: (c) => flag(c.copd),
  heart_failure: (c) => flag(c.heartFailure),
  efi_mild: (_, band) => flag(band === 'mild'),
  efi_moderate: (_, band) => flag(band === 'moderate'),
  efi_severe: (_, band) => flag(band === 'severe'),
  prior_admission_1: (c) => flag(c.admissionsPrior12m === 1),
  prior_admissions_2_plus: (c) => flag(c.admissionsPrior12m >= 2),
};

/** The term values from counts (0/1 indicators, and the capped register count). */
export function featuresOfCounts(c: AdmissionCounts): Record<AdmissionTerm, number> {
  const band = frailtyBand(c.deficits);
  const x = {} as Record<AdmissionTerm, number>;
  for (const t of ADMISSION_TERMS) x[t] = TERM_VALUE[t](c, band);
  return x;
}

/** A patient's counts, checked: age ≥ 0, prior admissions a whole number ≥ 0, deficits numbers 1–36. */
export function admissionCounts(p: AdmissionPatient): AdmissionCounts {
  if (!Number.isFinite(p.age) || p.age < 0)
    throw new RangeError(`age must be 0 or more, got ${String(p.age)}`);
  if (!Number.isInteger(p.admissionsPrior12m) || p.admissionsPrior12m < 0)
    throw new RangeError(`prior admissions must be a whole number ≥ 0, got ${String(p.admissionsPrior12m)}`);
  const conditions = new Set(p.conditions);
  return {
    age: p.age,
    male: p.sex === 'male',
    registers: conditions.size,
    copd: conditions.has('COPD'),
    heartFailure: conditions.has('HF'),
    deficits: efiDeficitCount(p.deficits),
    admissionsPrior12m: p.admissionsPrior12m,
  };
}

/** The term values of a patient (0/1 indicators, and the capped register count). */
export const admissionFeatures = (p: AdmissionPatient): Record<AdmissionTerm, number> =>
  featuresOfCounts(admissionCounts(p));

/** The log odds from counts: intercept + Σ coefficient × term value. */
export function logitOfCounts(model: AdmissionModel, c: AdmissionCounts): number {
  const band = frailtyBand(c.deficits);
  let eta = model.intercept;
  for (const t of ADMISSION_TERMS) {
    const b = model.coefficients[t];
    if (b) eta += b * TERM_VALUE[t](c, band);
  }
  return eta;
}

/** The log odds of a patient. */
export const admissionLogit = (model: AdmissionModel, p: AdmissionPatient): number =>
  logitOfCounts(model, admissionCounts(p));

const expit = (eta: number) => (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta)));

/** The probability of an emergency admission in the next 12 months under the model. */
export function admissionRisk(model: AdmissionModel, p: AdmissionPatient): number {
  return expit(admissionLogit(model, p));
}

/** The probability from counts. */
export const riskOfCounts = (model: AdmissionModel, c: AdmissionCounts): number =>
  expit(logitOfCounts(model, c));

/**
 * The coefficients the SYNTHETIC generator draws each patient's next-12-month emergency admission from.
 *
 * - Frailty: the eFI band terms are the logs of the paper's one-year adjusted hazard ratios for hospitalisation
 *   (Clegg et al. 2016, abstract: mild 1.93, moderate 3.04, severe 4.73), used as odds ratios — close for an outcome
 *   this uncommon, and only a device for making synthetic outcomes.
 * - Level: the intercept is set so that a practice with England's age/sex structure and QOF registers has about 7% of
 *   its whole list admitted as an emergency in a year (6.9% on the England-shaped profile of the tests, built from
 *   2016 list sizes and 2019-20 QOF registers; about 7.7% of adults). For scale:
 *   the QAdmissions derivation cohort (Hippisley-Cox et al. BMJ Open 2013;3:e003482) had 265,573 of
 *   2,849,381 adults aged 18–100 with one or more emergency admissions over 4.6 million person-years, about 5.8 first
 *   admissions per 100 person-years.
 * - Everything else (the age bands, sex, the register count, COPD, heart failure, prior admissions) is ILLUSTRATIVE:
 *   chosen so that risk rises steeply with age, frailty and recent admissions, not taken from a published model.
 */
export const GENERATING_MODEL: AdmissionModel = {
  version: 'generating-1',
  source:
    'documented coefficients (src/population/admission-risk.ts): eFI band terms from Clegg et al. 2016 hospitalisation hazard ratios, level set to about 7% of the list a year; other terms illustrative',
  intercept: -3.45,
  coefficients: {
    age_0_4: 1.1,
    age_5_14: -0.5,
    age_45_64: 0.25,
    age_65_74: 0.55,
    age_75_84: 0.9,
    age_85_plus: 1.3,
    male: 0.05,
    qof_conditions: 0.15,
    copd: 0.6,
    heart_failure: 0.5,
    efi_mild: Math.log(1.93),
    efi_moderate: Math.log(3.04),
    efi_severe: Math.log(4.73),
    prior_admission_1: 0.9,
    prior_admissions_2_plus: 1.5,
  },
};

/**
 * The Mann–Whitney AUC (c-statistic): the probability that a random patient with the outcome has a higher score than a
 * random patient without it, ties counting a half. From average ranks: (R₁ − n₁(n₁ + 1)/2) / (n₁ n₀).
 */
export function mannWhitneyAuc(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): number {
  if (scores.length !== outcomes.length) throw new RangeError('scores and outcomes differ in length');
  const ranks = averageRanks(scores);
  let n1 = 0;
  let r1 = 0;
  for (let i = 0; i < ranks.length; i++)
    if (outcomes[i]) {
      n1++;
      r1 += ranks[i];
    }
  const n0 = ranks.length - n1;
  if (n1 === 0 || n0 === 0) return NaN;
  return (r1 - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/** Solve A x = b for a symmetric positive-definite A from its lower Cholesky factor L. */
function cholSolve(l: Float64Array, b: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

export interface FittedAdmissionModel extends AdmissionModel {
  n: number;
  auc: number;
  /** patients with the outcome */
  events: number;
  /** standard errors from the inverse information, by term (and 'intercept') */
  standardErrors: Record<string, number>;
  /** terms no patient had (or every patient had): left out of the fit, coefficient 0 */
  dropped: string[];
  /** residual deviance, −2 × log-likelihood */
  deviance: number;
  iterations: number;
}

/**
 * Fit the model's terms to patients with a known outcome by maximum likelihood: logistic regression by iteratively
 * reweighted least squares (Newton's method on the binomial log-likelihood; weights μ(1 − μ), working response
 * η + (y − μ)/(μ(1 − μ))), with R's deviance convergence test |D − D_old| / (|D| + 0.1) < 1e-10.
 *
 * src/stats/glm.ts holds the repository's IRLS for the Poisson family (log link) only; this is the same iteration and
 * the same Cholesky solve (src/stats/linalg.ts) with the binomial family's weights, kept in this module because the
 * population work does not change src/stats. It is a candidate to move beside poissonGlm as a logistic family.
 *
 * Terms with no variation in the cohort (every value the same, e.g. no one with severe frailty) cannot be estimated
 * and are dropped with coefficient 0 (listed in `dropped`). The source says the model was fitted on the SYNTHETIC
 * cohort: Lantern fits only patients with a known outcome, and only synthetic patients carry one.
 */
export function fitAdmissionModel(
  patients: ReadonlyArray<AdmissionPatient & { admittedNext12m: boolean }>,
  opts: { maxIterations?: number; tolerance?: number } = {},
): FittedAdmissionModel {
  const n = patients.length;
  const rows = patients.map((pt) => admissionFeatures(pt));
  const y = Float64Array.from(patients, (pt) => (pt.admittedNext12m ? 1 : 0));
  const events = y.reduce((s, v) => s + v, 0);
  if (events === 0 || events === n)
    throw new RangeError(
      `a model of admission needs patients with and without the outcome (${events} of ${n} admitted)`,
    );
  const dropped: string[] = [];
  const terms: AdmissionTerm[] = [];
  for (const t of ADMISSION_TERMS) {
    const first = rows[0]?.[t];
    if (rows.every((r) => r[t] === first)) dropped.push(t);
    else terms.push(t);
  }
  const p = terms.length + 1;
  if (n <= p) throw new RangeError(`a model with ${p} coefficients needs more than ${p} patients`);
  // the design matrix, row-major, intercept first
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    x[i * p] = 1;
    for (let j = 1; j < p; j++) x[i * p + j] = rows[i][terms[j - 1]];
  }
  const maxIt = opts.maxIterations ?? 50;
  const tol = opts.tolerance ?? 1e-10;
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  // R's binomial starting values: μ = (y + ½)/2
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
  }
  const deviance = () => {
    let d = 0;
    for (let i = 0; i < n; i++) d -= 2 * (y[i] ? Math.log(mu[i]) : Math.log(1 - mu[i]));
    return d;
  };
  let dev = deviance();
  let beta: Float64Array = new Float64Array(p);
  let it = 0;
  let converged = false;
  const information = () => {
    const a = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const w = mu[i] * (1 - mu[i]);
      const o = i * p;
      for (let r = 0; r < p; r++) {
        const wr = w * x[o + r];
        if (wr === 0) continue;
        for (let c = 0; c <= r; c++) a[r * p + c] += wr * x[o + c];
      }
    }
    for (let r = 0; r < p; r++) for (let c = r + 1; c < p; c++) a[r * p + c] = a[c * p + r];
    return a;
  };
  while (it < maxIt) {
    it++;
    const xtwx = information();
    const xtwz = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const w = mu[i] * (1 - mu[i]);
      const z = eta[i] + (y[i] - mu[i]) / w;
      const o = i * p;
      for (let r = 0; r < p; r++) xtwz[r] += w * x[o + r] * z;
    }
    const l = cholesky(xtwx, p);
    if (!l)
      throw new RangeError(
        'the admission terms are collinear in this cohort (the model matrix is not of full rank)',
      );
    beta = cholSolve(l, xtwz, p);
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let r = 0; r < p; r++) e += x[i * p + r] * beta[r];
      eta[i] = e;
      mu[i] = Math.min(1 - 1e-12, Math.max(1e-12, expit(e)));
    }
    const next = deviance();
    if (Math.abs(next - dev) / (Math.abs(next) + 0.1) < tol) {
      dev = next;
      converged = true;
      break;
    }
    dev = next;
  }
  if (!converged) throw new RangeError(`the admission model did not converge in ${maxIt} iterations`);
  const l = cholesky(information(), p);
  if (!l)
    throw new RangeError(
      'the admission terms are collinear in this cohort (the model matrix is not of full rank)',
    );
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    se[j] = Math.sqrt(cholSolve(l, e, p)[j]);
  }
  const coefficients: Record<string, number> = {};
  const standardErrors: Record<string, number> = { intercept: se[0] };
  for (const t of ADMISSION_TERMS) coefficients[t] = 0;
  terms.forEach((t, j) => {
    coefficients[t] = beta[j + 1];
    standardErrors[t] = se[j + 1];
  });
  const auc = mannWhitneyAuc(
    eta,
    Array.from(y, (v) => v === 1),
  );
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([beta[0], coefficients, n]))
    .digest('hex')
    .slice(0, 10);
  return {
    version: `fitted-${fingerprint}`,
    source: `fitted on the SYNTHETIC cohort: ${n} patients, ${events} with an emergency admission in the next 12 months; logistic regression by IRLS${dropped.length ? ` (no variation, left out: ${dropped.join(', ')})` : ''}`,
    intercept: beta[0],
    coefficients,
    n,
    auc,
    events,
    standardErrors,
    dropped,
    deviance: dev,
    iterations: it,
  };
}

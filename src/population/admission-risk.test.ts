import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ADMISSION_TERMS,
  CONDITIONS_CAP,
  GENERATING_MODEL,
  admissionFeatures,
  admissionLogit,
  admissionRisk,
  fitAdmissionModel,
  mannWhitneyAuc,
  type AdmissionModel,
  type AdmissionPatient,
} from './admission-risk.js';
import { generatePatients } from './generator.js';
import { englandShapedProfile } from './test-profile.js';

const expit = (x: number) => 1 / (1 + Math.exp(-x));

const patient = (over: Partial<AdmissionPatient> = {}): AdmissionPatient => ({
  sex: 'female',
  age: 30,
  conditions: [],
  deficits: [],
  admissionsPrior12m: 0,
  ...over,
});

describe('admission risk', () => {
  it('computes a stated model’s probability by hand', () => {
    const model: AdmissionModel = {
      version: 't',
      source: 'test',
      intercept: -2,
      coefficients: { age_85_plus: 1, male: 0.5, efi_severe: 0.25 },
    };
    // a man of 90 with 13 deficits: −2 + 1 + 0.5 + 0.25 = −0.25
    const p = patient({ sex: 'male', age: 90, deficits: Array.from({ length: 13 }, (_, i) => i + 1) });
    expect(admissionLogit(model, p)).toBeCloseTo(-0.25, 14);
    expect(admissionRisk(model, p)).toBeCloseTo(1 / (1 + Math.exp(0.25)), 14);
    expect(admissionRisk(model, p)).toBeCloseTo(0.4378234991, 9);
  });

  it('uses GENERATING_MODEL’s documented coefficients (logit summed by hand)', () => {
    // a woman of 82 on the COPD, heart failure and hypertension registers, 10 eFI deficits (moderate), one emergency
    // admission last year: intercept −3.45, 75–84 +0.9, 3 registers × 0.15, COPD +0.6, heart failure +0.5,
    // moderate frailty ln 3.04, one prior admission +0.9
    const logit = -3.45 + 0.9 + 3 * 0.15 + 0.6 + 0.5 + Math.log(3.04) + 0.9;
    const p = patient({
      age: 82,
      conditions: ['COPD', 'HF', 'HYP'],
      deficits: [3, 4, 9, 10, 14, 17, 21, 26, 28, 33],
      admissionsPrior12m: 1,
    });
    expect(admissionRisk(GENERATING_MODEL, p)).toBeCloseTo(expit(logit), 12);
    expect(admissionRisk(GENERATING_MODEL, p)).toBeCloseTo(0.7334, 4);
    // a man of 30 with nothing recorded: −3.45 + 0.05
    expect(admissionRisk(GENERATING_MODEL, patient({ sex: 'male' }))).toBeCloseTo(expit(-3.4), 12);
    // the eFI terms are the paper's hospitalisation hazard ratios, as log odds
    expect(Math.exp(GENERATING_MODEL.coefficients.efi_mild)).toBeCloseTo(1.93, 12);
    expect(Math.exp(GENERATING_MODEL.coefficients.efi_moderate)).toBeCloseTo(3.04, 12);
    expect(Math.exp(GENERATING_MODEL.coefficients.efi_severe)).toBeCloseTo(4.73, 12);
    expect(Object.keys(GENERATING_MODEL.coefficients).sort()).toEqual([...ADMISSION_TERMS].sort());
  });

  it('reads age bands at their edges, counts registers once and up to the cap, and bands prior admissions', () => {
    const band = (age: number) => {
      const x = admissionFeatures(patient({ age }));
      return ADMISSION_TERMS.filter((t) => t.startsWith('age_') && x[t] === 1).join() || 'reference';
    };
    expect([0, 4, 5, 14, 15, 44, 45, 64, 65, 74, 75, 84, 85, 104].map(band)).toEqual([
      'age_0_4',
      'age_0_4',
      'age_5_14',
      'age_5_14',
      'reference',
      'reference',
      'age_45_64',
      'age_45_64',
      'age_65_74',
      'age_65_74',
      'age_75_84',
      'age_75_84',
      'age_85_plus',
      'age_85_plus',
    ]);
    expect(admissionFeatures(patient({ conditions: ['HYP', 'HYP', 'DM'] })).qof_conditions).toBe(2);
    const many = ['AF', 'AST', 'CAN', 'CHD', 'CKD', 'COPD', 'DM', 'HF'];
    expect(admissionFeatures(patient({ conditions: many })).qof_conditions).toBe(CONDITIONS_CAP);
    const prior = (n: number) => {
      const x = admissionFeatures(patient({ admissionsPrior12m: n }));
      return [x.prior_admission_1, x.prior_admissions_2_plus];
    };
    expect([0, 1, 2, 7].map(prior)).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
    expect(() => admissionFeatures(patient({ admissionsPrior12m: -1 }))).toThrow(RangeError);
    expect(() => admissionFeatures(patient({ admissionsPrior12m: 1.5 }))).toThrow(RangeError);
    expect(() => admissionFeatures(patient({ deficits: [40] }))).toThrow(/deficit 40/);
  });

  it('is a probability, and never falls with more prior admissions or more deficits (property)', () => {
    const arbitrary = fc.record({
      sex: fc.constantFrom('male' as const, 'female' as const),
      age: fc.integer({ min: 0, max: 110 }),
      conditions: fc.subarray(['AF', 'AST', 'CHD', 'CKD', 'COPD', 'DEM', 'DM', 'HF', 'HYP', 'STIA']),
      deficits: fc.uniqueArray(fc.integer({ min: 1, max: 36 }), { maxLength: 36 }),
      admissionsPrior12m: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 36 }), (p, extra) => {
        const r = admissionRisk(GENERATING_MODEL, p);
        expect(r).toBeGreaterThan(0);
        expect(r).toBeLessThan(1);
        expect(
          admissionRisk(GENERATING_MODEL, { ...p, admissionsPrior12m: p.admissionsPrior12m + 1 }),
        ).toBeGreaterThanOrEqual(r);
        expect(
          admissionRisk(GENERATING_MODEL, { ...p, deficits: [...p.deficits, extra] }),
        ).toBeGreaterThanOrEqual(r);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Mann–Whitney AUC', () => {
  it('counts concordant pairs, ties as a half', () => {
    // positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 > both → 3 of 4
    expect(mannWhitneyAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    // a tie between a positive and a negative counts a half: (1 + 0.5) / 2
    expect(mannWhitneyAuc([0.2, 0.5, 0.5], [false, false, true])).toBe(0.75);
    expect(mannWhitneyAuc([1, 2, 3], [false, true, true])).toBe(1);
    expect(mannWhitneyAuc([3, 2, 1], [false, true, true])).toBe(0);
    expect(mannWhitneyAuc([1, 2], [true, true])).toBeNaN();
  });
});

describe('fitting the admission model', () => {
  it('matches the closed form when only one term varies (the saturated two-group model)', () => {
    // 100 women (20 admitted) and 50 men (20 admitted), all 30 with nothing recorded: every other term is constant
    // and is dropped. MLE: intercept = logit 0.2 = ln ¼, male = logit 0.4 − logit 0.2 = ln(8/3);
    // Var(intercept) = 1/(100·0.2·0.8) = 1/16, Var(male) = 1/16 + 1/(50·0.4·0.6)
    const cohort = [
      ...Array.from({ length: 100 }, (_, i) => ({ ...patient(), admittedNext12m: i < 20 })),
      ...Array.from({ length: 50 }, (_, i) => ({ ...patient({ sex: 'male' }), admittedNext12m: i < 20 })),
    ];
    const f = fitAdmissionModel(cohort);
    expect(f.intercept).toBeCloseTo(Math.log(1 / 4), 10);
    expect(f.coefficients.male).toBeCloseTo(Math.log(8 / 3), 10);
    expect(f.standardErrors.intercept).toBeCloseTo(0.25, 8);
    expect(f.standardErrors.male).toBeCloseTo(Math.sqrt(1 / 16 + 1 / 12), 8);
    expect(f.dropped).toEqual(ADMISSION_TERMS.filter((t) => t !== 'male'));
    expect(f.coefficients.age_85_plus).toBe(0);
    // AUC by hand: admitted men beat the 80 women not admitted (1,600 pairs), tie with the 30 men not admitted
    // (600 × ½); admitted women tie with the 80 women (1,600 × ½) and lose to the 30 men: 2,700 / (40 × 110)
    expect(f.auc).toBeCloseTo(2700 / 4400, 12);
    expect(f.n).toBe(150);
    expect(f.events).toBe(40);
    expect(f.source).toMatch(/^fitted on the SYNTHETIC cohort: 150 patients, 40 with an emergency admission/);
    expect(f.version).toMatch(/^fitted-[0-9a-f]{10}$/);
  });

  it('refuses a cohort with no admissions or no one without', () => {
    const none = Array.from({ length: 20 }, () => ({ ...patient(), admittedNext12m: false }));
    expect(() => fitAdmissionModel(none)).toThrow(/0 of 20 admitted/);
  });

  it('recovers GENERATING_MODEL from a large seeded SYNTHETIC cohort, with a sane AUC', () => {
    const cohort = generatePatients(englandShapedProfile('TEST01', 150_000), 20260601);
    const f = fitAdmissionModel(cohort);
    expect(f.dropped).toEqual([]);
    // every coefficient within 3.5 standard errors of the value the outcomes were drawn from (with 16 coefficients
    // the chance that any lies further out by chance is under 1%; the seed is fixed, so the test is deterministic)
    const z = (fitted: number, truth: number, se: number) => Math.abs(fitted - truth) / se;
    expect(z(f.intercept, GENERATING_MODEL.intercept, f.standardErrors.intercept)).toBeLessThan(3.5);
    for (const t of ADMISSION_TERMS)
      expect(z(f.coefficients[t], GENERATING_MODEL.coefficients[t], f.standardErrors[t]), t).toBeLessThan(
        3.5,
      );
    // discrimination well above chance and short of perfect (the outcome is a draw, not a rule)
    expect(f.auc).toBeGreaterThan(0.7);
    expect(f.auc).toBeLessThan(0.85);
    expect(f.source).toContain('SYNTHETIC');
    expect(f.n).toBe(cohort.length);
  });
});

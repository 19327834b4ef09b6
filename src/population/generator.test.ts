import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { HAS_SHARED_DATA, shared } from '../../test/shared-data.js';
import { validNhsNumber } from '../concerns/nhs-number.js';
import { EFI_ID, PUBLISHED_BAND_SHARES, frailtyBand, type FrailtyBand } from './efi.js';
import {
  IMPLIED_DEFICITS,
  MAX_AGE,
  PREVALENCE_TOLERANCE_PATIENTS,
  generatePatients,
  parseAgeBand,
  type PracticeProfile,
  type SyntheticPatient,
} from './generator.js';
import { englandShapedProfile } from './test-profile.js';

const count = (ps: SyntheticPatient[], f: (p: SyntheticPatient) => boolean) =>
  ps.reduce((s, p) => s + (f(p) ? 1 : 0), 0);
const rate = (ps: SyntheticPatient[], f: (p: SyntheticPatient) => boolean) => count(ps, f) / ps.length;
const bandOf = (age: number, band: string) => {
  const b = parseAgeBand(band);
  return age >= b.from && age <= b.to;
};

function bandShares(ps: SyntheticPatient[], from: number, to: number): Record<FrailtyBand, number> {
  const c: Record<FrailtyBand, number> = { fit: 0, mild: 0, moderate: 0, severe: 0 };
  let n = 0;
  for (const p of ps)
    if (p.age >= from && p.age <= to) {
      c[frailtyBand(p.deficits.length)]++;
      n++;
    }
  for (const b of Object.keys(c) as FrailtyBand[]) c[b] /= n;
  return c;
}

/** The generator's promises that hold for any profile. */
function expectFaithful(profile: PracticeProfile, ps: SyntheticPatient[]) {
  // one patient per registered patient, in each sex and age band
  for (const r of profile.ageSex)
    expect(
      count(ps, (p) => p.sex === r.sex && bandOf(p.age, r.ageBand)),
      `${r.sex} ${r.ageBand}`,
    ).toBe(r.patients);
  expect(ps.length).toBe(profile.ageSex.reduce((s, r) => s + r.patients, 0));
  // each register to the nearest patient
  for (const [group, share] of Object.entries(profile.prevalence)) {
    const got = count(ps, (p) => p.conditions.includes(group));
    expect(Math.abs(got - share * ps.length), group).toBeLessThanOrEqual(PREVALENCE_TOLERANCE_PATIENTS);
  }
  // NHS numbers: valid, in the 999 test range, unique
  expect(ps.every((p) => validNhsNumber(p.nhsNumber) === p.nhsNumber && p.nhsNumber.startsWith('999'))).toBe(
    true,
  );
  expect(new Set(ps.map((p) => p.nhsNumber)).size).toBe(ps.length);
  // deficits distinct, ascending, 1–36; the register-implied ones present
  for (const p of ps) {
    expect(
      p.deficits.every(
        (d, i) => Number.isInteger(d) && d >= 1 && d <= 36 && (i === 0 || d > p.deficits[i - 1]),
      ),
    ).toBe(true);
    for (const g of p.conditions) if (IMPLIED_DEFICITS[g]) expect(p.deficits).toContain(IMPLIED_DEFICITS[g]);
  }
}

describe('synthetic patients (a profile of England’s shape)', () => {
  const profile = englandShapedProfile('TEST01', 12_000);
  const ps = generatePatients(profile, 42);

  it('reproduces the age/sex counts, the registers, valid unique test NHS numbers and implied deficits', () => {
    expectFaithful(profile, ps);
    expect(ps.every((p) => p.age >= 0 && p.age <= MAX_AGE)).toBe(true);
    // the open band runs from 75 to 100, mostly at its young end
    const old = ps.filter((p) => p.age >= 75);
    expect(Math.max(...old.map((p) => p.age))).toBeGreaterThan(95);
    expect(rate(old, (p) => p.age < 85)).toBeGreaterThan(0.6);
  });

  it('keeps registers to their QOF age limits and lets no one off the register have a register-only deficit', () => {
    expect(ps.filter((p) => p.conditions.includes('OST')).every((p) => p.age >= 50)).toBe(true);
    expect(ps.filter((p) => p.conditions.includes('CKD')).every((p) => p.age >= 18)).toBe(true);
    expect(ps.filter((p) => p.conditions.includes('DM')).every((p) => p.age >= 17)).toBe(true);
    expect(ps.filter((p) => p.conditions.includes('CVDPP')).every((p) => p.age >= 30 && p.age <= 74)).toBe(
      true,
    );
    const hypertension = EFI_ID['Hypertension'];
    expect(ps.every((p) => p.deficits.includes(hypertension) === p.conditions.includes('HYP'))).toBe(true);
    const hf = EFI_ID['Heart failure'];
    expect(ps.every((p) => p.deficits.includes(hf) === p.conditions.includes('HF'))).toBe(true);
  });

  it('puts conditions together through the shared latent factor and raises them with age', () => {
    const withHf = ps.filter((p) => p.conditions.includes('HF'));
    const chd = (xs: SyntheticPatient[]) => rate(xs, (p) => p.conditions.includes('CHD'));
    const over65 = ps.filter((p) => p.age >= 65);
    // heart failure patients have coronary heart disease more often than others of 65 and over
    expect(chd(withHf)).toBeGreaterThan(1.5 * chd(over65));
    const hyp = (lo: number, hi: number) =>
      rate(
        ps.filter((p) => p.age >= lo && p.age <= hi),
        (p) => p.conditions.includes('HYP'),
      );
    expect(hyp(25, 44)).toBeLessThan(hyp(45, 64));
    expect(hyp(45, 64)).toBeLessThan(hyp(75, 100));
  });

  it('admits about 5–10% of the list in the next year, rising steeply with age and frailty', () => {
    const admitted = rate(ps, (p) => p.admittedNext12m);
    expect(admitted).toBeGreaterThan(0.05);
    expect(admitted).toBeLessThan(0.1);
    const byAge = [
      [15, 44],
      [45, 64],
      [65, 74],
      [75, 84],
      [85, 100],
    ].map(([lo, hi]) =>
      rate(
        ps.filter((p) => p.age >= lo && p.age <= hi),
        (p) => p.admittedNext12m,
      ),
    );
    for (let i = 1; i < byAge.length; i++) expect(byAge[i]).toBeGreaterThan(byAge[i - 1]);
    const older = ps.filter((p) => p.age >= 65);
    const frail = older.filter((p) => p.deficits.length >= 9);
    const fit = older.filter((p) => p.deficits.length <= 4);
    expect(rate(frail, (p) => p.admittedNext12m)).toBeGreaterThan(2 * rate(fit, (p) => p.admittedNext12m));
    // last year's utilisation is plausible: some prior admissions, a few GP appointments each on average
    expect(rate(ps, (p) => p.admissionsPrior12m > 0)).toBeGreaterThan(0.03);
    const appointments = ps.reduce((s, p) => s + p.appointmentsPrior12m, 0) / ps.length;
    expect(appointments).toBeGreaterThan(2);
    expect(appointments).toBeLessThan(10);
  });

  it('gives the same patients for the same seed and different ones for another seed or practice', () => {
    // compared as JSON: the deep equality of 12,000 objects is slow and says no more
    expect(JSON.stringify(generatePatients(profile, 42))).toBe(JSON.stringify(ps));
    const other = generatePatients(profile, 43);
    expect(other.map((p) => p.nhsNumber)).not.toEqual(ps.map((p) => p.nhsNumber));
    expect(other.map((p) => p.deficits.length)).not.toEqual(ps.map((p) => p.deficits.length));
    const elsewhere = generatePatients({ ...profile, practiceCode: 'TEST02' }, 42);
    expect(elsewhere.map((p) => p.nhsNumber)).not.toEqual(ps.map((p) => p.nhsNumber));
    expectFaithful(profile, other);
  });

  it('makes a practice of 10,000 in well under a second', () => {
    const ten = englandShapedProfile('TEST03', 10_000);
    generatePatients(ten, 1); // warm up
    const t0 = performance.now();
    const made = generatePatients(ten, 2);
    const ms = performance.now() - t0;
    console.log(`generatePatients: ${made.length} patients in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a profile it cannot honour, naming the problem', () => {
    const bad = (over: Partial<PracticeProfile>) => () => generatePatients({ ...profile, ...over }, 1);
    expect(bad({ ageSex: [{ sex: 'male', ageBand: '75-', patients: 3 }] })).toThrow(/age band "75-"/);
    expect(bad({ ageSex: [{ sex: 'male', ageBand: '0-4', patients: -1 }] })).toThrow(/male 0-4/);
    expect(bad({ prevalence: { HYP: 1.2 } })).toThrow(/HYP share/);
    expect(bad({ ageSex: [{ sex: 'female', ageBand: '25-34', patients: 500_000 }] })).toThrow(
      /500000 patients/,
    );
    expect(generatePatients({ ...profile, ageSex: [] }, 1)).toEqual([]);
  });
});

// ---- real open data: one practice's list sizes (Jan–Mar 2016) and QOF registers (2019-20) ----

const LIST_SIZES =
  'registered_patients/list_size_age_sex_quarterly_2014-2016/Patient_List_Size_2016_01-03.csv';
const QOF_1920 = 'qof/2019-20/PREVALENCE_1920.csv';
const BANDS = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];

interface RealData {
  ageSex: Map<string, PracticeProfile['ageSex']>;
  registers: Map<string, Record<string, number>>;
  /** the TOTAL list type's list size: the whole list */
  list: Map<string, number>;
}

function readRealData(): RealData {
  const sizes = parse(readFileSync(shared(LIST_SIZES)), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const ageSex = new Map<string, PracticeProfile['ageSex']>();
  for (const r of sizes)
    ageSex.set(
      r['Practice Code'],
      BANDS.flatMap((ageBand) => [
        { sex: 'male' as const, ageBand, patients: Number(r[`Male ${ageBand}`]) },
        { sex: 'female' as const, ageBand, patients: Number(r[`Female ${ageBand}`]) },
      ]),
    );
  const qof = parse(readFileSync(shared(QOF_1920)), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const registers = new Map<string, Record<string, number>>();
  const list = new Map<string, number>();
  for (const r of qof) {
    const code = r.PRACTICE_CODE;
    const groups = registers.get(code) ?? {};
    groups[r.GROUP_CODE] = Number(r.REGISTER);
    registers.set(code, groups);
    if (r.PATIENT_LIST_TYPE === 'TOTAL') list.set(code, Number(r.PATIENT_LIST_SIZE));
  }
  return { ageSex, registers, list };
}

/** A practice's profile as the design reads it: 2016 age/sex counts; each register ÷ the whole (TOTAL) list. */
function realProfile(data: RealData, code: string): PracticeProfile {
  const ageSex = data.ageSex.get(code);
  const registers = data.registers.get(code);
  const list = data.list.get(code);
  if (!ageSex || !registers || !list) throw new Error(`${code} is not in both files`);
  return {
    practiceCode: code,
    ageSex,
    prevalence: Object.fromEntries(Object.entries(registers).map(([g, r]) => [g, r / list])),
  };
}

/** England: the age/sex counts of every practice in both files, scaled to `patients`; registers ÷ the whole lists. */
function englandProfile(data: RealData, patients: number): PracticeProfile {
  const sums = new Map<string, number>();
  let list = 0;
  const registers: Record<string, number> = {};
  for (const [code, rows] of data.ageSex) {
    const size = data.list.get(code);
    if (!size || rows.every((r) => r.patients === 0)) continue;
    for (const r of rows)
      sums.set(`${r.sex} ${r.ageBand}`, (sums.get(`${r.sex} ${r.ageBand}`) ?? 0) + r.patients);
    list += size;
    for (const [g, v] of Object.entries(data.registers.get(code) ?? {}))
      registers[g] = (registers[g] ?? 0) + v;
  }
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  return {
    practiceCode: 'ENGLAND',
    ageSex: [...sums].map(([key, v]) => {
      const [sex, ageBand] = key.split(' ');
      return { sex: sex as 'male' | 'female', ageBand, patients: Math.round((v / total) * patients) };
    }),
    prevalence: Object.fromEntries(Object.entries(registers).map(([g, v]) => [g, v / list])),
  };
}

describe.skipIf(!HAS_SHARED_DATA)(
  'synthetic patients from real open data (../shared/data; skipped when it is absent)',
  () => {
    const data = HAS_SHARED_DATA ? readRealData() : null;

    it('reproduces a real practice’s 2016 age/sex counts and its 2019-20 registers to the nearest patient', () => {
      const profile = realProfile(data!, 'P84019');
      expect(Object.keys(profile.prevalence)).toHaveLength(21);
      const ps = generatePatients(profile, 7);
      expect(ps.length).toBe(10_381);
      expectFaithful(profile, ps);
      // its 65–95-year-olds are near the published eFI shares too; the band is wide: about 1,300 people (a sampling
      // standard error of up to 1.4 points) and the practice's own morbidity, which the generator keeps
      const shares = bandShares(ps, 65, 95);
      for (const b of Object.keys(shares) as FrailtyBand[])
        expect(Math.abs(shares[b] - PUBLISHED_BAND_SHARES.overall[b]), b).toBeLessThan(0.06);
      expect(rate(ps, (p) => p.admittedNext12m)).toBeGreaterThan(0.05);
      expect(rate(ps, (p) => p.admittedNext12m)).toBeLessThan(0.1);
    });

    it('gives England’s 65–95-year-olds the published eFI band shares within 2 points, frailer with age', () => {
      const ps = generatePatients(englandProfile(data!, 120_000), 2016);
      const shares = bandShares(ps, 65, 95);
      console.log('eFI bands, aged 65–95:', shares);
      // about 20,000 people aged 65–95: a sampling standard error of at most 0.35 points, so 2 points is the
      // calibration's own error (under 1 point when it was set) with room for the draw
      for (const b of Object.keys(shares) as FrailtyBand[])
        expect(Math.abs(shares[b] - PUBLISHED_BAND_SHARES.overall[b]), b).toBeLessThan(0.02);
      // no shares by age group were published that we found; only the direction is checked
      const frail = [
        [65, 74],
        [75, 84],
        [85, 95],
      ].map(([lo, hi]) => {
        const s = bandShares(ps, lo, hi);
        return s.moderate + s.severe;
      });
      console.log('moderate or severe, 65–74, 75–84, 85–95:', frail);
      expect(frail[0]).toBeLessThan(frail[1]);
      expect(frail[1]).toBeLessThan(frail[2]);
      const admitted = rate(ps, (p) => p.admittedNext12m);
      console.log('admitted in the next 12 months:', admitted);
      expect(admitted).toBeGreaterThan(0.05);
      expect(admitted).toBeLessThan(0.1);
    });
  },
);

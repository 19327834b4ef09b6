/**
 * For tests only: a practice profile of England's shape at any list size, so the model tests run without the shared
 * data. The shares are rounded from the real open data: registered patients by sex and age band summed over every
 * practice in the Jan–Mar 2016 list-size file, and each QOF register's national total ÷ the national TOTAL list in
 * QOF 2019-20 (PREVALENCE_1920.csv). The tests that read the files themselves are in generator.test.ts.
 */
import type { PracticeProfile } from './generator.js';

/** Percent of the list in each band: [male, female]. */
const AGE_SEX_PERCENT: ReadonlyArray<[string, number, number]> = [
  ['0-4', 3.0, 2.85],
  ['5-14', 5.86, 5.59],
  ['15-24', 6.11, 6.12],
  ['25-34', 7.14, 7.24],
  ['35-44', 6.92, 6.56],
  ['45-54', 7.25, 6.95],
  ['55-64', 5.64, 5.59],
  ['65-74', 4.56, 4.85],
  ['75+', 3.28, 4.49],
];

/** Register ÷ whole list, England, QOF 2019-20. */
export const ENGLAND_PREVALENCE_1920: Readonly<Record<string, number>> = {
  AF: 0.0204,
  AST: 0.0647,
  CAN: 0.0311,
  CHD: 0.0309,
  CKD: 0.0322,
  COPD: 0.0194,
  CVDPP: 0.0066,
  DEM: 0.0078,
  DEP: 0.0917,
  DM: 0.0573,
  EP: 0.0064,
  HF: 0.009,
  HYP: 0.1408,
  LD: 0.0051,
  MH: 0.0093,
  OB: 0.0842,
  OST: 0.0031,
  PAD: 0.006,
  PC: 0.0048,
  RA: 0.0063,
  STIA: 0.0179,
};

/** A profile of England's shape with about `patients` patients. */
export function englandShapedProfile(practiceCode: string, patients: number): PracticeProfile {
  return {
    practiceCode,
    ageSex: AGE_SEX_PERCENT.flatMap(([ageBand, male, female]) => [
      { sex: 'male' as const, ageBand, patients: Math.round((male / 100) * patients) },
      { sex: 'female' as const, ageBand, patients: Math.round((female / 100) * patients) },
    ]),
    prevalence: { ...ENGLAND_PREVALENCE_1920 },
  };
}

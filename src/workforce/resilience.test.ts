import { describe, expect, it } from 'vitest';
import { deriveYear, summariseWorkforce, type WorkforceYearInput } from './resilience.js';
import { CATALOGUE } from '../domain/indicators.js';
import { evaluateTiers } from '../variation/tiers.js';

const y = (
  year: number,
  patients: number | null,
  gp: number | null,
  nurse: number | null,
  dpc: number | null,
) =>
  ({
    year: `${year - 1}-${String(year % 100).padStart(2, '0')}`,
    periodStart: `${year - 1}-04-01`,
    patients,
    gpFte: gp,
    nurseFte: nurse,
    dpcFte: dpc,
  }) satisfies WorkforceYearInput;
const ENGLAND = [2023, 2024, 2025].map((yr) => ({
  periodStart: `${yr - 1}-04-01`,
  practices: 100,
  median: 2000,
  p90: 2800,
}));
const codes = (s: ReturnType<typeof summariseWorkforce>) => s.flags.map((f) => f.code);

describe('deriveYear', () => {
  it('patients per GP FTE and per clinician FTE (GP + nurse + direct patient care), and the mix', () => {
    const d = deriveYear(y(2024, 6000, 3, 2, 1));
    expect(d.patientsPerGpFte).toBe(2000);
    expect(d.clinicianFte).toBe(6);
    expect(d.patientsPerClinicianFte).toBe(1000);
    expect(d.mix).toEqual({ gp: 0.5, nurse: 2 / 6, dpc: 1 / 6 });
    expect(d.notReturned).toEqual([]);
  });
  it('a GP or nurse FTE of 0 with patients is "not returned": no ratio is made from it', () => {
    const d = deriveYear(y(2024, 6000, 0, 0, 1));
    expect(d.notReturned).toEqual(['gp', 'nurse']);
    expect(d.patientsPerGpFte).toBeNull();
    expect(d.clinicianFte).toBeNull();
    expect(d.patientsPerClinicianFte).toBeNull();
    expect(d.mix).toBeNull();
  });
  it('0 direct patient care FTE is a real answer (PCN-employed staff), counted as 0', () => {
    const d = deriveYear(y(2024, 6000, 3, 3, 0));
    expect(d.notReturned).toEqual([]);
    expect(d.clinicianFte).toBe(6);
    expect(d.mix!.dpc).toBe(0);
  });
  it('a missing figure gives no ratio and is not called "not returned"', () => {
    const d = deriveYear(y(2024, 6000, null, 2, 1));
    expect(d.patientsPerGpFte).toBeNull();
    expect(d.notReturned).toEqual([]);
  });
});

describe('resilience flags', () => {
  it('few GPs: fewer than 2 GP FTE in the latest returned year, not at exactly 2', () => {
    expect(codes(summariseWorkforce([y(2025, 3000, 1.9, 1, 0)], ENGLAND))).toEqual(['small_gp_capacity']);
    expect(codes(summariseWorkforce([y(2025, 3000, 2, 1, 0)], ENGLAND))).toEqual([]);
    // the latest year's GP FTE was not returned: the year before decides
    const s = summariseWorkforce([y(2024, 3000, 1.5, 1, 0), y(2025, 3100, 0, 1, 0)], ENGLAND);
    expect(codes(s)).toEqual(['small_gp_capacity', 'not_returned']);
    expect(s.flags[0]!.finding).toMatch(/1\.5 GP FTE in 2023-24/);
    expect(s.flags[0]!.caveat).toMatch(/not headcount/);
  });
  it('falling GP FTE against a rising list: a fall of 10% or more while patients rose', () => {
    const fall = summariseWorkforce([y(2023, 8000, 5, 2, 1), y(2025, 8100, 4.5, 2, 1)], ENGLAND);
    expect(codes(fall)).toEqual(['falling_gp_fte_rising_list']);
    expect(fall.flags[0]!.finding).toBe('GP FTE −10% and patients +1% from 2022-23 to 2024-25.');
    expect(fall.change!.gpFte).toBeCloseTo(-0.1, 12);
    // a smaller fall, or a falling list, is not flagged
    expect(codes(summariseWorkforce([y(2023, 8000, 5, 2, 1), y(2025, 8100, 4.6, 2, 1)], ENGLAND))).toEqual(
      [],
    );
    expect(codes(summariseWorkforce([y(2023, 8000, 5, 2, 1), y(2025, 7900, 4, 2, 1)], ENGLAND))).toEqual([]);
  });
  it('a missing middle year and a not-returned year are skipped: the change spans the returned years', () => {
    const s = summariseWorkforce(
      [y(2025, 8200, 4, 2, 1), y(2023, 8000, 5, 2, 1), y(2024, 8100, 0, 2, 1)],
      ENGLAND,
    );
    expect(s.years.map((x) => x.year)).toEqual(['2022-23', '2023-24', '2024-25']);
    expect(s.change).toMatchObject({ from: '2022-23', to: '2024-25' });
    expect(codes(s)).toEqual(['falling_gp_fte_rising_list', 'not_returned']);
    expect(s.flags[1]!.finding).toBe('GPs not returned in 2023-24');
    // one returned year only: no change, so no trend flag
    const one = summariseWorkforce([y(2023, 8000, 0, 2, 1), y(2025, 8200, 4, 2, 1)], ENGLAND);
    expect(one.change).toBeNull();
  });
  it("many patients per GP: at or above England's 90th centile that year", () => {
    expect(codes(summariseWorkforce([y(2025, 8400, 3, 2, 1)], ENGLAND))).toEqual([
      'high_patients_per_gp_fte',
    ]);
    expect(codes(summariseWorkforce([y(2025, 8390, 3, 2, 1)], ENGLAND))).toEqual([]);
    // no distribution for that year: no verdict
    expect(codes(summariseWorkforce([y(2022, 9000, 3, 2, 1)], ENGLAND))).toEqual([]);
  });
  it('no years, no flags', () => {
    expect(summariseWorkforce([], ENGLAND)).toEqual({ years: [], change: null, flags: [] });
  });
});

describe('workforce figures are never tier evidence', () => {
  it('every workforce indicator is an amount, which the tier rules refuse, saying why', () => {
    const workforce = CATALOGUE.filter((d) => d.domain === 'workforce');
    expect(workforce.map((d) => d.code).sort()).toEqual([
      'dpc_fte_per_1000',
      'nurse_fte_per_1000',
      'patients_per_gp_fte',
    ]);
    const e = evaluateTiers(
      { version: 1, indicators: workforce.map((d) => d.code), minFlags: 1 } as never,
      workforce.map((d) => ({ ...d, periods: [] }) as never),
    );
    expect(e.skipped.map((s) => s.why)).toEqual(
      workforce.map(() => expect.stringMatching(/an amount \(£ or staff\), not a count of events/)),
    );
  });
});

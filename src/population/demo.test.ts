import { describe, expect, it } from 'vitest';
import type { PatientRow } from '../db/repos/population.js';
import { demoCareRecords } from './demo.js';

const patient = (id: number, age: number, deficits: number): PatientRow => ({
  id,
  patientRef: `ref-${id}-abcdef`,
  nhsNumberEnc: null,
  sex: id % 2 ? 'male' : 'female',
  age,
  conditions: [],
  deficits: Array.from({ length: deficits }, (_, i) => i + 1),
  admissionsPrior: 0,
  appointmentsPrior: 0,
  admittedNext: null,
  risk: null,
  namedGp: null,
  carePlanAgreed: null,
  carePlanReviewed: null,
});

describe('the demo’s SYNTHETIC care history', () => {
  const AS_AT = '2026-12-05';
  const patients = Array.from({ length: 4000 }, (_, i) => patient(i + 1, 60 + (i % 40), i % 16));
  const records = demoCareRecords(patients, 'Z10001', AS_AT);

  it('is for over-75s only, with dates in order and none in the future or more than two years back', () => {
    const byId = new Map(patients.map((p) => [p.id, p]));
    expect(records.length).toBeGreaterThan(1000);
    for (const r of records) {
      expect(byId.get(r.id)!.age).toBeGreaterThanOrEqual(75);
      if (r.agreed) {
        expect(r.agreed <= AS_AT && r.agreed > '2024-12-05').toBe(true);
        if (r.reviewed) expect(r.reviewed > r.agreed && r.reviewed <= AS_AT).toBe(true);
      } else expect(r.reviewed).toBeNull();
    }
  });

  it('gives most over-75s a named GP and the frailer more care plans; the same practice gets the same history', () => {
    const over75 = patients.filter((p) => p.age >= 75);
    const named = records.filter((r) => r.namedGp).length / over75.length;
    expect(named).toBeGreaterThan(0.75);
    expect(named).toBeLessThan(1);
    const planShare = (lo: number, hi: number) => {
      const ids = new Set(
        over75.filter((p) => p.deficits.length >= lo && p.deficits.length < hi).map((p) => p.id),
      );
      return records.filter((r) => ids.has(r.id) && r.agreed).length / ids.size;
    };
    expect(planShare(13, 99)).toBeGreaterThan(planShare(0, 5));
    expect(demoCareRecords(patients, 'Z10001', AS_AT)).toEqual(records);
    expect(demoCareRecords(patients, 'Z10002', AS_AT)).not.toEqual(records);
  });
});

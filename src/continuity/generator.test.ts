import { describe, expect, it } from 'vitest';
import { byPatient, generatePractice, propensityFor } from './generator.js';
import { practiceContinuity } from './measures.js';
import { mulberry32 } from '../stats/random.js';

/** π recovered from SLICC: E[SLICC] = π + (1 − π)/k, so π = (SLICC − 1/k) / (1 − 1/k). */
const recovered = (slicc: number, k: number) => (slicc - 1 / k) / (1 - 1 / k);

describe('SYNTHETIC appointment generator', () => {
  it('is seeded: the same seed makes the same appointments, another seed others', () => {
    const p = { code: 'Z10001', listSize: 600 };
    const a = generatePractice(p, { seed: 7 });
    const b = generatePractice(p, { seed: 7 });
    const c = generatePractice(p, { seed: 8 });
    expect(b).toEqual(a);
    expect(c.appointments).not.toEqual(a.appointments);
    expect(a.synthetic).toBe(true);
  });

  it('patients are sequence numbers of the list, clinicians numbered GPs (no identities)', () => {
    const s = generatePractice({ code: 'Z10002', listSize: 3600 }, { seed: 1 });
    expect(s.patients).toBe(3600);
    expect(s.gps).toEqual(['GP 1', 'GP 2']); // 3,600 / 1,800
    expect(s.appointments.length).toBeGreaterThan(3600);
    const bad = s.appointments.filter(
      (a) =>
        !Number.isInteger(a.patient) || a.patient < 1 || a.patient > 3600 || !s.gps.includes(a.clinician),
    );
    expect(bad).toEqual([]);
  });

  it('recovers a set continuity propensity within 0.02 from SLICC', () => {
    // 9,000 patients, 5 GPs; about 9,000 × 3 appointments, so SLICC's standard error is about 0.003 and π's 0.004
    for (const pi of [0.2, 0.6, 0.9]) {
      const s = generatePractice({ code: 'Z10003', listSize: 9000 }, { seed: 11, propensity: pi });
      const r = practiceContinuity(byPatient(s));
      expect(Math.abs(recovered(r.slicc!, s.gps.length) - pi)).toBeLessThan(0.02);
    }
  });

  it('recovers each practice’s own propensity, and larger or more deprived practices have less continuity', () => {
    const practices = [
      { code: 'Z20001', listSize: 3000, imdScore: 10 },
      { code: 'Z20002', listSize: 6000, imdScore: 21.7 },
      { code: 'Z20003', listSize: 12000, imdScore: 40 },
    ];
    const out = practices.map((p) => {
      const s = generatePractice(p, { seed: 3 });
      const r = practiceContinuity(byPatient(s));
      expect(Math.abs(recovered(r.slicc!, s.gps.length) - s.propensity)).toBeLessThan(0.02);
      return s.propensity;
    });
    // without noise the propensity is 0.6 − 0.04 × (list − 6,000)/1,000 − 0.005 × (IMD − 21.7)
    expect(propensityFor(practices[0]!, mulberry32(1), 0)).toBeCloseTo(0.6 + 0.12 + 0.0585, 10);
    expect(propensityFor(practices[2]!, mulberry32(1), 0)).toBeCloseTo(0.6 - 0.24 - 0.0915, 10);
    expect(out[0]).toBeGreaterThan(out[2]!);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coc, mostSeen, practiceContinuity, upc } from './measures.js';

describe('continuity indices, against hand-computed cases', () => {
  it('UPC and COC of one patient', () => {
    // A A B C: n = 4, n_A = 2, n_B = 1, n_C = 1
    // UPC = 2/4 = 0.5; COC = (2² + 1² + 1² − 4) / (4 × 3) = 2/12 = 1/6
    expect(upc(['A', 'A', 'B', 'C'])).toBe(0.5);
    expect(coc(['A', 'A', 'B', 'C'])).toBeCloseTo(1 / 6, 12);
    // A A A B B: n = 5, n_A = 3, n_B = 2
    // UPC = 3/5 = 0.6; COC = (9 + 4 − 5) / (5 × 4) = 8/20 = 0.4
    expect(upc(['A', 'A', 'A', 'B', 'B'])).toBeCloseTo(0.6, 12);
    expect(coc(['A', 'A', 'A', 'B', 'B'])).toBeCloseTo(0.4, 12);
  });

  it('edge cases: one appointment, one clinician, every clinician different', () => {
    expect(upc(['A'])).toBeNull(); // not eligible: fewer than 2 appointments
    expect(coc(['A'])).toBeNull();
    expect(upc([])).toBeNull();
    // all with one clinician: UPC = 3/3 = 1; COC = (9 − 3) / (3 × 2) = 1
    expect(upc(['A', 'A', 'A'])).toBe(1);
    expect(coc(['A', 'A', 'A'])).toBe(1);
    // all different (k = n = 4): UPC = 1/4; COC = (1+1+1+1 − 4) / 12 = 0
    expect(upc(['A', 'B', 'C', 'D'])).toBe(0.25);
    expect(coc(['A', 'B', 'C', 'D'])).toBe(0);
    // two appointments, two clinicians: UPC = 1/2, COC = (1 + 1 − 2) / 2 = 0
    expect(coc(['A', 'B'])).toBe(0);
  });

  it('the most-seen clinician; a tie goes to the one seen first', () => {
    expect(mostSeen(['B', 'A', 'A', 'C'])).toBe('A');
    expect(mostSeen(['B', 'A', 'A', 'B'])).toBe('B');
    expect(mostSeen([])).toBeNull();
  });

  it('practice aggregation: UPC and COC per patient, SLICC per appointment with the list GP', () => {
    const patients = [
      { clinicians: ['A', 'A', 'B', 'C'], listGp: 'A' }, // UPC 0.5, COC 1/6, 2 of 4 with list GP A
      { clinicians: ['A', 'A', 'A', 'B', 'B'], listGp: 'B' }, // UPC 0.6, COC 0.4, 2 of 5 with list GP B
      { clinicians: ['C'], listGp: 'C' }, // one appointment: not eligible
    ];
    const r = practiceContinuity(patients);
    expect(r.eligiblePatients).toBe(2);
    expect(r.eligibleAppointments).toBe(9); // 4 + 5
    expect(r.withUsualGp).toBe(4); // 2 + 2
    expect(r.slicc).toBeCloseTo(4 / 9, 12);
    expect(r.upc).toBeCloseTo((0.5 + 0.6) / 2, 12); // 0.55
    expect(r.coc).toBeCloseTo((1 / 6 + 0.4) / 2, 12); // 17/60
    // without a list GP the most-seen GP stands in: A for both, 2 + 3 = 5 of 9
    const noList = practiceContinuity(patients.map((p) => ({ clinicians: p.clinicians })));
    expect(noList.withUsualGp).toBe(5);
    expect(noList.slicc).toBeCloseTo(5 / 9, 12);
  });

  it('a practice with no eligible patient has no indices', () => {
    const r = practiceContinuity([{ clinicians: ['A'] }, { clinicians: [] }]);
    expect(r).toEqual({
      eligiblePatients: 0,
      eligibleAppointments: 0,
      withUsualGp: 0,
      upc: null,
      coc: null,
      slicc: null,
    });
  });

  it('property: 0 ≤ COC ≤ UPC ≤ 1 and UPC ≥ 1/k for any appointments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E'), { minLength: 2, maxLength: 40 }),
        (cs) => {
          const k = new Set(cs).size;
          const u = upc(cs)!;
          const c = coc(cs)!;
          const eps = 1e-12;
          return c >= -eps && c <= u + eps && u <= 1 + eps && u >= 1 / k - eps;
        },
      ),
    );
  });
});

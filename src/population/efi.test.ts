import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BAND_FROM,
  EFI_DEFICITS,
  EFI_ID,
  FRAILTY_BANDS,
  MODERATE_FROM,
  PUBLISHED_BAND_SHARES,
  efiDeficitCount,
  efiScore,
  frailtyBand,
  frailtyBandOf,
} from './efi.js';

const ids = (...names: string[]) =>
  names.map((name) => {
    const id = EFI_ID[name];
    if (id === undefined) throw new Error(`no deficit named ${name}`);
    return id;
  });

describe('the 36 eFI deficits', () => {
  it('are numbered 1–36 in the order of Box 1 of the paper (alphabetical)', () => {
    expect(EFI_DEFICITS.map((d) => d.id)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    expect(new Set(EFI_DEFICITS.map((d) => d.name)).size).toBe(36);
    const names = EFI_DEFICITS.map((d) => d.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(EFI_DEFICITS[0]).toEqual({ id: 1, name: 'Activity limitation' });
    expect(EFI_ID['Heart failure']).toBe(14);
    expect(EFI_ID['Polypharmacy']).toBe(26);
    expect(EFI_DEFICITS[35]).toEqual({ id: 36, name: 'Weight loss and anorexia' });
  });
});

describe('eFI score and band', () => {
  it('scores hand-computed cases: distinct deficits ÷ 36', () => {
    expect(efiScore([])).toBe(0);
    expect(frailtyBandOf([])).toBe('fit');
    // 4 deficits: 4/36 = 0.111 → fit
    const four = ids('Hypertension', 'Atrial fibrillation', 'Hearing impairment', 'Arthritis');
    expect(efiScore(four)).toBeCloseTo(4 / 36, 15);
    expect(frailtyBandOf(four)).toBe('fit');
    // add falls: 5/36 = 0.139 → mild
    const five = [...four, ...ids('Falls')];
    expect(efiScore(five)).toBeCloseTo(0.1388888889, 9);
    expect(frailtyBandOf(five)).toBe('mild');
    // nine: 9/36 = 0.25 exactly → moderate
    const nine = [
      ...five,
      ...ids('Polypharmacy', 'Urinary incontinence', 'Visual impairment', 'Mobility and transfer problems'),
    ];
    expect(efiScore(nine)).toBe(0.25);
    expect(frailtyBandOf(nine)).toBe('moderate');
    // every deficit: 1 → severe
    expect(efiScore(EFI_DEFICITS.map((d) => d.id))).toBe(1);
    expect(frailtyBandOf(EFI_DEFICITS.map((d) => d.id))).toBe('severe');
  });

  it('puts the band edges at 4/5, 8/9 and 12/13 deficits', () => {
    expect([0, 4, 5, 8, 9, 12, 13, 36].map(frailtyBand)).toEqual([
      'fit',
      'fit',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'severe',
      'severe',
    ]);
    expect(BAND_FROM).toEqual({ mild: 5, moderate: 9, severe: 13 });
    expect(MODERATE_FROM).toBe(9);
    expect(FRAILTY_BANDS.map((b) => [b.band, b.from, b.to])).toEqual([
      ['fit', 0, 4],
      ['mild', 5, 8],
      ['moderate', 9, 12],
      ['severe', 13, null],
    ]);
  });

  it('agrees with the paper’s score bands (fit ≤ 0.12, mild ≤ 0.24, moderate ≤ 0.36, severe above) at every count', () => {
    for (let k = 0; k <= 36; k++) {
      const s = k / 36;
      const expected = s <= 0.12 ? 'fit' : s <= 0.24 ? 'mild' : s <= 0.36 ? 'moderate' : 'severe';
      expect(frailtyBand(k), `${k} deficits, eFI ${s.toFixed(4)}`).toBe(expected);
    }
  });

  it('counts a deficit listed twice once', () => {
    const twice = ids('Hypertension', 'Hypertension', 'Falls', 'Falls', 'Falls');
    expect(efiDeficitCount(twice)).toBe(2);
    expect(efiScore(twice)).toBe(2 / 36);
    // five entries but four distinct: still fit
    expect(frailtyBandOf([...ids('Dizziness', 'Dyspnoea', 'Falls', 'Foot problems'), EFI_ID['Falls']])).toBe(
      'fit',
    );
  });

  it('refuses a number that is not one of the 36, naming it', () => {
    for (const bad of [0, 37, -3, 2.5, Number.NaN])
      expect(() => efiScore([1, bad]), String(bad)).toThrow(
        new RegExp(`deficit ${String(bad)} is not one of the 36`),
      );
    expect(() => efiScore([37])).toThrow(RangeError);
    for (const bad of [-1, 37, 4.5, Number.NaN]) expect(() => frailtyBand(bad)).toThrow(RangeError);
  });

  it('never falls when a deficit is added, and is the distinct count ÷ 36 (property)', () => {
    const id = fc.integer({ min: 1, max: 36 });
    fc.assert(
      fc.property(fc.array(id, { maxLength: 60 }), id, (list, extra) => {
        const before = efiScore(list);
        const after = efiScore([...list, extra]);
        expect(after).toBeGreaterThanOrEqual(before);
        expect(before).toBe(new Set(list).size / 36);
        const order = ['fit', 'mild', 'moderate', 'severe'];
        expect(order.indexOf(frailtyBandOf([...list, extra]))).toBeGreaterThanOrEqual(
          order.indexOf(frailtyBandOf(list)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the published shares as proportions that sum to 1, with their source', () => {
    const s = PUBLISHED_BAND_SHARES.overall;
    expect(s).toEqual({ fit: 0.5, mild: 0.35, moderate: 0.12, severe: 0.03 });
    expect(s.fit + s.mild + s.moderate + s.severe).toBeCloseTo(1, 12);
    expect(PUBLISHED_BAND_SHARES.ages).toEqual({ from: 65, to: 95 });
    expect(PUBLISHED_BAND_SHARES.byAgeGroup).toBeNull();
    expect(PUBLISHED_BAND_SHARES.source).toMatch(/Clegg/);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PatientKeys, syntheticNhsNumber, validNhsNumber } from './nhs-number.js';
import { mulberry32 } from '../stats/random.js';

describe('NHS numbers', () => {
  it('accepts numbers whose modulus 11 check digit is right', () => {
    // 943 476 5919: the NHS Data Dictionary worked example (weights 10..2, sum 299, 11 − 299 mod 11 = 9).
    expect(validNhsNumber('943 476 5919')).toBe('9434765919');
    expect(validNhsNumber('943-476-5919')).toBe('9434765919');
    expect(validNhsNumber('9434765918')).toBeNull();
    expect(validNhsNumber('94347659')).toBeNull();
    expect(validNhsNumber('abcdefghij')).toBeNull();
  });
  it('refuses numbers whose check digit would be 10', () => {
    // 123456788x: sum 10+18+24+28+30+30+28+24+16 = 208, 208 mod 11 = 10, check 1 → valid with 1
    expect(validNhsNumber('1234567881')).toBe('1234567881');
    // 000000006x: sum 6*2 = 12 → 12 mod 11 = 1 → check 10: no valid number
    for (let d = 0; d <= 9; d++) expect(validNhsNumber(`000000006${d}`)).toBeNull();
  });
  it('makes valid synthetic numbers in the test range', () => {
    const rand = mulberry32(5);
    for (let i = 0; i < 200; i++) {
      const n = syntheticNhsNumber(rand);
      expect(n.startsWith('999')).toBe(true);
      expect(validNhsNumber(n)).toBe(n);
    }
  });
  it('links the same number to the same pseudonym and encrypts it reversibly', () => {
    const keys = PatientKeys.random();
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (n) => {
        expect(keys.link(n)).toBe(keys.link(n));
        expect(keys.link(n)).not.toContain(n);
        const sealed = keys.encrypt(n);
        expect(sealed).not.toContain(n);
        expect(keys.decrypt(sealed)).toBe(n);
      }),
    );
    expect(PatientKeys.random().link('9434765919')).not.toBe(keys.link('9434765919'));
  });
});

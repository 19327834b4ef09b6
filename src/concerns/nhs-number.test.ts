import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nhsNumberInText, PatientKeys, syntheticNhsNumber, validNhsNumber } from './nhs-number.js';
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

  describe('nhsNumberInText finds a valid NHS number hidden in free text', () => {
    it.each([
      ['plain', 'Letter for 9434765919 was late.'],
      ['3-3-4 with spaces', 'Letter for 943 476 5919 was late.'],
      ['spaced digit by digit', 'Patient 9 4 3 4 7 6 5 9 1 9 waited.'],
      ['dots', 'Patient 943.476.5919 waited.'],
      ['hyphens and dashes', 'Patient 943-476–5919 waited.'],
      ['full-width digits', 'Patient ９４３４７６５９１９ waited.'],
      ['zero-width spaces', 'Patient 943\u200b476\u200b5919 waited.'],
      ['zero-width joiner inside a group', 'Patient 94\u200d3 47\u20606 59\ufeff19 waited.'],
      ['no-break and thin spaces', 'Patient 943\u00a0476\u20095919 waited.'],
      ['soft hyphens', 'Patient 943\u00ad476\u00ad5919 waited.'],
      ['mathematical bold digits', 'Patient 𝟗𝟒𝟑𝟒𝟕𝟔𝟓𝟗𝟏𝟗 waited.'],
      ['Arabic-Indic digits', 'Patient ٩٤٣٤٧٦٥٩١٩ waited.'],
      ['beside other numbers', 'Tel 01234 567890, NHS 943 476 5919, seen 01.02.2024.'],
      ['at the start and end', '9434765919'],
    ])('%s', (_, text) => {
      expect(nhsNumberInText(text)).toBe(true);
    });

    it.each([
      ['a 10-digit run that fails modulus 11', 'Reference 9434765918 was late.'],
      ['a date', 'Seen on 01.02.2024 and again on 2024-05-01.'],
      ['an 11-digit phone number', 'Ring 01234 567 890 or 07700 900123.'],
      ['digits run into a longer number', 'Order 94347659190 was late.'],
      ['digits inside a longer number', 'Order 194347659190 was late.'],
      ['groups separated by words', 'Bed 943, ward 476, 5919 minutes'],
      ['a list with commas', 'Codes 943, 476, 5919.'],
      ['no digits', 'Discharge summary arrived nine days after discharge.'],
    ])('but not %s', (_, text) => {
      expect(nhsNumberInText(text)).toBe(false);
    });

    const digitForms: Array<(d: number) => string> = [
      (d) => String(d),
      (d) => String.fromCharCode(0xff10 + d), // full width
      (d) => String.fromCodePoint(0x1d7ce + d), // mathematical bold
      (d) => String.fromCharCode(0x0660 + d), // Arabic-Indic
      (d) => String.fromCharCode(0x0966 + d), // Devanagari
    ];
    const between = fc.constantFrom(
      '',
      ' ',
      '  ',
      '.',
      '-',
      '–',
      ' - ',
      '\u00a0',
      '\u2009',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u200b \u200b',
    );
    const validNumber = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
      .map((body) => {
        const sum = body.reduce((s, d, i) => s + d * (10 - i), 0);
        const check = 11 - (sum % 11);
        return check === 10 ? null : [...body, check === 11 ? 0 : check];
      })
      .filter((n): n is number[] => n !== null);
    const words = fc.constantFrom('', 'Patient ', 'seen at 10:30, ', 'ref: ', '(');

    it('any valid NHS number, written with any mix of digit forms and separators, is found', () => {
      fc.assert(
        fc.property(
          validNumber,
          fc.array(fc.integer({ min: 0, max: digitForms.length - 1 }), { minLength: 10, maxLength: 10 }),
          fc.array(between, { minLength: 9, maxLength: 9 }),
          words,
          words,
          (digits, forms, seps, before, after) => {
            const text =
              before +
              digits.map((d, i) => digitForms[forms[i]!]!(d) + (i < 9 ? seps[i] : '')).join('') +
              (after ? ` ${after}` : '');
            expect(validNhsNumber(digits.join(''))).not.toBeNull();
            expect(nhsNumberInText(text), JSON.stringify(text)).toBe(true);
          },
        ),
        { numRuns: 500 },
      );
    });

    it('a 10-digit number that fails modulus 11 is never flagged, however it is written', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }),
          fc.array(between, { minLength: 9, maxLength: 9 }),
          (digits, seps) => {
            fc.pre(validNhsNumber(digits.join('')) === null);
            const text = `Ref ${digits.map((d, i) => String(d) + (i < 9 ? seps[i] : '')).join('')} today`;
            expect(nhsNumberInText(text)).toBe(false);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

/** The NHS.UK date input's arithmetic: which day, month and year make a real date, and what is said otherwise. */
import { describe, expect, it } from 'vitest';
import { dateProblem, isoDate } from '../../web/src/components/DateInput.js';

const parts = (day: string, month: string, year: string) => ({ day, month, year });

describe('date input', () => {
  it('makes the ISO date the API expects, with leading zeros', () => {
    expect(isoDate(parts('5', '3', '2026'))).toBe('2026-03-05');
    expect(isoDate(parts(' 29', '02 ', '2024'))).toBe('2024-02-29');
  });
  it('makes no date of an impossible or malformed one', () => {
    expect(isoDate(parts('31', '2', '2026'))).toBeNull();
    expect(isoDate(parts('29', '2', '2026'))).toBeNull();
    expect(isoDate(parts('31', '4', '2026'))).toBeNull();
    expect(isoDate(parts('0', '1', '2026'))).toBeNull();
    expect(isoDate(parts('1', '13', '2026'))).toBeNull();
    expect(isoDate(parts('1', '1', '26'))).toBeNull();
    expect(isoDate(parts('1e0', '1', '2026'))).toBeNull();
  });
  it('says what is wrong: missing, missing parts, not real, too late', () => {
    const o = { legend: 'Held on', required: true };
    expect(dateProblem(parts('', '', ''), o)).toBe('Held on must include a day, a month and a year');
    expect(dateProblem(parts('', '', ''), { ...o, required: false })).toBeNull();
    expect(dateProblem(parts('3', '', ''), o)).toBe('Held on must include a month and a year');
    expect(dateProblem(parts('31', '2', '2026'), o)).toBe(
      'Held on must be a real date, for example 15 3 2026',
    );
    expect(dateProblem(parts('2', '1', '2026'), { ...o, max: '2026-01-01' })).toBe(
      'Held on must be on or before 01/01/2026',
    );
    expect(dateProblem(parts('1', '1', '2026'), { ...o, max: '2026-01-01' })).toBeNull();
  });
});

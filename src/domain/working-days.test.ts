import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWorkingDays, bankHolidays, isWorkingDay, workingDaysBetween } from './working-days.js';

// Expected dates are read off the gov.uk bank-holiday calendar for England and Wales, not from this code.
describe('working days on the England and Wales calendar', () => {
  it('skips Christmas, Boxing Day and their substitute days', () => {
    // 2026: Fri 25 Dec, Sat 26 Dec, substitute Mon 28 Dec.
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 2)).toBe('2026-12-30');
    // 2021: Christmas and Boxing Day at the weekend, substitutes Mon 27 and Tue 28 Dec.
    expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
    expect(addWorkingDays('2021-12-23', 10)).toBe('2022-01-11'); // 3 Jan 2022 substitute for New Year's Day
  });
  it('skips Good Friday and Easter Monday', () => {
    // 2027: Good Friday 26 March, Easter Monday 29 March.
    expect(addWorkingDays('2027-03-25', 1)).toBe('2027-03-30');
    expect(addWorkingDays('2027-03-22', 5)).toBe('2027-03-31');
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
  });
  it('knows one-off bank holidays and moved May holidays', () => {
    expect(bankHolidays(2022).has('2022-06-03')).toBe(true); // Platinum Jubilee
    expect(bankHolidays(2022).has('2022-09-19')).toBe(true); // State funeral
    expect(bankHolidays(2020).has('2020-05-08')).toBe(true); // VE day, moved from 4 May
    expect(bankHolidays(2020).has('2020-05-04')).toBe(false);
    expect(bankHolidays(2020).has('2020-12-28')).toBe(true); // Boxing Day substitute
  });
  it('counts working days back as the inverse of adding them', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2016-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 80 }),
        (d, n) => {
          const from = d.toISOString().slice(0, 10);
          const due = addWorkingDays(from, n);
          expect(workingDaysBetween(from, due)).toBe(n);
          if (n > 0) expect(isWorkingDay(due)).toBe(true);
        },
      ),
    );
  });
});

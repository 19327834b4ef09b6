/**
 * Working days on the England and Wales bank-holiday calendar (the date-holidays library's GB-ENG public
 * holidays, substitute days included), for every deadline Lantern keeps. Dates are YYYY-MM-DD strings.
 */
import Holidays from 'date-holidays';

const calendar = new Holidays('GB', 'ENG');
const byYear = new Map<number, Map<string, string>>();

/** The bank holidays of a year: date → name. */
export function bankHolidays(year: number): Map<string, string> {
  let m = byYear.get(year);
  if (!m) {
    m = new Map();
    for (const h of calendar.getHolidays(year)) if (h.type === 'public') m.set(h.date.slice(0, 10), h.name);
    byYear.set(year, m);
  }
  return m;
}

const parse = (d: string) => new Date(`${d}T00:00:00Z`);
const format = (d: Date) => d.toISOString().slice(0, 10);

export function addCalendarDays(date: string, n: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + n);
  return format(d);
}

export function isWorkingDay(date: string): boolean {
  const dow = parse(date).getUTCDay();
  return dow !== 0 && dow !== 6 && !bankHolidays(Number(date.slice(0, 4))).has(date);
}

/** The n-th working day after `date` (the day itself does not count; n = 0 gives `date`). */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  for (let left = n; left > 0;) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days from `from` to `to`: after `from`, up to and including `to`; negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string): number {
  if (to < from) return -workingDaysBetween(to, from);
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

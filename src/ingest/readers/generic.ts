/**
 * The generic indicator CSV, for any local indicator a commissioner defines (`lantern indicators define`):
 *
 *   indicator_code,organisation_code,period,numerator,denominator,value
 *   local_referrals,B86030,2024-05,112,10450,
 *
 * period: a month (2024-05), a financial year (2024-25), a calendar year (2024) or a range (2024-01-01/2024-03-31).
 * value may be blank: it is then numerator ÷ denominator × the indicator's multiplier. The indicator must be defined
 * before loading, so its method (and whether numerator ≤ denominator is required) is known.
 */
import type { Reader } from '../reader.js';
import { hasColumns } from '../reader.js';
import { financialYear, isValidIsoDate, isoDate, monthPeriod, type Period } from '../../domain/periods.js';

export function parseGenericPeriod(s: string): Period | null {
  const t = s.trim();
  if (/^\d{4}$/.test(t)) return { start: isoDate(Number(t), 1, 1), end: isoDate(Number(t), 12, 31) };
  const range = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (range)
    return isValidIsoDate(range[1]) && isValidIsoDate(range[2]) && range[1] <= range[2]
      ? { start: range[1], end: range[2] }
      : null;
  return monthPeriod(t) ?? financialYear(t);
}

export const GENERIC_COLUMNS = [
  'indicator_code',
  'organisation_code',
  'period',
  'numerator',
  'denominator',
  'value',
] as const;

export const genericIndicator: Reader = {
  source: 'generic-indicator',
  title: 'Generic indicator CSV (indicator_code, organisation_code, period, numerator, denominator, value)',
  required: GENERIC_COLUMNS,
  detect: (first) => hasColumns(first, 'indicator_code', 'organisation_code', 'period'),
  read(rows, b) {
    // a file holds few periods: each is parsed once, and its rows share one period object
    const periods = new Map<string, Period | null>();
    for (const r of rows) {
      const indicator = r.text('indicator_code');
      if (!/^[a-z0-9_]+$/.test(indicator)) {
        b.problem({
          line: r.line,
          column: 'indicator_code',
          value: indicator,
          expected: 'an indicator code (lower-case letters, digits, underscores)',
        });
        continue;
      }
      const org = r.code(
        'organisation_code',
        'practice',
        'pcn',
        'sub_icb',
        'icb',
        'trust',
        'trust_site',
        'region',
      );
      const periodText = r.text('period');
      let period = periods.get(periodText);
      if (period === undefined) periods.set(periodText, (period = parseGenericPeriod(periodText)));
      if (!period) r.fail('period', 'a period: YYYY-MM, YYYY-YY, YYYY or YYYY-MM-DD/YYYY-MM-DD');
      const numerator = r.number('numerator', { min: 0, optional: true });
      const denominator = r.number('denominator', { min: 0, optional: true });
      const value = r.number('value', { optional: true });
      if (!org || !period) continue;
      if (numerator === null && value === null) {
        b.problem({
          line: r.line,
          column: 'value',
          value: '',
          expected: 'a value, or a numerator (and denominator) to compute it from',
        });
        continue;
      }
      b.value({ indicator, org, period, numerator, denominator, value }, r.line);
    }
  },
};

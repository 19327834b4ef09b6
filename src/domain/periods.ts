/** Periods are [start, end] calendar dates, written 'YYYY-MM-DD'. */
export interface Period {
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return (
    dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2100
  );
}

export function lastDayOfMonth(y: number, m: number): string {
  return isoDate(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
}

/** A calendar month from 'YYYY-MM' or 'YYYY-MM-01'. */
export function monthPeriod(s: string): Period | null {
  const m = /^(\d{4})-(\d{2})(?:-01)?$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  return { start: isoDate(y, mo, 1), end: lastDayOfMonth(y, mo) };
}

/** An NHS financial year from '2019-20', '201920', '1920' or 'FY2023' style labels (April to March). */
export function financialYear(label: string): Period | null {
  let start: number | null = null;
  let m = /^(\d{4})[-/](\d{2})$/.exec(label);
  if (m && (Number(m[1]) + 1) % 100 === Number(m[2])) start = Number(m[1]);
  m = /^(\d{2})(\d{2})$/.exec(label);
  if (!start && m && (Number(m[1]) + 1) % 100 === Number(m[2])) start = 2000 + Number(m[1]);
  if (start === null) return null;
  return { start: isoDate(start, 4, 1), end: isoDate(start + 1, 3, 31) };
}

/** The financial year that ends in March of `endYear` (workforce "Year 2023" = April 2022 – March 2023). */
export function financialYearEnding(endYear: number): Period {
  return { start: isoDate(endYear - 1, 4, 1), end: isoDate(endYear, 3, 31) };
}

/** 'YYYYMMDD' (ODS) → 'YYYY-MM-DD', or null when blank; undefined when malformed. */
export function odsDate(s: string): string | null | undefined {
  if (s.trim() === '') return null;
  if (!/^\d{8}$/.test(s)) return undefined;
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return isValidIsoDate(iso) ? iso : undefined;
}

export function periodLabel(p: Period): string {
  const [ys, ms, ds] = p.start.split('-').map(Number);
  const [ye, me] = p.end.split('-').map(Number);
  if (ds === 1 && ms === me && ys === ye) return `${ys}-${pad(ms)}`;
  if (ms === 4 && me === 3 && ye === ys + 1) return `${ys}-${String(ye % 100).padStart(2, '0')}`;
  if (ms === 1 && me === 12 && ys === ye) return String(ys);
  return `${p.start} to ${p.end}`;
}

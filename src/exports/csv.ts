/**
 * A table as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled; UTF-8
 * without a byte-order mark, as Lantern's CSVs always were). A text cell a spreadsheet would run as a formula is
 * prefixed with a single quote (OWASP's advice for CSV injection); numbers are written as numbers, so −2 stays −2.
 */
import {
  checkTable,
  isSuppressed,
  headerOf,
  withSuppressionColumn,
  type Cell,
  type ExportTable,
} from './table.js';

/** Text a spreadsheet would read as a formula (or a DDE call): =, +, -, @, a tab or a carriage return first. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Text made safe to open in a spreadsheet: a leading formula character gets a single quote before it. */
export const neutralise = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function field(c: Cell, type: string): string {
  if (c === null || isSuppressed(c)) return '';
  if (typeof c === 'number') return String(c);
  return type === 'date' ? c.slice(0, 10) : neutralise(c);
}

export function tableToCsv(input: ExportTable): string {
  checkTable(input);
  const t = withSuppressionColumn(input);
  const lines = [
    t.columns.map((c) => quote(neutralise(headerOf(c)))).join(','),
    ...t.rows.map((r) => r.map((c, i) => quote(field(c, t.columns[i]!.type))).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

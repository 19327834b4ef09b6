import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { CsvSyntaxError, parseCsv } from '../../ingest/csv-file.js';

/** A bad input cell: names the file, the line, the column, the value and what was expected. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: string | null,
    readonly problem: string,
  ) {
    super(
      `${file}${line !== null ? ` line ${line}` : ''}${column !== null ? `, column ${column}` : ''}: ${problem}`,
    );
  }
}

export interface Table {
  file: string;
  header: string[];
  /** rows[i] is data row i, which is line i + 2 of the file (line 1 is the header). */
  rows: string[][];
}

export function readTable(file: string): Table {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  const name = file === '-' ? 'standard input' : file;
  if (text.trim() === '')
    throw new InputError(name, null, null, 'the file is empty; expected a header row and data rows');
  let records: string[][];
  try {
    const parsed = parseCsv(text, ',');
    const ragged = parsed.find((r) => r.cells.length !== parsed[0].cells.length);
    if (ragged)
      throw new CsvSyntaxError(
        ragged.line,
        `expected ${parsed[0].cells.length} fields as in the header, got ${ragged.cells.length}`,
      );
    records = parsed.map((r) => r.cells);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw new InputError(name, e.line, null, `not valid CSV: ${e.message}`);
  }
  const [header, ...rows] = records;
  if (rows.length === 0) throw new InputError(name, null, null, 'the file has a header but no data rows');
  return { file: name, header, rows };
}

export function columnIndex(t: Table, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0)
    throw new InputError(
      t.file,
      1,
      name,
      `missing column "${name}"; the header has ${t.header.map((h) => `"${h}"`).join(', ')}`,
    );
  return i;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface NumberRule {
  min?: number;
  /** strictly greater than */
  above?: number;
  integer?: boolean;
  optional?: boolean;
}

/** Read a numeric column; every cell checked, the first problem reported with its line. */
export function numberColumn(t: Table, name: string, rule: NumberRule = {}): Float64Array {
  const c = columnIndex(t, name);
  const out = new Float64Array(t.rows.length);
  t.rows.forEach((row, i) => {
    const raw = row[c].trim();
    if (raw === '' && rule.optional) {
      out[i] = NaN;
      return;
    }
    const expected = `expected ${rule.integer ? 'a whole number' : 'a number'}${rule.min !== undefined ? ` ≥ ${rule.min}` : ''}${rule.above !== undefined ? ` > ${rule.above}` : ''}`;
    if (!NUMBER.test(raw)) throw new InputError(t.file, i + 2, name, `${expected}, got "${row[c]}"`);
    const v = Number(raw);
    if (
      (rule.min !== undefined && v < rule.min) ||
      (rule.above !== undefined && !(v > rule.above)) ||
      (rule.integer && !Number.isInteger(v))
    )
      throw new InputError(t.file, i + 2, name, `${expected}, got ${raw}`);
    out[i] = v;
  });
  return out;
}

/** Groups of row indexes by the values of the --by columns, in order of first appearance. */
export function groupRows(t: Table, by: string[]): number[][] {
  if (by.length === 0) return [t.rows.map((_, i) => i)];
  const cols = by.map((b) => columnIndex(t, b));
  const groups = new Map<string, number[]>();
  t.rows.forEach((row, i) => {
    const key = JSON.stringify(cols.map((c) => row[c]));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  return [...groups.values()];
}

/** Shortest round-trip form; an undefined result (NaN, ±∞, null) is an empty cell. */
export function formatNumber(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

export { toCsv } from '../../domain/csv.js';

/** Write the whole output at once (a temporary file renamed into place), so a failure leaves no partial file. */
export function writeOutput(out: string | undefined, text: string): void {
  if (!out || out === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
}

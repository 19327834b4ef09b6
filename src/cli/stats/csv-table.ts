import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { CsvSyntaxError, parseCsv } from '../../ingest/csv-file.js';
import { csvLine } from '../../domain/csv.js';

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
  /**
   * lines[i] is the text of data row i as written back to CSV (cells need no quoting), when the file was read by
   * the plain path: output can then copy the row instead of joining and quoting its cells again.
   */
  lines?: string[];
}

/**
 * A table read from a file with no quote, carriage return or byte-order mark: split on newlines and commas as
 * Papa Parse would split it (empty lines skipped), each column's cells cut from the lines only when a method asks
 * for that column.
 */
class PlainTable implements Table {
  private cells: string[][] | null = null;
  private readonly columns = new Map<number, string[]>();
  constructor(
    readonly file: string,
    readonly header: string[],
    readonly lines: string[],
  ) {}
  get rows(): string[][] {
    return (this.cells ??= this.lines.map((l) => l.split(',')));
  }
  column(c: number): string[] {
    let out = this.columns.get(c);
    if (out) return out;
    const lines = this.lines;
    out = new Array<string>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let start = 0;
      for (let k = 0; k < c; k++) start = line.indexOf(',', start) + 1;
      const end = line.indexOf(',', start);
      out[i] = line.slice(start, end < 0 ? line.length : end);
    }
    this.columns.set(c, out);
    return out;
  }
}

function readPlain(text: string, file: string): PlainTable | null {
  if (text.includes('"') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return null;
  const all = text.split('\n');
  let at = 0;
  while (at < all.length && all[at] === '') at++;
  const header = all[at].split(',');
  const width = header.length;
  const lines: string[] = [];
  for (let i = at + 1; i < all.length; i++) {
    const line = all[i];
    if (line === '') continue;
    let fields = 1;
    for (let k = line.indexOf(','); k >= 0; k = line.indexOf(',', k + 1)) fields++;
    if (fields !== width)
      throw new CsvSyntaxError(i + 1, `expected ${width} fields as in the header, got ${fields}`);
    lines.push(line);
  }
  return new PlainTable(file, header, lines);
}

/** Number of data rows. */
export function rowCount(t: Table): number {
  return t.lines ? t.lines.length : t.rows.length;
}

/** The cells of column c, one per data row. */
export function textColumn(t: Table, c: number): string[] {
  return t instanceof PlainTable ? t.column(c) : t.rows.map((r) => r[c]);
}

export function readTable(file: string): Table {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  const name = file === '-' ? 'standard input' : file;
  if (text.trim() === '')
    throw new InputError(name, null, null, 'the file is empty; expected a header row and data rows');
  let records: string[][];
  try {
    const plain = readPlain(text, name);
    if (plain) {
      if (plain.lines.length === 0)
        throw new InputError(name, null, null, 'the file has a header but no data rows');
      return plain;
    }
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
  const cells = textColumn(t, columnIndex(t, name));
  const out = new Float64Array(cells.length);
  const expected = `expected ${rule.integer ? 'a whole number' : 'a number'}${rule.min !== undefined ? ` ≥ ${rule.min}` : ''}${rule.above !== undefined ? ` > ${rule.above}` : ''}`;
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i].trim();
    if (raw === '' && rule.optional) {
      out[i] = NaN;
      continue;
    }
    if (!NUMBER.test(raw)) throw new InputError(t.file, i + 2, name, `${expected}, got "${cells[i]}"`);
    const v = Number(raw);
    if (
      (rule.min !== undefined && v < rule.min) ||
      (rule.above !== undefined && !(v > rule.above)) ||
      (rule.integer && !Number.isInteger(v))
    )
      throw new InputError(t.file, i + 2, name, `${expected}, got ${raw}`);
    out[i] = v;
  }
  return out;
}

/** Groups of row indexes by the values of the --by columns, in order of first appearance. */
export function groupRows(t: Table, by: string[]): number[][] {
  const n = rowCount(t);
  if (by.length === 0) return [Array.from({ length: n }, (_, i) => i)];
  const cols = by.map((b) => textColumn(t, columnIndex(t, b)));
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = cols.length === 1 ? cols[0][i] : JSON.stringify(cols.map((c) => c[i]));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  return [...groups.values()];
}

/** Shortest round-trip form; an undefined result (NaN, ±∞, null) is an empty cell. */
export function formatNumber(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/** An output table: a header and rows of cells. */
export interface OutputTable {
  header: string[];
  rows: string[][];
}

/**
 * Every input row with computed cells appended. cells(i) gives row i's appended cells joined by commas: numbers,
 * words and `;`-lists, never needing quotes. It is called as the output is written, so it must not fail (a method
 * checks its input first) and row i's text need not be held before it is written. Rows are made into arrays only
 * when asked for: the CSV is written from the input text.
 */
export class AppendedTable implements OutputTable {
  readonly header: string[];
  constructor(
    readonly input: Table,
    names: string[],
    readonly cells: (i: number) => string,
  ) {
    this.header = [...input.header, ...names];
  }
  get rows(): string[][] {
    return this.input.rows.map((r, i) => [...r, ...this.cells(i).split(',')]);
  }
  line(i: number): string {
    const lines = this.input.lines;
    return `${lines ? lines[i] : csvLine(this.input.rows[i])},${this.cells(i)}`;
  }
  get length(): number {
    return rowCount(this.input);
  }
}

/** The CSV text of a table in pieces of about `rows` rows each (the header first), newline-terminated. */
export function* csvChunks(t: OutputTable, rows = 8192): Generator<string> {
  const appended = t instanceof AppendedTable ? t : null;
  const n = appended ? appended.length : t.rows.length;
  const line = appended ? (i: number) => appended.line(i) : (i: number) => csvLine(t.rows[i]);
  let chunk = csvLine(t.header) + '\n';
  for (let from = 0; from < n; from += rows) {
    const to = Math.min(n, from + rows);
    for (let i = from; i < to; i++) chunk += line(i) + '\n';
    yield chunk;
    chunk = '';
  }
  if (chunk !== '') yield chunk;
}

/** Write the whole output, to a temporary file renamed into place, so a failure leaves no partial file. */
export function writeOutput(out: string | undefined, t: OutputTable): void {
  if (!out || out === '-') {
    process.stdout.write([...csvChunks(t)].join(''));
    return;
  }
  const tmp = `${out}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    for (const chunk of csvChunks(t)) writeSync(fd, chunk);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, out);
}

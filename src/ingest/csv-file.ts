/**
 * Reading an input file: bytes → checksum → strict UTF-8 → CSV records with their line numbers.
 * Every failure names the file and line.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { LoadRejected } from './errors.js';

export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvFile {
  path: string;
  name: string;
  checksum: string;
  /** first record of the file (a header row, or the first data row of a headerless file) */
  first: string[];
  records: CsvRecord[];
  delimiter: string;
}

function decodeStrict(name: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // find the first bad byte to say where it is
    let line = 1;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) line++;
      const slice = bytes.subarray(i, Math.min(bytes.length, i + 4));
      const b = bytes[i];
      if (b < 0x80) continue;
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
      try {
        if (len === 0) throw new Error();
        new TextDecoder('utf-8', { fatal: true }).decode(slice.subarray(0, len));
        i += len - 1;
      } catch {
        throw new LoadRejected(name, [
          {
            line,
            column: null,
            value: `byte 0x${b.toString(16)}`,
            expected: 'text encoded as UTF-8 (re-save the file as UTF-8)',
          },
        ]);
      }
    }
    throw new LoadRejected(name, [
      { line: null, column: null, value: null, expected: 'text encoded as UTF-8' },
    ]);
  }
}

/** A file that is not CSV at all: an unterminated or malformed quoted field, with the line it starts on. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const lineAt = (text: string, index: number, from = 0, line = 1): number => {
  for (let i = text.indexOf('\n', from); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/**
 * CSV text → records with the line each starts on. Papa Parse (RFC 4180 quoting, byte-order mark dropped, empty
 * lines skipped, rows of any length: callers check column counts) is about three times faster than csv-parse on
 * the nine-year payments file. A stray quote inside an unquoted field is kept as text, as spreadsheets do.
 */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
  if (result.errors.length > 0) {
    const e = result.errors[0];
    throw new CsvSyntaxError(lineAt(text, e.index ?? 0), e.message);
  }
  const rows = result.data;
  // line numbers: when no quoted field spans lines, record i is the i-th non-empty line
  const lines: number[] = [];
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const i = nl < 0 ? text.length : nl;
    const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    if (end > start) lines.push(line);
    line++;
    start = i + 1;
  }
  if (lines.length === rows.length) return rows.map((cells, i) => ({ line: lines[i], cells }));
  // a quoted field spans lines: follow the parser's position row by row
  const records: CsvRecord[] = [];
  let at = 0;
  line = 1;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: true,
    step: (r) => {
      let from = at;
      while (from < text.length && (text[from] === '\n' || text[from] === '\r')) from++;
      line = lineAt(text, from, at, line);
      records.push({ line, cells: r.data });
      line = lineAt(text, r.meta.cursor, from, line);
      at = r.meta.cursor;
    },
  });
  return records;
}

export function readCsvFile(path: string, displayName = basename(path)): CsvFile {
  const bytes = readFileSync(path);
  const checksum = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.length === 0 ? '' : decodeStrict(displayName, bytes);
  if (text.trim() === '')
    throw new LoadRejected(displayName, [
      { line: null, column: null, value: null, expected: 'a file with data; this file is empty' },
    ]);
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: CsvRecord[];
  try {
    records = parseCsv(text, delimiter);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw new LoadRejected(displayName, [
      {
        line: e.line,
        column: null,
        value: null,
        expected: `well-formed CSV (${e.message}); is the file truncated?`,
      },
    ]);
  }
  return { path, name: displayName, checksum, first: records[0]?.cells ?? [], records, delimiter };
}

/**
 * The first record of a file, read from its first 64 KiB only: enough to recognise the format and to order a
 * folder's files without reading each of them whole. Null when there is no parsable first line.
 */
export function sniffFirstRecord(path: string): string[] | null {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const line = text.split(/\r?\n/, 1)[0];
    if (!line || line.trim() === '') return null;
    const delimiter = (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
    return Papa.parse<string[]>(line, { delimiter }).data[0] ?? null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

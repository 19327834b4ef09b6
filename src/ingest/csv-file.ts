/**
 * Reading an input file: bytes → checksum → strict UTF-8 → CSV records with their line numbers.
 * Every failure names the file and line.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
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

export function readCsvFile(path: string, displayName = basename(path)): CsvFile {
  const bytes = readFileSync(path);
  const checksum = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '')
    throw new LoadRejected(displayName, [
      { line: null, column: null, value: null, expected: 'a file with data; this file is empty' },
    ]);
  const text = decodeStrict(displayName, bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: CsvRecord[];
  try {
    const options = { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true } as const;
    const plain = parse(text, options) as string[][];
    // line numbers: when no quoted field spans lines, record i is the i-th non-empty line (csv-parse's own
    // per-record info costs more than the parse itself on large files)
    const lines: number[] = [];
    let line = 1;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 10) {
        const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
        if (end > start) lines.push(line);
        line++;
        start = i + 1;
      }
    }
    records =
      lines.length === plain.length
        ? plain.map((cells, i) => ({ line: lines[i], cells }))
        : (
            parse(text, { ...options, info: true }) as unknown as Array<{
              record: string[];
              info: { lines: number };
            }>
          ).map((p) => ({ line: p.info.lines, cells: p.record }));
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new LoadRejected(displayName, [
      {
        line: err.lines ?? null,
        column: null,
        value: null,
        expected: `well-formed CSV (${err.message.replace(/^.*?: /, '')}); is the file truncated?`,
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
    return (parse(line, { delimiter, relax_quotes: true }) as string[][])[0] ?? null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The shape of a reader: how it recognises its file and turns rows into records. */
import type { CsvFile } from './csv-file.js';
import { headerIndex, LoadBuilder, Row } from './load-builder.js';
import { LoadRejected } from './errors.js';

export interface Reader {
  /** name used by --source and recorded on the load */
  source: string;
  title: string;
  /** a headerless file (ODS extracts): columns are c1…cN */
  headerless?: { columns: number };
  /** header columns that must be present */
  required: readonly string[];
  /** recognise the file from its first record and its name */
  detect(first: string[], fileName: string): boolean;
  /** turn the rows into records; report problems on the builder */
  read(rows: Row[], b: LoadBuilder, file: CsvFile): void;
}

export const hasColumns = (first: string[], ...names: string[]) =>
  names.every((n) => first.some((h) => h.trim() === n));

/** Parse a file with a reader: header check, column counts, then the reader's rows. Throws LoadRejected on any problem. */
export function parseWith(reader: Reader, file: CsvFile): LoadBuilder {
  const b = new LoadBuilder();
  let header: string[];
  let data = file.records;
  if (reader.headerless) {
    header = Array.from({ length: reader.headerless.columns }, (_, i) => `c${i + 1}`);
  } else {
    header = file.records[0].cells;
    data = file.records.slice(1);
  }
  const index = headerIndex(b, header, reader.required);
  if (!index) throw new LoadRejected(file.name, b.problems);
  if (data.length === 0)
    throw new LoadRejected(file.name, [
      { line: null, column: null, value: null, expected: 'data rows after the header; the file has none' },
    ]);
  const rows: Row[] = [];
  for (const rec of data) {
    b.rowsRead++;
    if (rec.cells.length !== header.length) {
      b.problem({
        line: rec.line,
        column: null,
        value: null,
        expected: `${header.length} columns${reader.headerless ? '' : ' as in the header'}, got ${rec.cells.length} (a stray delimiter or quote, or a truncated line?)`,
      });
      continue;
    }
    rows.push(new Row(b, index, rec));
  }
  if (b.problems.length === 0) reader.read(rows, b, file);
  if (b.problems.length > 0) throw new LoadRejected(file.name, b.problems, b.moreProblems);
  return b;
}

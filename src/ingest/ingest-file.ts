/** Loading files: recognise each file's format, parse and check it, write it in one transaction, report. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Database } from '../db/connect.js';
import { readCsvFile, sniffFirstRecord } from './csv-file.js';
import { LoadRejected } from './errors.js';
import { parseWith, type Reader } from './reader.js';
import { detectReader, readerBySource, READERS } from './readers/index.js';
import type { LoadBuilder } from './load-builder.js';
import { writeLoad, type LoadReport, type Progress } from './write.js';

export interface IngestOptions {
  /** override format recognition with a reader's source name */
  source?: string;
  /** name shown in messages (defaults to the file name) */
  displayName?: string;
  progress?: Progress;
  /** a check on the parsed records before anything is written (e.g. that the uploader may load them); throw to refuse */
  check?: (parsed: LoadBuilder) => Promise<void>;
}

export async function ingestFile(db: Database, path: string, opts: IngestOptions = {}): Promise<LoadReport> {
  const file = readCsvFile(path, opts.displayName);
  const reader = opts.source ? readerBySource(opts.source) : detectReader(file.first, file.name);
  if (!reader) {
    const expected = opts.source
      ? `a known --source; one of ${READERS.map((r) => r.source).join(', ')}`
      : 'a format Lantern recognises from its header (see `lantern ingest --help` for the list), or --source NAME';
    throw new LoadRejected(file.name, [
      { line: 1, column: null, value: opts.source ?? file.first.slice(0, 4).join(','), expected },
    ]);
  }
  opts.progress?.('parse', 0, file.records.length);
  const builder = parseWith(reader, file);
  await opts.check?.(builder);
  return writeLoad(
    db,
    builder,
    { source: reader.source, file: file.name, checksum: file.checksum },
    opts.progress,
  );
}

/** Every CSV file under a folder with the reader that recognises it (or null), in reader order (reference data first), then by name. */
export function csvFilesIn(dir: string): Array<{ path: string; reader: Reader | null }> {
  const out: Array<{ path: string; reader: Reader | null }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith('.csv')) {
        const first = sniffFirstRecord(p);
        out.push({ path: p, reader: first ? (detectReader(first, basename(p)) ?? null) : null });
      }
    }
  };
  walk(dir);
  const rank = (r: Reader | null) => (r ? READERS.indexOf(r) : READERS.length);
  return out.sort((a, b) => rank(a.reader) - rank(b.reader) || a.path.localeCompare(b.path));
}

export interface FolderResult {
  loaded: LoadReport[];
  notRecognised: string[];
  failed: Array<{ file: string; message: string }>;
}

/** Load every recognised file under a folder; each file is its own all-or-nothing load. */
export async function ingestFolder(
  db: Database,
  dir: string,
  /** told before each file; a promise it returns is awaited (a caller may wait there) */
  onFile?: (file: string, i: number, n: number) => unknown,
  progress?: Progress,
): Promise<FolderResult> {
  const result: FolderResult = { loaded: [], notRecognised: [], failed: [] };
  const files = csvFilesIn(dir);
  for (let i = 0; i < files.length; i++) {
    const { path, reader } = files[i];
    const name = relative(dir, path);
    await onFile?.(name, i, files.length);
    if (!reader) {
      result.notRecognised.push(name);
      continue;
    }
    try {
      result.loaded.push(await ingestFile(db, path, { displayName: name, source: reader.source, progress }));
    } catch (e) {
      if (!(e instanceof LoadRejected)) throw e;
      result.failed.push({ file: name, message: e.message });
    }
  }
  return result;
}

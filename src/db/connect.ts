/**
 * One database interface over embedded PGlite (default, persisted to a directory and locked) and a PostgreSQL
 * server (when DATABASE_URL is set). Both return dates as 'YYYY-MM-DD' strings, timestamps as ISO strings and
 * bigints as numbers, so the same queries give the same JSON.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { acquireDataDirLock } from './lock.js';
import { projectPath } from '../config/paths.js';
import { EMBEDDED_MAX_VALUES } from './capacity.js';

/** drizzle/, the SQL migrations (found from the project root, so from src/ and dist/ alike) */
export const MIGRATIONS = projectPath('drizzle');

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Rows as arrays of values in the select list's order: what the typed query builder (orm.ts) reads. */
  queryArrays(text: string, params?: unknown[]): Promise<unknown[][]>;
  /**
   * COPY rows given as CSV text (no header) into table(columns). The chunks are taken as they are made: a
   * PostgreSQL server writes one while the next is built; PGlite, in this thread, takes them all at once.
   */
  copyCsv(table: string, columns: string[], chunks: Iterable<string>): Promise<void>;
}

export interface Database extends Queryable {
  kind: 'pglite' | 'postgres';
  /**
   * The most indicator values a load may bring this store to: the embedded store's capacity (OpenOptions
   * embeddedMaxValues); null on a PostgreSQL server, which has no such limit.
   */
  valueLimit: number | null;
  /** Run fn in one transaction: all of it commits, or none of it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const toIso = (s: string) => new Date(s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
const PARSERS: Record<number, (s: string) => unknown> = {
  1082: (s) => s, // date
  1114: toIso, // timestamp
  1184: toIso, // timestamptz
  20: (s) => Number(s), // int8: counts and serials stay well inside 2^53
  1700: (s) => Number(s), // numeric
};

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; 'memory://' for a throwaway store. */
  dataDir?: string;
  /** A ready PGlite data directory tarball to start from (tests). */
  loadDataDir?: Blob;
  migrate?: boolean;
  /** the embedded store's capacity in indicator values (default EMBEDDED_MAX_VALUES); ignored on PostgreSQL */
  embeddedMaxValues?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl)
    : await openPglite(opts.dataDir ?? 'memory://', opts.loadDataDir, opts.embeddedMaxValues);
  if (opts.migrate !== false) await db.migrate();
  return db;
}

async function openPglite(
  dataDir: string,
  loadDataDir?: Blob,
  maxValues: number = EMBEDDED_MAX_VALUES,
): Promise<Database & { migrate(): Promise<void> }> {
  const release = dataDir.startsWith('memory://') ? () => {} : acquireDataDirLock(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir, {
      parsers: PARSERS,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (e) {
    release();
    throw e;
  }
  const q = (runner: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(text: string, params: unknown[] = []) {
      return (await runner.query<T>(text, params)).rows;
    },
    async queryArrays(text: string, params: unknown[] = []) {
      return (await runner.query<unknown[]>(text, params, { rowMode: 'array' })).rows;
    },
    async copyCsv(table, columns, chunks) {
      await runner.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([...chunks]),
      });
    },
  });
  const base = q(pglite);
  return {
    kind: 'pglite',
    valueLimit: maxValues,
    ...base,
    transaction: (fn) => pglite.transaction((tx) => fn(q(tx))),
    async migrate() {
      await migratePglite(drizzlePglite(pglite), { migrationsFolder: MIGRATIONS });
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
    /** for tests: snapshot the store */
    dump: () => pglite.dumpDataDir('none'),
    /** for the capacity bench: the size of PGlite's WebAssembly memory (it grows, never shrinks, up to 2 GiB) */
    wasmHeapBytes: () => (pglite as unknown as { Module: { HEAPU8: Uint8Array } }).Module.HEAPU8.byteLength,
  } as Database & { migrate(): Promise<void> };
}

async function openPostgres(url: string): Promise<Database & { migrate(): Promise<void> }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    // No JIT compilation: Lantern's queries read a few thousand rows each, but at national scale the planner's row
    // estimates pass jit_above_cost and compiling took 0.56 of a funnel query's 0.61 s (the first requests of a
    // page after a load timed out behind it). A startup option of each connection; `options` given in
    // DATABASE_URL take its place.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // an idle connection closed by the server (restart, administrator) is dropped from the pool and replaced on
  // next use; without a listener node-postgres would throw it as an uncaught error and stop the process
  pool.on('error', (e) => process.stderr.write(`PostgreSQL connection lost while idle: ${e.message}\n`));
  const q = (runner: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(text: string, params: unknown[] = []) {
      return (await runner.query(text, params)).rows as T[];
    },
    async queryArrays(text: string, params: unknown[] = []) {
      return (await runner.query({ text, values: params, rowMode: 'array' })).rows as unknown[][];
    },
    async copyCsv(table, columns, chunks) {
      const client = 'release' in runner ? runner : await (runner as pg.Pool).connect();
      try {
        const stream = client.query(
          copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN WITH (FORMAT csv)`),
        );
        // two chunks ahead: the next is made while the server takes the last (Readable.from's default of 16 made
        // most of a file's chunks before the first reached the server, and 1 left the server waiting for each)
        await pipeline(Readable.from(chunks, { highWaterMark: 2 }), stream);
      } finally {
        if (!('release' in runner)) (client as pg.PoolClient).release();
      }
    },
  });
  return {
    kind: 'postgres',
    valueLimit: null,
    ...q(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(q(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async migrate() {
      await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS });
    },
    close: () => pool.end(),
  } as Database & { migrate(): Promise<void> };
}

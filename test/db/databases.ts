/**
 * The same suites run against embedded PGlite (always) and a PostgreSQL server when LANTERN_TEST_DATABASE_URL is set
 * (each test file gets its own throwaway database). LANTERN_REQUIRE_POSTGRES=1 turns a missing server into a failure.
 */
import { describe, inject } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database, type OpenOptions } from '../../src/db/connect.js';

/** Options a test may give the store it opens (e.g. a small embedded capacity). */
export type TestOpenOptions = Pick<OpenOptions, 'embeddedMaxValues'>;

export const PG_URL = process.env.LANTERN_TEST_DATABASE_URL;
if (process.env.LANTERN_REQUIRE_POSTGRES === '1' && !PG_URL)
  throw new Error('LANTERN_REQUIRE_POSTGRES=1 but LANTERN_TEST_DATABASE_URL is not set');

export async function openTestPglite(opts: TestOpenOptions = {}): Promise<Database> {
  const template = new Blob([Buffer.from(inject('pgliteTemplate'), 'base64')]);
  return openDatabase({ dataDir: 'memory://', loadDataDir: template, ...opts });
}

/** Run one statement on the test server's own database (CREATE or DROP DATABASE), on a connection of its own. */
export async function adminSql(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function openTestPostgres(
  opts: TestOpenOptions = {},
): Promise<Database & { dropAfter: () => Promise<void> }> {
  const name = `lantern_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminSql(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), ...opts });
  return Object.assign(db, {
    async dropAfter() {
      await db.close();
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      // the pool's clients finish closing after pool.end() resolves: wait for their backends to go, so that the
      // forced drop does not kill a connection mid-close (which surfaces as an unhandled 57P01 error)
      for (let i = 0; i < 50; i++) {
        const r = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(opts?: TestOpenOptions): Promise<Database>;
  dispose(db: Database): Promise<void>;
}

export const DATABASES: TestDatabase[] = [
  { name: 'pglite', open: openTestPglite, dispose: (db) => db.close() },
  ...(PG_URL
    ? [
        {
          name: 'postgres' as const,
          open: openTestPostgres,
          dispose: (db: Database) => (db as Database & { dropAfter(): Promise<void> }).dropAfter(),
        },
      ]
    : []),
];

/** describe() once per database, titled with [pglite] or [postgres]. */
export function describeEachDatabase(title: string, body: (t: TestDatabase) => void): void {
  for (const t of DATABASES) describe(`${title} [${t.name}]`, () => body(t));
}

/** Row counts of every table: equal before and after a refused load proves nothing was written. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const [r] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM loads)::int AS loads, (SELECT count(*) FROM organisations)::int AS organisations,
            (SELECT count(*) FROM organisation_links)::int AS links, (SELECT count(*) FROM populations)::int AS populations,
            (SELECT count(*) FROM indicators)::int AS indicators, (SELECT count(*) FROM indicator_values)::int AS "values",
            (SELECT count(*) FROM indicator_aggregates)::int AS aggregates`,
  );
  return r;
}

/**
 * What the benches share: a whole-number setting read from the environment, figures as printed, the load now, and
 * a fresh PostgreSQL database to measure in.
 */
import { loadavg } from 'node:os';
import pg from 'pg';

/** A whole number as printed in a bench's tables (en-GB grouping). */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

/** The load averages over 1, 5 and 15 minutes, as printed beside each figure. */
export const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** A setting that must be a whole number of at least 1, or its default when unset. */
export function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return n;
}

/** The address of database `name` on the server at `base`. */
export function databaseUrlOf(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminSql(base: string, ...statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** An empty database `name` on the server at `base` (dropped first if a run left one): its address. */
export async function freshDatabase(base: string, name: string): Promise<string> {
  await adminSql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`);
  return databaseUrlOf(base, name);
}

export const dropDatabase = (base: string, name: string) =>
  adminSql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

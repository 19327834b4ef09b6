/** What the readiness check asks the database: that it answers, and which migrations it has applied. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../connect.js';
import { MIGRATIONS } from '../connect.js';

export interface AppliedMigrations {
  /** how many migrations the database records as applied */
  applied: number;
  /** the journal time (ms) of the newest one applied, or null when none is */
  newest: number | null;
}

/** The migrations the database has applied (drizzle's record of them), or null when it has no such record at all. */
export async function appliedMigrations(db: Queryable): Promise<AppliedMigrations | null> {
  const [table] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!table?.present) return null;
  const [r] = await db.query<AppliedMigrations>(
    'SELECT count(*)::int AS applied, max(created_at) AS newest FROM drizzle.__drizzle_migrations',
  );
  return { applied: r!.applied, newest: r!.newest === null ? null : Number(r!.newest) };
}

/** The migrations this version of Lantern ships (drizzle/meta/_journal.json): how many, and the newest one's time. */
export function shippedMigrations(): { count: number; newest: number; tag: string } {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  const last = journal.entries[journal.entries.length - 1]!;
  return { count: journal.entries.length, newest: last.when, tag: last.tag };
}

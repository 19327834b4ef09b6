/**
 * The store's data version (drizzle/0021_data_version.sql): one number that triggers move on whenever a table the
 * variation pages are computed from changes, in whichever process wrote it. Reading it is one primary-key lookup.
 */
import type { Queryable } from './connect.js';

export async function readDataVersion(db: Queryable): Promise<number> {
  const [r] = await db.query<{ version: number }>('SELECT version FROM data_version WHERE id = 1');
  return r?.version ?? 0;
}

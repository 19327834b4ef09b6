/** The embedded store's capacity, checked before a load writes (write.ts); a PostgreSQL server has no such limit. */
import type { Database, Queryable } from '../db/connect.js';
import { countValues } from '../db/repos/load-values.js';
import { StoreFull } from './errors.js';

/**
 * Refuse the load (StoreFull) when the values stored plus the file's would exceed the store's valueLimit. The file's
 * values are counted whole, as if none were already stored: an upper bound, so the store never passes the limit.
 */
export async function checkCapacity(
  db: Database,
  tx: Queryable,
  file: string,
  adding: number,
): Promise<void> {
  const limit = db.valueLimit;
  if (limit === null || adding === 0) return;
  // a file larger than the limit on its own needs no count
  const stored = adding > limit ? 0 : await countValues(tx);
  if (stored + adding > limit) throw new StoreFull(file, stored, adding, limit);
}

/** At start: the values stored when the embedded store already holds more than its capacity, else null. */
export async function valuesBeyondCapacity(db: Database): Promise<number | null> {
  if (db.valueLimit === null) return null;
  const stored = await countValues(db);
  return stored > db.valueLimit ? stored : null;
}

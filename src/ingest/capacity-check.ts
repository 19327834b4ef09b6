/** The embedded store's capacity, checked before a load writes (write.ts); a PostgreSQL server has no such limit. */
import type { Database, Queryable } from '../db/connect.js';
import { countValues, valuesAtMost } from '../db/repos/load-values.js';
import { StoreFull } from './errors.js';

/**
 * Refuse the load (StoreFull) when the values stored plus the file's would exceed the store's valueLimit. The file's
 * values are counted whole, as if none were already stored: an upper bound, so the store never passes the limit.
 * Far below the limit the table's size settles it without reading a row; near it, the values are counted exactly.
 */
export async function checkCapacity(
  db: Database,
  tx: Queryable,
  file: string,
  adding: number,
): Promise<void> {
  const limit = db.valueLimit;
  if (limit === null || adding === 0) return;
  if (adding <= limit && (await valuesAtMost(tx)) + adding <= limit) return;
  const stored = await countValues(tx);
  if (stored + adding > limit) throw new StoreFull(file, stored, adding, limit);
}

/** At start: the values stored when the embedded store already holds more than its capacity, else null. */
export async function valuesBeyondCapacity(db: Database): Promise<number | null> {
  if (db.valueLimit === null || (await valuesAtMost(db)) <= db.valueLimit) return null;
  const stored = await countValues(db);
  return stored > db.valueLimit ? stored : null;
}

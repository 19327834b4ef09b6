/**
 * Results that depend only on what is loaded, kept per database until the next load: the newest load's id is
 * part of every key, so a load makes the old entries unreachable (and the map is cleared when it grows).
 */
import type { Queryable } from './connect.js';

const caches = new WeakMap<Queryable, Map<string, Promise<unknown>>>();

export async function cachedUntilNextLoad<T>(
  db: Queryable,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const [{ last }] = await db.query<{ last: number }>('SELECT coalesce(max(id), 0)::int AS last FROM loads');
  const full = `${last}:${key}`;
  let p = cache.get(full) as Promise<T> | undefined;
  if (!p) {
    if (cache.size > 50) cache.clear();
    p = compute();
    cache.set(full, p);
    p.catch(() => cache!.delete(full));
  }
  return p;
}

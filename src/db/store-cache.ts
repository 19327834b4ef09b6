/**
 * Answers computed from the store, kept per database connection and data version (src/db/data-version.ts). The
 * version is part of every key and moves when any process writes a table results depend on, so an answer cached
 * here can never outlive the data it was computed from, whichever process loaded it: no message between processes
 * is needed. Concurrent asks for the same key share one computation; a failed computation is not kept.
 */
import { LRUCache } from 'lru-cache';
import type { Queryable } from './connect.js';
import { readDataVersion } from './data-version.js';

export interface CacheOptions<T> {
  /** how much of the cache's budget the answer takes, roughly in rows held (default 1) */
  weight?: (value: T) => number;
}

/** About this many rows (practices × figures) kept per database: a national funnel is some 6,500. */
export const CACHE_BUDGET = 250_000;

interface Cache {
  entries: LRUCache<string, Promise<unknown>>;
  version: number;
}

const caches = new WeakMap<Queryable, Cache>();

function cacheOf(db: Queryable): Cache {
  let c = caches.get(db);
  if (!c) {
    c = {
      entries: new LRUCache<string, Promise<unknown>>({ max: 2000, maxSize: CACHE_BUDGET }),
      version: 0,
    };
    caches.set(db, c);
  }
  return c;
}

export async function cachedForDataVersion<T>(
  db: Queryable,
  key: string,
  /** makes the answer at the data version given (read once, before it is asked) */
  compute: (version: number) => Promise<T>,
  opts: CacheOptions<T> = {},
): Promise<T> {
  const cache = cacheOf(db);
  const version = await readDataVersion(db);
  // entries of an older version can never be asked for again: let them go at once rather than by age
  if (version > cache.version) {
    cache.entries.clear();
    cache.version = version;
  }
  const full = `${version}:${key}`;
  const held = cache.entries.get(full) as Promise<T> | undefined;
  if (held) return held;
  const p = compute(version);
  // weighed when it is known; until then it counts as one
  cache.entries.set(full, p, { size: 1 });
  p.then(
    (value) => {
      if (cache.entries.peek(full) !== p) return;
      const size = Math.max(1, Math.ceil(opts.weight?.(value) ?? 1));
      if (size > CACHE_BUDGET) cache.entries.delete(full);
      else cache.entries.set(full, p, { size });
    },
    () => {
      if (cache.entries.peek(full) === p) cache.entries.delete(full);
    },
  );
  return p;
}

/** How many answers are held for this database (for tests). */
export function cachedCount(db: Queryable): number {
  return caches.get(db)?.entries.size ?? 0;
}

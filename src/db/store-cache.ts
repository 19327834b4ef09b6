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
  /**
   * kept while the data version stands whatever its size, outside the budget (at most PINNED_MAX such answers per
   * database, the least recently asked let go first): an answer that many pages are made from and that costs
   * seconds to make again, such as a national tier evaluation (6,500 practices × 100 indicators × 2 windows, far
   * above the budget, so weighed it would be let go as soon as it was made and made again for every practice asked).
   * A pinned answer is not weighed: `weight` is not read.
   */
  pinned?: boolean;
}

/** About this many rows (practices × figures) kept per database: a national funnel is some 6,500. */
export const CACHE_BUDGET = 250_000;
/** Pinned answers kept per database: the rule set in force and a candidate being compared with it (an evaluation at national scale holds some hundreds of MB). */
export const PINNED_MAX = 2;

interface Cache {
  entries: LRUCache<string, Promise<unknown>>;
  pinned: LRUCache<string, Promise<unknown>>;
  version: number;
}

const caches = new WeakMap<Queryable, Cache>();

function newCache(budget: number): Cache {
  return {
    entries: new LRUCache<string, Promise<unknown>>({ max: 2000, maxSize: budget }),
    pinned: new LRUCache<string, Promise<unknown>>({ max: PINNED_MAX }),
    version: 0,
  };
}

function cacheOf(db: Queryable): Cache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = newCache(CACHE_BUDGET)));
  return c;
}

/** Start this database's cache afresh with another budget (in rows): for tests of what outweighs it. */
export function resetCache(db: Queryable, budget = CACHE_BUDGET): void {
  caches.set(db, newCache(budget));
}

/** The database's cache and data version, read now; entries of an older version are let go. */
async function atCurrentVersion(db: Queryable): Promise<{ cache: Cache; version: number }> {
  const cache = cacheOf(db);
  const version = await readDataVersion(db);
  // entries of an older version can never be asked for again: let them go at once rather than by age
  if (version > cache.version) {
    cache.entries.clear();
    cache.pinned.clear();
    cache.version = version;
  }
  return { cache, version };
}

export async function cachedForDataVersion<T>(
  db: Queryable,
  key: string,
  /** makes the answer at the data version given (read once, before it is asked) */
  compute: (version: number) => Promise<T>,
  opts: CacheOptions<T> = {},
): Promise<T> {
  const { cache, version } = await atCurrentVersion(db);
  const full = `${version}:${key}`;
  const store = opts.pinned ? cache.pinned : cache.entries;
  const held = store.get(full) as Promise<T> | undefined;
  if (held) return held;
  const p = compute(version);
  // weighed when it is known; until then it counts as one
  store.set(full, p, opts.pinned ? {} : { size: 1 });
  p.then(
    (value) => {
      if (opts.pinned || store.peek(full) !== p) return;
      const size = Math.max(1, Math.ceil(opts.weight?.(value) ?? 1));
      if (size > cache.entries.maxSize) store.delete(full);
      else store.set(full, p, { size });
    },
    () => {
      if (store.peek(full) === p) store.delete(full);
    },
  );
  return p;
}

/**
 * Many small answers kept each on its own key, those not held made together in one go: a practice's spine wants the
 * spread of every practice's value for each of its indicators' latest periods, which most practices share but not
 * all (a practice without one indicator would otherwise miss the whole set). `compute` is given the keys not held
 * and answers with a value for each (a key it leaves out is kept as having none: null).
 */
export async function cachedEachForDataVersion<T>(
  db: Queryable,
  keys: string[],
  compute: (missing: string[], version: number) => Promise<Map<string, T>>,
): Promise<Map<string, T | null>> {
  const { cache, version } = await atCurrentVersion(db);
  const full = (key: string) => `${version}:${key}`;
  // the answers this call reads, held here too: setting the missing ones may push others out of the cache
  const mine = new Map<string, Promise<T | null>>();
  const missing: string[] = [];
  for (const k of new Set(keys)) {
    const held = cache.entries.get(full(k)) as Promise<T | null> | undefined;
    if (held) mine.set(k, held);
    else missing.push(k);
  }
  if (missing.length > 0) {
    const made = compute(missing, version);
    for (const k of missing) {
      const p = made.then((m) => m.get(k) ?? null);
      mine.set(k, p);
      cache.entries.set(full(k), p, { size: 1 });
      p.catch(() => {
        if (cache.entries.peek(full(k)) === p) cache.entries.delete(full(k));
      });
    }
  }
  const answers = await Promise.all(keys.map((k) => mine.get(k)!));
  return new Map(keys.map((k, i) => [k, answers[i]!]));
}

/** How many answers are held for this database (for tests). */
export function cachedCount(db: Queryable): number {
  const c = caches.get(db);
  return c ? c.entries.size + c.pinned.size : 0;
}

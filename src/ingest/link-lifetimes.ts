/**
 * Parent links kept within the lifetimes of the organisations at their ends (the rule: src/db/repos/link-lifetimes.ts),
 * for a store loaded before each load did so.
 */
import type { Database } from '../db/connect.js';
import { refreshAggregates } from '../db/repos/aggregates.js';
import { clipLinksToLifetimes } from '../db/repos/link-lifetimes.js';
import { closeUnlistedCcgs } from '../db/repos/register-closures.js';

/**
 * For a store loaded before links were kept within lifetimes (or before CCGs a register no longer lists were
 * closed): close and clip them now, and rebuild the benchmarks when that changed which practices a CCG had. A no-op
 * (two queries) on a store already reconciled.
 */
export async function reconcileLinkLifetimes(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const changed = (await closeUnlistedCcgs(tx, null)) + (await clipLinksToLifetimes(tx));
    if (changed > 0) await refreshAggregates(tx, null);
    return changed;
  });
}

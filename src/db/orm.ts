/**
 * A query builder typed from the schema (src/db/schema.ts, the same definitions the migrations come from), over
 * any Queryable — the database or a transaction's connection — so that typed queries and raw SQL share one
 * transaction. Repositories use it for plain selects, inserts and updates, where a column renamed or retyped in
 * the schema must fail to compile; raw SQL stays for CTEs, set-based aggregates and COPY.
 *
 *   const rows = await orm(tx).select().from(organisations).where(eq(organisations.code, code));
 *
 * Transactions are begun with Database.transaction, never through the builder.
 */
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import * as schema from './schema.js';
import type { Queryable } from './connect.js';

export type Orm = PgRemoteDatabase<typeof schema>;

const built = new WeakMap<Queryable, Orm>();

export function orm(q: Queryable): Orm {
  let o = built.get(q);
  if (!o) {
    o = drizzle(
      async (sql, params, method) =>
        // 'all' reads rows as arrays (the builder maps them to the schema's fields); 'execute' as objects
        ({ rows: method === 'all' ? await q.queryArrays(sql, params) : await q.query(sql, params) }),
      { schema },
    );
    built.set(q, o);
  }
  return o;
}

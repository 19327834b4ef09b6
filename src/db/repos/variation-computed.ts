/** Whether `lantern compute` has stored any funnel results yet (the CUSUM reads them). */
import type { Queryable } from '../connect.js';

export async function anyComputed(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM variation_computations`);
  return (row?.n ?? 0) > 0;
}

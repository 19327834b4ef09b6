/** The store's set-up: the steps recorded when they start and finish (the first start), and what it holds already. */
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { setupSteps } from '../schema.js';

export type SetupStep = typeof setupSteps.$inferSelect;

export async function setupStep(db: Queryable, step: string): Promise<SetupStep | undefined> {
  const [row] = await orm(db).select().from(setupSteps).where(eq(setupSteps.step, step));
  return row;
}

/** Record that a step has started (once: a step recorded before keeps its details and start time). */
export async function startSetupStep(
  db: Queryable,
  step: string,
  details: Record<string, unknown>,
): Promise<void> {
  await orm(db)
    .insert(setupSteps)
    .values({ step, details, startedAt: sql`now()` })
    .onConflictDoNothing();
}

export async function completeSetupStep(db: Queryable, step: string): Promise<void> {
  await orm(db)
    .update(setupSteps)
    .set({ completedAt: sql`now()` })
    .where(eq(setupSteps.step, step));
}

/** How many files the store has loaded, and whether any of them is the synthetic demo area's. */
export async function loadedFiles(db: Queryable): Promise<{ files: number; synthetic: boolean }> {
  const [r] = await db.query<{ files: number; synthetic: boolean }>(
    `SELECT count(*)::int AS files, coalesce(bool_or(file_name LIKE 'synthetic/%'), false) AS synthetic FROM loads`,
  );
  return r!;
}

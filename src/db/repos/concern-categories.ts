/** The concern category taxonomy (table concern_categories): two levels, each item mapped to an NRLS category. */
import { asc, count, eq } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { concernCategories } from '../schema.js';
import type { ContractStandard } from '../../concerns/taxonomy.js';

export interface CategoryRecord {
  id: string;
  parentId: string | null;
  label: string;
  nrls: string | null;
  contractStandard: ContractStandard | null;
  retired: boolean;
}

export async function countCategories(db: Queryable): Promise<number> {
  const [row] = await orm(db).select({ n: count() }).from(concernCategories);
  return row!.n;
}

/** Insert a category at a position unless its id is taken (seeding). */
export async function insertCategoryIfAbsent(
  db: Queryable,
  c: Omit<CategoryRecord, 'retired'> & { position: number },
): Promise<void> {
  await orm(db).insert(concernCategories).values(c).onConflictDoNothing();
}

const CATEGORY = {
  id: concernCategories.id,
  parentId: concernCategories.parentId,
  label: concernCategories.label,
  nrls: concernCategories.nrls,
  contractStandard: concernCategories.contractStandard,
  retired: concernCategories.retired,
};
// the column holds only the standards taxonomy.ts names (the API checks them on the way in)
const asRecord = (r: { contractStandard: string | null }) => r as CategoryRecord;

/** Every category in its taxonomy order. */
export async function listCategories(db: Queryable): Promise<CategoryRecord[]> {
  const rows = await orm(db)
    .select(CATEGORY)
    .from(concernCategories)
    .orderBy(asc(concernCategories.position), asc(concernCategories.id));
  return rows.map(asRecord);
}

/** One category, or null when there is none with that id. */
export async function findCategory(db: Queryable, id: string): Promise<CategoryRecord | null> {
  const [row] = await orm(db).select(CATEGORY).from(concernCategories).where(eq(concernCategories.id, id));
  return row ? asRecord(row) : null;
}

/** Each category's label by id. */
export async function categoryLabels(db: Queryable): Promise<Map<string, string>> {
  const rows = await orm(db)
    .select({ id: concernCategories.id, label: concernCategories.label })
    .from(concernCategories);
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** Add a category (at the end) or rename, remap or retire one. */
export async function upsertCategory(
  db: Queryable,
  c: { id: string; parentId: string | null; label: string; nrls: string | null; retired: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO concern_categories (id, parent_id, label, nrls, retired, position)
     VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), 0) + 1 FROM concern_categories))
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, nrls = EXCLUDED.nrls, retired = EXCLUDED.retired`,
    [c.id, c.parentId, c.label, c.nrls, c.retired],
  );
}

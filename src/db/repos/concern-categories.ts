/** The concern category taxonomy (table concern_categories): two levels, each item mapped to an NRLS category. */
import type { Queryable } from '../connect.js';
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
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM concern_categories');
  return n;
}

/** Insert a category at a position unless its id is taken (seeding). */
export async function insertCategoryIfAbsent(
  db: Queryable,
  c: Omit<CategoryRecord, 'retired'> & { position: number },
): Promise<void> {
  await db.query(
    `INSERT INTO concern_categories (id, parent_id, label, nrls, contract_standard, position)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [c.id, c.parentId, c.label, c.nrls, c.contractStandard, c.position],
  );
}

/** Every category in its taxonomy order. */
export function listCategories(db: Queryable): Promise<CategoryRecord[]> {
  return db.query<CategoryRecord>(
    `SELECT id, parent_id AS "parentId", label, nrls, contract_standard AS "contractStandard", retired
       FROM concern_categories ORDER BY position, id`,
  );
}

/** One category, or null when there is none with that id. */
export async function findCategory(db: Queryable, id: string): Promise<CategoryRecord | null> {
  const [row] = await db.query<CategoryRecord>(
    `SELECT id, parent_id AS "parentId", label, nrls, contract_standard AS "contractStandard", retired
       FROM concern_categories WHERE id = $1`,
    [id],
  );
  return row ?? null;
}

/** Each category's label by id. */
export async function categoryLabels(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; label: string }>('SELECT id, label FROM concern_categories');
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

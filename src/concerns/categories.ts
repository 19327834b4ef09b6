/**
 * The category taxonomy as stored: seeded from taxonomy.ts's defaults, read with everything a form offers, and
 * changed by administrators.
 */
import type { Queryable } from '../db/connect.js';
import {
  countCategories,
  findCategory,
  insertCategoryIfAbsent,
  listCategories,
  upsertCategory,
  type CategoryRecord,
} from '../db/repos/concern-categories.js';
import { ConcernInputError } from './errors.js';
import { CONTRACT_STANDARDS, DEFAULT_TAXONOMY, HARM_GRADES, NRLS_CATEGORIES, SERVICES } from './taxonomy.js';
import { STATE_LABEL } from './workflow.js';

export type Category = CategoryRecord;

/** Seed the default taxonomy into an empty table (idempotent). */
export async function ensureTaxonomy(db: Queryable): Promise<void> {
  if ((await countCategories(db)) > 0) return;
  let position = 0;
  for (const top of DEFAULT_TAXONOMY) {
    await insertCategoryIfAbsent(db, {
      id: top.id,
      parentId: null,
      label: top.label,
      nrls: null,
      contractStandard: null,
      position: position++,
    });
    for (const item of top.items)
      await insertCategoryIfAbsent(db, {
        id: item.id,
        parentId: top.id,
        label: item.label,
        nrls: item.nrls,
        contractStandard: item.contractStandard ?? null,
        position: position++,
      });
  }
}

export async function categories(db: Queryable): Promise<Category[]> {
  return listCategories(db);
}

export async function taxonomy(db: Queryable) {
  const all = await categories(db);
  const tops = all.filter((c) => c.parentId === null);
  return {
    categories: tops.map((t) => ({
      id: t.id,
      label: t.label,
      retired: t.retired,
      items: all
        .filter((c) => c.parentId === t.id)
        .map((c) => ({
          id: c.id,
          label: c.label,
          retired: c.retired,
          nrlsCategory: c.nrls,
          nrlsLabel: c.nrls ? NRLS_CATEGORIES[c.nrls as keyof typeof NRLS_CATEGORIES] : null,
          contractStandard: c.contractStandard,
        })),
    })),
    harmGrades: HARM_GRADES,
    contractStandards: Object.entries(CONTRACT_STANDARDS).map(([id, label]) => ({ id, label })),
    services: Object.entries(SERVICES).map(([code, label]) => ({ code, label })),
    states: Object.entries(STATE_LABEL).map(([id, label]) => ({ id, label })),
  };
}

/** Administrators add, rename or retire a category (level 2 needs a level-1 parent). */
export async function saveCategory(
  db: Queryable,
  c: { id: string; parentId: string | null; label: string; nrls: string | null; retired: boolean },
): Promise<void> {
  if (c.parentId) {
    const parent = await findCategory(db, c.parentId);
    if (!parent || parent.parentId !== null)
      throw new ConcernInputError(`parentId ${c.parentId} is not a top-level category`);
    if (!c.nrls) throw new ConcernInputError('a second-level category needs its NRLS category (nrls)');
  }
  await upsertCategory(db, c);
}

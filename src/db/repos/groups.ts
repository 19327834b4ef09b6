/** Commissioners' own groupings of practices (tables practice_groups and practice_group_members). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { organisations, practiceGroupMembers, practiceGroups } from '../schema.js';

export type PracticeGroupRow = typeof practiceGroups.$inferSelect;

export interface PracticeGroupMemberRow {
  groupId: number;
  code: string;
  name: string;
}

/** The groups owned by these areas (every group when null), by name. */
export function listGroupRows(db: Queryable, areas: string[] | null): Promise<PracticeGroupRow[]> {
  return orm(db)
    .select()
    .from(practiceGroups)
    .where(areas === null ? undefined : inArray(practiceGroups.areaCode, areas))
    .orderBy(asc(practiceGroups.name), asc(practiceGroups.id));
}

/** The member practices of these groups, with their names, by name. */
export function groupMemberRows(db: Queryable, groupIds: number[]): Promise<PracticeGroupMemberRow[]> {
  return orm(db)
    .select({
      groupId: practiceGroupMembers.groupId,
      code: practiceGroupMembers.practiceCode,
      name: organisations.name,
    })
    .from(practiceGroupMembers)
    .innerJoin(organisations, eq(organisations.code, practiceGroupMembers.practiceCode))
    .where(inArray(practiceGroupMembers.groupId, groupIds))
    .orderBy(asc(organisations.name));
}

/** The area that owns a group, or null when there is no such group. */
export async function groupAreaOf(db: Queryable, id: number): Promise<string | null> {
  const [g] = await orm(db)
    .select({ areaCode: practiceGroups.areaCode })
    .from(practiceGroups)
    .where(eq(practiceGroups.id, id));
  return g?.areaCode ?? null;
}

/** Which of these codes are practices. */
export async function practiceCodesAmong(db: Queryable, codes: string[]): Promise<Set<string>> {
  const rows = await orm(db)
    .select({ code: organisations.code })
    .from(organisations)
    .where(and(eq(organisations.type, 'practice'), inArray(organisations.code, codes)));
  return new Set(rows.map((r) => r.code));
}

export interface GroupFields {
  name: string;
  kind: string;
}

/** A new group without members; its id. */
export async function insertGroup(
  db: Queryable,
  g: GroupFields & { area: string; createdBy: string; at: string },
): Promise<number> {
  const [row] = await orm(db)
    .insert(practiceGroups)
    .values({ name: g.name, kind: g.kind, areaCode: g.area, createdBy: g.createdBy, updatedAt: g.at })
    .returning({ id: practiceGroups.id });
  return row!.id;
}

/** Rename a group or change its kind, and take away its members (addGroupMembers gives the new ones). */
export async function updateGroupClearingMembers(
  db: Queryable,
  id: number,
  g: GroupFields & { at: string },
): Promise<void> {
  await orm(db)
    .update(practiceGroups)
    .set({ name: g.name, kind: g.kind, updatedAt: g.at })
    .where(eq(practiceGroups.id, id));
  await orm(db).delete(practiceGroupMembers).where(eq(practiceGroupMembers.groupId, id));
}

export async function addGroupMembers(db: Queryable, id: number, practices: string[]): Promise<void> {
  if (practices.length === 0) return;
  await orm(db)
    .insert(practiceGroupMembers)
    .values(practices.map((practiceCode) => ({ groupId: id, practiceCode })));
}

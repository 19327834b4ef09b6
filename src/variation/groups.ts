/**
 * Commissioners' own groupings of practices (localities, federations, PCNs as they work together): each owned by a
 * CCG or ICB, its members practices within that area, so that funnels can compare practices within the group.
 */
import type { Queryable } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { descendantsOf } from '../auth/scope.js';
import {
  addGroupMembers,
  groupAreaOf,
  groupMemberRows,
  insertGroup,
  listGroupRows,
  practiceCodesAmong,
  updateGroupClearingMembers,
  type PracticeGroupRow,
} from '../db/repos/groups.js';

export const GROUP_KINDS = ['locality', 'federation', 'pcn', 'other'] as const;

export class GroupError extends Error {}

export interface PracticeGroup extends PracticeGroupRow {
  members: Array<{ code: string; name: string }>;
}

export async function listGroups(db: Queryable, areas: string[] | null): Promise<PracticeGroup[]> {
  const groups = await listGroupRows(db, areas);
  if (groups.length === 0) return [];
  const members = await groupMemberRows(
    db,
    groups.map((g) => g.id),
  );
  return groups.map((g) => ({
    ...g,
    members: members.filter((m) => m.groupId === g.id).map(({ code, name }) => ({ code, name })),
  }));
}

export async function getGroup(db: Queryable, id: number): Promise<PracticeGroup | null> {
  const area = await groupAreaOf(db, id);
  if (area === null) return null;
  return (await listGroups(db, [area])).find((x) => x.id === id) ?? null;
}

/** Create a group (no id) or replace its name, kind and members; every member must be a practice in the area. */
export async function saveGroup(
  db: Queryable,
  input: { id?: number; name: string; kind: string; area: string; practices: string[] },
  by: string,
): Promise<number> {
  const practices = [...new Set(input.practices)];
  const inArea = await descendantsOf(db, [input.area]);
  const known = await practiceCodesAmong(db, practices);
  const outside = practices.filter((p) => !known.has(p) || !inArea.has(p));
  if (outside.length)
    throw new GroupError(
      `practices: ${outside.join(', ')} ${outside.length === 1 ? 'is not a practice' : 'are not practices'} of ${input.area}`,
    );
  let id = input.id;
  if (id === undefined)
    id = await insertGroup(db, {
      name: input.name,
      kind: input.kind,
      area: input.area,
      createdBy: by,
      at: nowIso(),
    });
  else await updateGroupClearingMembers(db, id, { name: input.name, kind: input.kind, at: nowIso() });
  await addGroupMembers(db, id, practices);
  return id;
}

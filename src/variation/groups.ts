/**
 * Commissioners' own groupings of practices (localities, federations, PCNs as they work together): each owned by a
 * CCG or ICB, its members practices within that area, so that funnels can compare practices within the group.
 */
import type { Queryable } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { descendantsOf } from '../auth/scope.js';

export const GROUP_KINDS = ['locality', 'federation', 'pcn', 'other'] as const;

export class GroupError extends Error {}

export interface PracticeGroup {
  id: number;
  name: string;
  kind: string;
  areaCode: string;
  createdBy: string;
  updatedAt: string;
  members: Array<{ code: string; name: string }>;
}

export async function listGroups(db: Queryable, areas: string[] | null): Promise<PracticeGroup[]> {
  const groups = await db.query<Omit<PracticeGroup, 'members'>>(
    `SELECT id, name, kind, area_code AS "areaCode", created_by AS "createdBy", updated_at AS "updatedAt"
       FROM practice_groups WHERE $1::text[] IS NULL OR area_code = ANY($1) ORDER BY name, id`,
    [areas],
  );
  if (groups.length === 0) return [];
  const members = await db.query<{ groupId: number; code: string; name: string }>(
    `SELECT m.group_id AS "groupId", m.practice_code AS code, o.name FROM practice_group_members m
       JOIN organisations o ON o.code = m.practice_code WHERE m.group_id = ANY($1) ORDER BY o.name`,
    [groups.map((g) => g.id)],
  );
  return groups.map((g) => ({
    ...g,
    members: members.filter((m) => m.groupId === g.id).map(({ code, name }) => ({ code, name })),
  }));
}

export async function getGroup(db: Queryable, id: number): Promise<PracticeGroup | null> {
  const [g] = await db.query<{ areaCode: string }>(
    `SELECT area_code AS "areaCode" FROM practice_groups WHERE id = $1`,
    [id],
  );
  if (!g) return null;
  return (await listGroups(db, [g.areaCode])).find((x) => x.id === id) ?? null;
}

/** Create a group (no id) or replace its name, kind and members; every member must be a practice in the area. */
export async function saveGroup(
  db: Queryable,
  input: { id?: number; name: string; kind: string; area: string; practices: string[] },
  by: string,
): Promise<number> {
  const practices = [...new Set(input.practices)];
  const inArea = await descendantsOf(db, [input.area]);
  const known = new Set(
    (
      await db.query<{ code: string }>(
        `SELECT code FROM organisations WHERE type = 'practice' AND code = ANY($1)`,
        [practices],
      )
    ).map((r) => r.code),
  );
  const outside = practices.filter((p) => !known.has(p) || !inArea.has(p));
  if (outside.length)
    throw new GroupError(
      `practices: ${outside.join(', ')} ${outside.length === 1 ? 'is not a practice' : 'are not practices'} of ${input.area}`,
    );
  let id = input.id;
  if (id === undefined) {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO practice_groups (name, kind, area_code, created_by, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.name, input.kind, input.area, by, nowIso()],
    );
    id = row!.id;
  } else {
    await db.query(`UPDATE practice_groups SET name = $2, kind = $3, updated_at = $4 WHERE id = $1`, [
      id,
      input.name,
      input.kind,
      nowIso(),
    ]);
    await db.query(`DELETE FROM practice_group_members WHERE group_id = $1`, [id]);
  }
  await db.query(
    `INSERT INTO practice_group_members (group_id, practice_code) SELECT $1, unnest($2::text[])`,
    [id, practices],
  );
  return id;
}

/** Commissioners' own groupings of practices (tables practice_groups and practice_group_members). */
import type { Queryable } from '../connect.js';

export interface PracticeGroupRow {
  id: number;
  name: string;
  kind: string;
  areaCode: string;
  createdBy: string;
  updatedAt: string;
}

export interface PracticeGroupMemberRow {
  groupId: number;
  code: string;
  name: string;
}

/** The groups owned by these areas (every group when null), by name. */
export function listGroupRows(db: Queryable, areas: string[] | null): Promise<PracticeGroupRow[]> {
  return db.query<PracticeGroupRow>(
    `SELECT id, name, kind, area_code AS "areaCode", created_by AS "createdBy", updated_at AS "updatedAt"
       FROM practice_groups WHERE $1::text[] IS NULL OR area_code = ANY($1) ORDER BY name, id`,
    [areas],
  );
}

/** The member practices of these groups, with their names, by name. */
export function groupMemberRows(db: Queryable, groupIds: number[]): Promise<PracticeGroupMemberRow[]> {
  return db.query<PracticeGroupMemberRow>(
    `SELECT m.group_id AS "groupId", m.practice_code AS code, o.name FROM practice_group_members m
       JOIN organisations o ON o.code = m.practice_code WHERE m.group_id = ANY($1) ORDER BY o.name`,
    [groupIds],
  );
}

/** The area that owns a group, or null when there is no such group. */
export async function groupAreaOf(db: Queryable, id: number): Promise<string | null> {
  const [g] = await db.query<{ areaCode: string }>(
    `SELECT area_code AS "areaCode" FROM practice_groups WHERE id = $1`,
    [id],
  );
  return g?.areaCode ?? null;
}

/** Which of these codes are practices. */
export async function practiceCodesAmong(db: Queryable, codes: string[]): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM organisations WHERE type = 'practice' AND code = ANY($1)`,
    [codes],
  );
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
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO practice_groups (name, kind, area_code, created_by, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [g.name, g.kind, g.area, g.createdBy, g.at],
  );
  return row!.id;
}

/** Rename a group or change its kind, and take away its members (addGroupMembers gives the new ones). */
export async function updateGroupClearingMembers(
  db: Queryable,
  id: number,
  g: GroupFields & { at: string },
): Promise<void> {
  await db.query(`UPDATE practice_groups SET name = $2, kind = $3, updated_at = $4 WHERE id = $1`, [
    id,
    g.name,
    g.kind,
    g.at,
  ]);
  await db.query(`DELETE FROM practice_group_members WHERE group_id = $1`, [id]);
}

export async function addGroupMembers(db: Queryable, id: number, practices: string[]): Promise<void> {
  await db.query(
    `INSERT INTO practice_group_members (group_id, practice_code) SELECT $1, unnest($2::text[])`,
    [id, practices],
  );
}

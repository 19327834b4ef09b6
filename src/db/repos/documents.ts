/** SQL for documents, meeting records, their actions and links (append-only tables; docs/documents.md). */
import type { Queryable } from '../connect.js';

export type Visibility = 'members' | 'commissioners' | 'practice';
export type ActionStatus = 'open' | 'done' | 'cancelled';
export type LinkKind = 'practice' | 'indicator' | 'tier_rules' | 'improvement_case';

/** What a viewer may see within an area: everything for the commissioner team, else these practices' records. */
export interface SeenBy {
  commissioner: boolean;
  practices: string[];
}

const visible = (alias: string, c: number, p: number) =>
  `(${alias}.visibility = 'members' OR ($${c}::boolean AND ${alias}.visibility IN ('commissioners', 'practice'))
     OR (${alias}.visibility = 'practice' AND ${alias}.visible_practice = ANY($${p}::text[])))`;

export interface DocumentVersionRow {
  documentId: number;
  areaCode: string;
  version: number;
  title: string;
  summary: string;
  visibility: Visibility;
  visiblePractice: string | null;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  extension: string;
  createdAt: string;
  createdRole: string | null;
}

const DOC_COLUMNS = `v.document_id AS "documentId", d.area_code AS "areaCode", v.version, v.title, v.summary,
  v.visibility, v.visible_practice AS "visiblePractice", v.file_sha256 AS sha256, v.size_bytes AS "sizeBytes",
  v.content_type AS "contentType", v.extension, v.created_at AS "createdAt", v.created_role AS "createdRole"`;

export async function insertDocument(
  db: Queryable,
  d: { area: string; at: string; by: number | null },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO documents (area_code, created_at, created_by) VALUES ($1, $2, $3) RETURNING id`,
    [d.area, d.at, d.by],
  );
  return r!.id;
}

export async function insertDocumentVersion(
  db: Queryable,
  v: {
    documentId: number;
    title: string;
    summary: string;
    visibility: Visibility;
    visiblePractice: string | null;
    sha256: string;
    sizeBytes: number;
    contentType: string;
    extension: string;
    at: string;
    by: number | null;
    role: string | null;
  },
): Promise<number> {
  const [r] = await db.query<{ version: number }>(
    `INSERT INTO document_versions (document_id, version, title, summary, visibility, visible_practice, file_sha256,
       size_bytes, content_type, extension, created_at, created_by, created_role, search)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
            setweight(to_tsvector('english', $2), 'A') || to_tsvector('english', $3)
       FROM document_versions WHERE document_id = $1
     RETURNING version`,
    [
      v.documentId,
      v.title,
      v.summary,
      v.visibility,
      v.visiblePractice,
      v.sha256,
      v.sizeBytes,
      v.contentType,
      v.extension,
      v.at,
      v.by,
      v.role,
    ],
  );
  return r!.version;
}

/** The latest version of each document of an area the viewer may see, matching the search words if given. */
export async function listDocuments(
  db: Queryable,
  area: string,
  seen: SeenBy,
  q: string | null,
): Promise<Array<DocumentVersionRow & { versions: number }>> {
  return db.query(
    `SELECT ${DOC_COLUMNS}, (SELECT count(*)::int FROM document_versions c WHERE c.document_id = d.id) AS versions
       FROM documents d JOIN LATERAL (SELECT * FROM document_versions x WHERE x.document_id = d.id
                                       ORDER BY x.version DESC LIMIT 1) v ON true
      WHERE d.area_code = $1 AND ${visible('v', 2, 3)}
        AND ($4::text IS NULL OR v.search @@ websearch_to_tsquery('english', $4))
      ORDER BY ($4::text IS NULL), ts_rank(v.search, websearch_to_tsquery('english', coalesce($4, ''))) DESC,
               v.created_at DESC, d.id DESC
      LIMIT 500`,
    [area, seen.commissioner, seen.practices, q],
  );
}

/** Every version of a document, oldest first (empty when there is no such document). */
export function documentVersions(db: Queryable, id: number): Promise<DocumentVersionRow[]> {
  return db.query(
    `SELECT ${DOC_COLUMNS} FROM document_versions v JOIN documents d ON d.id = v.document_id
      WHERE v.document_id = $1 ORDER BY v.version`,
    [id],
  );
}

/** Every stored file a version names, with the versions naming it (for `lantern documents verify`). */
export function storedFiles(
  db: Queryable,
): Promise<Array<{ sha256: string; versions: Array<{ documentId: number; version: number }> }>> {
  return db.query(
    `SELECT file_sha256 AS sha256,
            jsonb_agg(jsonb_build_object('documentId', document_id, 'version', version) ORDER BY document_id, version)
              AS versions
       FROM document_versions GROUP BY file_sha256 ORDER BY file_sha256`,
  );
}

export async function fileInUse(db: Queryable, sha: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM document_versions WHERE file_sha256 = $1 LIMIT 1`, [sha]);
  return r.length > 0;
}

export interface MeetingVersionRow {
  meetingId: number;
  areaCode: string;
  version: number;
  title: string;
  heldOn: string;
  attendees: string[];
  agenda: string;
  minutes: string;
  decisions: string[];
  visibility: Visibility;
  visiblePractice: string | null;
  createdAt: string;
  createdRole: string | null;
}

const MEETING_COLUMNS = `v.meeting_id AS "meetingId", m.area_code AS "areaCode", v.version, v.title,
  v.held_on AS "heldOn", v.attendees, v.agenda, v.minutes, v.decisions, v.visibility,
  v.visible_practice AS "visiblePractice", v.created_at AS "createdAt", v.created_role AS "createdRole"`;

export async function insertMeeting(
  db: Queryable,
  m: { area: string; at: string; by: number | null },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO meetings (area_code, created_at, created_by) VALUES ($1, $2, $3) RETURNING id`,
    [m.area, m.at, m.by],
  );
  return r!.id;
}

export async function insertMeetingVersion(
  db: Queryable,
  v: {
    meetingId: number;
    title: string;
    heldOn: string;
    attendees: string[];
    agenda: string;
    minutes: string;
    decisions: string[];
    visibility: Visibility;
    visiblePractice: string | null;
    at: string;
    by: number | null;
    role: string | null;
  },
): Promise<number> {
  const [r] = await db.query<{ version: number }>(
    `INSERT INTO meeting_versions (meeting_id, version, title, held_on, attendees, agenda, minutes, decisions,
       visibility, visible_practice, created_at, created_by, created_role, search)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
            setweight(to_tsvector('english', $2), 'A') || to_tsvector('english', $5) || to_tsvector('english', $6)
              || setweight(to_tsvector('english', $13), 'B')
       FROM meeting_versions WHERE meeting_id = $1
     RETURNING version`,
    [
      v.meetingId,
      v.title,
      v.heldOn,
      JSON.stringify(v.attendees),
      v.agenda,
      v.minutes,
      JSON.stringify(v.decisions),
      v.visibility,
      v.visiblePractice,
      v.at,
      v.by,
      v.role,
      v.decisions.join('\n'),
    ],
  );
  return r!.version;
}

/** The latest version of each meeting of an area the viewer may see, matching the search words if given. */
export function listMeetings(
  db: Queryable,
  area: string,
  seen: SeenBy,
  q: string | null,
): Promise<Array<MeetingVersionRow & { openActions: number }>> {
  return db.query(
    `SELECT ${MEETING_COLUMNS},
            (SELECT count(*)::int FROM meeting_actions a WHERE a.meeting_id = m.id AND coalesce(
               (SELECT e.status FROM meeting_action_events e WHERE e.action_id = a.id ORDER BY e.id DESC LIMIT 1),
               'open') = 'open') AS "openActions"
       FROM meetings m JOIN LATERAL (SELECT * FROM meeting_versions x WHERE x.meeting_id = m.id
                                      ORDER BY x.version DESC LIMIT 1) v ON true
      WHERE m.area_code = $1 AND ${visible('v', 2, 3)}
        AND ($4::text IS NULL OR v.search @@ websearch_to_tsquery('english', $4))
      ORDER BY v.held_on DESC, m.id DESC
      LIMIT 500`,
    [area, seen.commissioner, seen.practices, q],
  );
}

export function meetingVersions(db: Queryable, id: number): Promise<MeetingVersionRow[]> {
  return db.query(
    `SELECT ${MEETING_COLUMNS} FROM meeting_versions v JOIN meetings m ON m.id = v.meeting_id
      WHERE v.meeting_id = $1 ORDER BY v.version`,
    [id],
  );
}

export interface ActionRow {
  id: number;
  meetingId: number;
  description: string;
  ownerOrg: string;
  ownerRole: string;
  ownerUserId: number | null;
  dueOn: string;
  status: ActionStatus;
  history: Array<{ status: ActionStatus; note: string; at: string; role: string | null }>;
}

export async function insertAction(
  db: Queryable,
  a: {
    meetingId: number;
    description: string;
    ownerOrg: string;
    ownerRole: string;
    ownerUserId: number | null;
    dueOn: string;
    at: string;
    by: number | null;
  },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO meeting_actions (meeting_id, description, owner_org, owner_role, owner_user_id, due_on, created_at,
       created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [a.meetingId, a.description, a.ownerOrg, a.ownerRole, a.ownerUserId, a.dueOn, a.at, a.by],
  );
  return r!.id;
}

export async function insertActionEvent(
  db: Queryable,
  e: {
    actionId: number;
    status: ActionStatus;
    note: string;
    at: string;
    by: number | null;
    role: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO meeting_action_events (action_id, status, note, at, by_user_id, by_role)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.actionId, e.status, e.note, e.at, e.by, e.role],
  );
}

const ACTION_COLUMNS = `a.id, a.meeting_id AS "meetingId", a.description, a.owner_org AS "ownerOrg",
  a.owner_role AS "ownerRole", a.owner_user_id AS "ownerUserId", a.due_on AS "dueOn",
  coalesce((SELECT e.status FROM meeting_action_events e WHERE e.action_id = a.id ORDER BY e.id DESC LIMIT 1), 'open')
    AS status,
  coalesce((SELECT jsonb_agg(jsonb_build_object('status', e.status, 'note', e.note, 'at', e.at, 'role', e.by_role)
                             ORDER BY e.id) FROM meeting_action_events e WHERE e.action_id = a.id), '[]'::jsonb)
    AS history`;

export function meetingActions(db: Queryable, meetingId: number): Promise<ActionRow[]> {
  return db.query(`SELECT ${ACTION_COLUMNS} FROM meeting_actions a WHERE a.meeting_id = $1 ORDER BY a.id`, [
    meetingId,
  ]);
}

export async function actionById(db: Queryable, id: number): Promise<ActionRow | null> {
  const [r] = await db.query<ActionRow>(`SELECT ${ACTION_COLUMNS} FROM meeting_actions a WHERE a.id = $1`, [
    id,
  ]);
  return r ?? null;
}

/** Open actions whose due date has passed, with their meeting's area and latest title. */
export function overdueActions(
  db: Queryable,
  today: string,
): Promise<Array<ActionRow & { areaCode: string; meetingTitle: string }>> {
  return db.query(
    `SELECT * FROM (
       SELECT ${ACTION_COLUMNS}, m.area_code AS "areaCode",
              (SELECT v.title FROM meeting_versions v WHERE v.meeting_id = m.id ORDER BY v.version DESC LIMIT 1)
                AS "meetingTitle"
         FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id WHERE a.due_on < $1) x
      WHERE x.status = 'open' ORDER BY x.id`,
    [today],
  );
}

/**
 * An inbox alert (kind 'action_overdue') about an organisation, once per key: false when the key was raised
 * before. The message and details are the caller's.
 */
export async function insertOverdueActionAlert(
  db: Queryable,
  a: { key: string; org: string; message: string; details: Record<string, unknown>; at: string },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO alerts (key, kind, practice_code, indicator_code, period_start, message, details, created_at)
     VALUES ($1, 'action_overdue', $2, NULL, NULL, $3, $4, $5) ON CONFLICT (key) DO NOTHING RETURNING id`,
    [a.key, a.org, a.message, JSON.stringify(a.details), a.at],
  );
  return rows.length > 0;
}

export async function insertLink(
  db: Queryable,
  l: {
    subjectKind: 'document' | 'meeting';
    subjectId: number;
    kind: LinkKind;
    target: string;
    at: string;
    by: number | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO record_links (subject_kind, subject_id, target_kind, target, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [l.subjectKind, l.subjectId, l.kind, l.target, l.at, l.by],
  );
}

export function linksOf(
  db: Queryable,
  subjectKind: 'document' | 'meeting',
  id: number,
): Promise<Array<{ kind: LinkKind; target: string }>> {
  return db.query(
    `SELECT target_kind AS kind, target FROM record_links WHERE subject_kind = $1 AND subject_id = $2
      ORDER BY target_kind, target`,
    [subjectKind, id],
  );
}

/** The organisation a link target belongs to ('' for an indicator or a rule version), or null when it does not exist. */
export async function linkTargetOrg(db: Queryable, kind: LinkKind, target: string): Promise<string | null> {
  const sql: Record<LinkKind, string> = {
    practice: `SELECT code AS org FROM organisations WHERE code = $1 AND type = 'practice'`,
    indicator: `SELECT '' AS org FROM indicators WHERE code = $1 LIMIT 1`,
    tier_rules: `SELECT '' AS org FROM tier_rule_sets WHERE version::text = $1`,
    improvement_case: `SELECT practice_code AS org FROM improvement_cases WHERE id::text = $1`,
  };
  const [r] = await db.query<{ org: string }>(sql[kind], [target]);
  return r?.org ?? null;
}

/** The organisation's type, or null when Lantern does not know it. */
export async function organisationType(db: Queryable, code: string): Promise<string | null> {
  const [r] = await db.query<{ type: string }>(`SELECT type FROM organisations WHERE code = $1`, [code]);
  return r?.type ?? null;
}

export async function userExists(db: Queryable, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM users WHERE id = $1`, [id])).length > 0;
}

/**
 * Documents and meeting records of an area (a sub-ICB location or an ICB): who is a member, who sees what, uploads
 * that keep nothing partial, and overdue actions raised into their owners' inbox. docs/documents.md.
 *
 * Membership: the commissioner team is every commissioner grant covering the area (or inside it); a practice user is a
 * member of the areas above their practice. A record marked 'members' is seen by every member; 'commissioners' by the
 * team only; 'practice' by the team and that practice's users.
 */
import type { Database, Queryable } from '../db/connect.js';
import type { Permissions } from '../auth/policy.js';
import { ancestorsOfEach, descendantsOf } from '../auth/scope.js';
import { nowIso, today } from '../domain/clock.js';
import {
  fileInUse,
  insertDocument,
  insertDocumentVersion,
  insertOverdueActionAlert,
  overdueActions,
  storedFiles,
  type SeenBy,
  type Visibility,
} from '../db/repos/documents.js';
import { FileStore, type FileProblem } from './storage.js';
import { contradicts, sniff, ACCEPTED, type Sniffed } from './sniff.js';

const COMMISSIONER_ROLES = new Set(['admin', 'commissioner_lead', 'commissioner_analyst']);

export interface AreaAccess {
  /** a member of the area: may read its 'members' records */
  member: boolean;
  seen: SeenBy;
  /** the viewer's own practices in the area (practice users) */
  practices: string[];
}

/** What the viewer may see of an area's records, for an action held ('documents.read' or 'documents.write'). */
export async function areaAccess(
  db: Queryable,
  permissions: Permissions,
  area: string,
  action: 'documents.read' | 'documents.write',
): Promise<AreaAccess> {
  const grants = permissions.held(action);
  const below = await descendantsOf(db, [area]);
  const above = (await ancestorsOfEach(db, [area])).get(area) ?? new Set<string>();
  const covers = (g: { orgCode: string | null }) =>
    g.orgCode === null || below.has(g.orgCode) || above.has(g.orgCode);
  const commissioner = grants.some((g) => COMMISSIONER_ROLES.has(g.role) && covers(g));
  const practices = [
    ...new Set(grants.filter((g) => g.role === 'practice_user' && covers(g)).map((g) => g.orgCode!)),
  ];
  return { member: commissioner || practices.length > 0, seen: { commissioner, practices }, practices };
}

/** Whether a record of this visibility is seen by the viewer. */
export const sees = (seen: SeenBy, r: { visibility: Visibility; visiblePractice: string | null }): boolean =>
  r.visibility === 'members' ||
  seen.commissioner ||
  (r.visibility === 'practice' && seen.practices.includes(r.visiblePractice!));

export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Decide what the bytes are, refusing anything not accepted or whose name says otherwise. Nothing is written. */
export function checkUpload(content: Buffer, name: string, maxBytes: number): Sniffed {
  if (content.length > maxBytes)
    throw new UploadRefused(
      `the file is ${content.length} bytes; the limit is ${maxBytes} bytes (${Math.round(maxBytes / 1024 / 1024)} MB)`,
      'body',
    );
  const s = sniff(content);
  if ('refused' in s)
    throw new UploadRefused(`"${name}" is refused: ${s.refused}. Lantern accepts ${ACCEPTED}.`, 'body');
  if (contradicts(name, s))
    throw new UploadRefused(
      `"${name}" is named as another type of file, but its content is ${s.label}: rename it .${s.extension} or upload the right file`,
      'name',
    );
  return s;
}

export interface NewVersion {
  title: string;
  summary: string;
  visibility: Visibility;
  visiblePractice: string | null;
}

/**
 * Store the file and record a version (of a new document in `area`, or of `documentId`) in one transaction, with
 * its audit entry. When the record cannot be written, a file this upload created is removed again.
 */
export async function storeVersion(
  db: Database,
  store: FileStore,
  content: Buffer,
  sniffed: Sniffed,
  v: NewVersion & { area: string; documentId: number | null; userId: number | null; role: string | null },
  audit: (tx: Queryable, r: { documentId: number; version: number; sha256: string }) => Promise<unknown>,
): Promise<{ documentId: number; version: number; sha256: string; sizeBytes: number }> {
  const { sha, created } = await store.put(content);
  try {
    return await db.transaction(async (tx) => {
      const at = nowIso();
      const documentId = v.documentId ?? (await insertDocument(tx, { area: v.area, at, by: v.userId }));
      const version = await insertDocumentVersion(tx, {
        documentId,
        title: v.title,
        summary: v.summary,
        visibility: v.visibility,
        visiblePractice: v.visiblePractice,
        sha256: sha,
        sizeBytes: content.length,
        contentType: sniffed.contentType,
        extension: sniffed.extension,
        at,
        by: v.userId,
        role: v.role,
      });
      await audit(tx, { documentId, version, sha256: sha });
      return { documentId, version, sha256: sha, sizeBytes: content.length };
    });
  } catch (e) {
    // another version may share identical content stored earlier: only remove what no row names
    if (created && !(await fileInUse(db, sha))) await store.discard(sha);
    throw e;
  }
}

export interface FileReport {
  sha256: string;
  problem: FileProblem;
  versions: Array<{ documentId: number; version: number }>;
}

/** Every stored file that is missing or fails its checksum, with the document versions that name it. */
export async function verifyFiles(
  db: Queryable,
  store: FileStore,
): Promise<{ checked: number; problems: FileReport[]; leftovers: string[] }> {
  const files = await storedFiles(db);
  const problems: FileReport[] = [];
  for (const f of files) {
    const problem = await store.check(f.sha256);
    if (problem) problems.push({ sha256: f.sha256, problem, versions: f.versions });
  }
  return { checked: files.length, problems, leftovers: store.leftovers() };
}

/**
 * Raise an inbox alert (kind 'action_overdue') for each open action past its due date, about the owning
 * organisation, so that whoever's inbox covers it (its practice's users, the area's commissioner team) sees it.
 * Idempotent: an alert's key is the action and its due date. Run when an inbox is read.
 */
export async function raiseOverdueActions(db: Queryable): Promise<number> {
  const due = await overdueActions(db, today());
  let raised = 0;
  for (const a of due) {
    const added = await insertOverdueActionAlert(db, {
      key: `action_overdue:${a.id}:${a.dueOn}`,
      org: a.ownerOrg,
      message: `Action overdue (due ${a.dueOn}) for ${a.ownerRole}, ${a.ownerOrg}, from the meeting "${a.meetingTitle}": ${a.description}`,
      details: {
        actionId: a.id,
        meetingId: a.meetingId,
        area: a.areaCode,
        dueOn: a.dueOn,
        ownerUserId: a.ownerUserId,
      },
      at: nowIso(),
    });
    if (added) raised++;
  }
  return raised;
}

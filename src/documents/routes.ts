/**
 * Documents and meeting records of an area (docs/documents.md). A file is sent as the raw request body
 * (Content-Type: application/octet-stream) with its title, summary, visibility and file name in the query string;
 * its type is decided from its bytes. Every upload, download and edit is audited; nothing is changed in place.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/connect.js';
import {
  actionById,
  documentVersions,
  insertAction,
  insertActionEvent,
  insertLink,
  insertMeeting,
  insertMeetingVersion,
  linksOf,
  linkTargetOrg,
  listDocuments,
  listMeetings,
  meetingActions,
  meetingVersions,
  organisationType,
  userExists,
  type LinkKind,
  type Visibility,
} from '../db/repos/documents.js';
import { descendantsOf } from '../auth/scope.js';
import { nowIso } from '../domain/clock.js';
import { areaAccess, checkUpload, sees, storeVersion, UploadRefused, verifyFiles } from './service.js';
import type { FileStore } from './storage.js';
import { allow, paramOrg, type Viewer } from '../api/access.js';
import { AppError, badRequest, forbidden, notFound } from '../api/errors.js';
import { auditFailure } from '../api/failure-audit.js';
import { fileAnswer, route } from '../api/route.js';
import * as contract from './contract.js';

export interface DocumentOptions {
  store: FileStore;
  maxBytes: number;
}

/** The area's type is checked: documents belong to a sub-ICB location (CCG) or an ICB. */
async function requireArea(db: Queryable, code: string): Promise<void> {
  const type = await organisationType(db, code);
  if (type !== 'sub_icb' && type !== 'icb')
    throw notFound(`No area ${code}: documents and meetings belong to a sub-ICB location (CCG) or an ICB.`);
}

async function memberOrRefuse(
  db: Database,
  viewer: Viewer,
  area: string,
  action: 'documents.read' | 'documents.write',
) {
  const a = await areaAccess(db, viewer.permissions, area, action);
  if (!a.member)
    throw forbidden(
      `You are not a member of area ${area}: its documents and meetings are for its practices and commissioner team.`,
    );
  return a;
}

/** An area named in the address: it must be one (404 otherwise), and the viewer one of its members (403). */
async function areaMemberOrRefuse(
  db: Database,
  viewer: Viewer,
  area: string,
  action: 'documents.read' | 'documents.write',
) {
  await requireArea(db, area);
  return memberOrRefuse(db, viewer, area, action);
}

/** The visibility a writer may choose: practice users only for everyone or their own practice. */
async function checkVisibility(
  db: Queryable,
  a: Awaited<ReturnType<typeof areaAccess>>,
  area: string,
  visibility: Visibility,
  practice: string | undefined,
): Promise<string | null> {
  if (visibility !== 'practice') {
    if (practice) throw badRequest(`practice is only given with visibility=practice, got "${practice}"`);
    if (visibility === 'commissioners' && !a.seen.commissioner)
      throw forbidden('Only the commissioner team can share a record with the commissioner team only.');
    return null;
  }
  if (!practice) throw badRequest('visibility=practice needs practice (the practice code that may see it)');
  if (!(await descendantsOf(db, [area])).has(practice))
    throw badRequest(`practice ${practice} is not a practice of area ${area}`);
  if (!a.seen.commissioner && !a.practices.includes(practice))
    throw forbidden(`You can share a record with your own practice only, not ${practice}.`);
  return practice;
}

async function checkLinks(db: Queryable, area: string, links: Array<{ kind: LinkKind; target: string }>) {
  if (links.length === 0) return;
  const inArea = await descendantsOf(db, [area]);
  for (const [i, l] of links.entries()) {
    const org = await linkTargetOrg(db, l.kind, l.target);
    if (org === null) throw badRequest(`links.${i}: no ${l.kind.replace('_', ' ')} "${l.target}"`);
    if (org !== '' && !inArea.has(org))
      throw badRequest(`links.${i}: ${l.kind.replace('_', ' ')} "${l.target}" is not of area ${area}`);
  }
}

function fileBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body))
    throw new AppError(
      415,
      'unsupported_media_type',
      'send the file as the request body with Content-Type: application/octet-stream (title, summary and name in the query string)',
    );
  return request.body;
}

export function documentRoutes(app: FastifyInstance, db: Database, opts: DocumentOptions): void {
  const { store, maxBytes } = opts;

  /** A document the viewer may see, with its versions (404 otherwise: its existence is not confirmed). */
  async function visibleDocument(viewer: Viewer, id: number, action: 'documents.read' | 'documents.write') {
    const versions = await documentVersions(db, id);
    const latest = versions.at(-1);
    if (!latest) throw notFound(`No document ${id} that you can see.`);
    const a = await areaAccess(db, viewer.permissions, latest.areaCode, action);
    if (!a.member || !sees(a.seen, latest)) throw notFound(`No document ${id} that you can see.`);
    return { versions, latest, access: a };
  }

  async function visibleMeeting(viewer: Viewer, id: number, action: 'documents.read' | 'documents.write') {
    const versions = await meetingVersions(db, id);
    const latest = versions.at(-1);
    if (!latest) throw notFound(`No meeting ${id} that you can see.`);
    const a = await areaAccess(db, viewer.permissions, latest.areaCode, action);
    if (!a.member || !sees(a.seen, latest)) throw notFound(`No meeting ${id} that you can see.`);
    return { versions, latest, access: a };
  }

  /** Upload one version; a refused file is audited with why, and nothing is stored. */
  async function upload(
    viewer: Viewer,
    request: FastifyRequest,
    content: Buffer,
    name: string,
    v: {
      area: string;
      documentId: number | null;
      title: string;
      summary: string;
      visibility: Visibility;
      visiblePractice: string | null;
    },
  ) {
    let sniffed;
    try {
      sniffed = checkUpload(content, name, maxBytes);
    } catch (e) {
      if (!(e instanceof UploadRefused)) throw e;
      await auditFailure(
        db,
        request,
        {
          action: 'documents.upload',
          target: v.documentId ? `document:${v.documentId}` : `area:${v.area}`,
          outcome: 'refused',
          details: { name, bytes: content.length, reason: e.message },
        },
        viewer.role,
      );
      throw e.field === 'body' && content.length > maxBytes
        ? new AppError(413, 'payload_too_large', e.message)
        : badRequest(e.message, [
            { in: e.field === 'name' ? 'query parameters' : 'body', name: e.field, message: e.message },
          ]);
    }
    return storeVersion(
      db,
      store,
      content,
      sniffed,
      { ...v, userId: viewer.actor.userId, role: viewer.role },
      (tx, r) =>
        viewer.audit(
          tx,
          {
            action: 'documents.upload',
            target: `document:${r.documentId}`,
            outcome: 'success',
            details: {
              version: r.version,
              sha256: r.sha256,
              bytes: content.length,
              type: sniffed.contentType,
              area: v.area,
            },
          },
          request.ip,
        ),
    );
  }

  route(app, db, {
    method: 'GET',
    url: '/api/areas/:code/documents',
    summary:
      'An area’s documents you may see (latest version of each), searched by words (PostgreSQL full-text search)',
    tags: ['documents'],
    access: allow('documents.read', paramOrg()),
    params: contract.areaParams,
    query: contract.searchQuery,
    responses: { 200: contract.areaDocuments },
    handler: async ({ params, query, viewer }) => {
      const a = await areaMemberOrRefuse(db, viewer, params.code, 'documents.read');
      const w = await areaAccess(db, viewer.permissions, params.code, 'documents.write');
      return {
        area: params.code,
        canWrite: w.member,
        commissioner: a.seen.commissioner,
        practices: a.practices,
        maxBytes,
        documents: await listDocuments(db, params.code, a.seen, query.q || null),
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/areas/:code/documents',
    summary:
      'Share a document with the area: the file as the body (application/octet-stream), its name, title, summary and visibility in the query string',
    tags: ['documents'],
    access: allow('documents.write', paramOrg()),
    params: contract.areaParams,
    query: contract.uploadQuery,
    responses: { 201: contract.storedVersion },
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ params, query, viewer, request, reply }) => {
      const a = await areaMemberOrRefuse(db, viewer, params.code, 'documents.write');
      const visiblePractice = await checkVisibility(db, a, params.code, query.visibility, query.practice);
      const r = await upload(viewer, request, fileBody(request), query.name, {
        area: params.code,
        documentId: null,
        title: query.title,
        summary: query.summary,
        visibility: query.visibility,
        visiblePractice,
      });
      return reply.status(201).send(r);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/documents/verify',
    summary:
      'Check every stored document file against its checksum: those missing or altered, and any temporary leftovers',
    tags: ['documents'],
    access: allow('documents.verify'),
    responses: { 200: contract.fileCheck },
    handler: async ({ viewer, request }) => {
      const r = await verifyFiles(db, store);
      await viewer.audit(
        db,
        {
          action: 'documents.verify',
          target: null,
          outcome: 'success',
          details: { checked: r.checked, problems: r.problems.length },
        },
        request.ip,
      );
      return r;
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/documents/:id',
    summary: 'A document: its latest version, every earlier version and what it is linked to',
    tags: ['documents'],
    access: allow('documents.read'),
    params: contract.documentIdParams,
    responses: { 200: contract.documentPage },
    handler: async ({ params, viewer }) => {
      const d = await visibleDocument(viewer, params.id, 'documents.read');
      const w = await areaAccess(db, viewer.permissions, d.latest.areaCode, 'documents.write');
      return {
        document: d.latest,
        versions: d.versions,
        links: await linksOf(db, 'document', params.id),
        canWrite: w.member && sees(w.seen, d.latest),
        maxBytes,
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/documents/:id/versions',
    summary:
      'Add a new version of a document (the earlier ones are kept); the file as the body, as for a new document',
    tags: ['documents'],
    access: allow('documents.write'),
    params: contract.documentIdParams,
    query: contract.versionQuery,
    responses: { 201: contract.storedVersion },
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ params, query, viewer, request, reply }) => {
      const d = await visibleDocument(viewer, params.id, 'documents.write');
      const visibility = query.visibility ?? d.latest.visibility;
      const visiblePractice = await checkVisibility(
        db,
        d.access,
        d.latest.areaCode,
        visibility,
        query.practice ?? (query.visibility ? undefined : (d.latest.visiblePractice ?? undefined)),
      );
      const r = await upload(viewer, request, fileBody(request), query.name, {
        area: d.latest.areaCode,
        documentId: params.id,
        title: query.title ?? d.latest.title,
        summary: query.summary ?? d.latest.summary,
        visibility,
        visiblePractice,
      });
      return reply.status(201).send(r);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/documents/:id/versions/:version/file',
    summary:
      'Download one version of a document (its checksum is checked first: a missing or altered file is reported, never served)',
    tags: ['documents'],
    access: allow('documents.read'),
    params: contract.fileParams,
    responses: {
      200: fileAnswer('The file of that version, as it was uploaded', 'application/octet-stream'),
    },
    handler: async ({ params, viewer, request, reply }) => {
      const d = await visibleDocument(viewer, params.id, 'documents.read');
      const v = d.versions.find((x) => x.version === params.version);
      if (!v)
        throw notFound(
          `Document ${params.id} has no version ${params.version} (it has ${d.versions.length}).`,
        );
      const got = await store.read(v.sha256);
      if ('problem' in got) {
        await viewer.audit(
          db,
          {
            action: 'documents.download',
            target: `document:${params.id}`,
            outcome: 'failure',
            details: { version: v.version, sha256: v.sha256, problem: got.problem },
          },
          request.ip,
        );
        throw new AppError(
          500,
          'internal',
          got.problem === 'missing'
            ? `The file of document ${params.id} version ${v.version} is missing from the storage folder. An administrator can list every such problem (lantern documents verify) and restore it from a backup.`
            : `The file of document ${params.id} version ${v.version} has been altered on disk: it no longer matches its checksum (SHA-256 ${v.sha256}), so it is not served. An administrator can list every such problem (lantern documents verify) and restore it from a backup.`,
        );
      }
      await viewer.audit(
        db,
        {
          action: 'documents.download',
          target: `document:${params.id}`,
          outcome: 'success',
          details: { version: v.version, sha256: v.sha256 },
        },
        request.ip,
      );
      return reply
        .header('content-type', v.contentType)
        .header(
          'content-disposition',
          `attachment; filename="document-${params.id}-v${v.version}.${v.extension}"`,
        )
        .header('x-checksum-sha256', v.sha256)
        .send(got.content);
    },
  });

  for (const subject of ['document', 'meeting'] as const)
    route(app, db, {
      method: 'POST',
      url: `/api/${subject}s/:id/links`,
      summary: `Link a ${subject} to a practice, an indicator, a tier rule version or an improvement case`,
      tags: ['documents'],
      access: allow('documents.write'),
      params: contract.linkParams(subject),
      body: contract.linkBody,
      responses: { 201: contract.linkList },
      handler: async ({ params, body, viewer, request, reply }) => {
        const d =
          subject === 'document'
            ? await visibleDocument(viewer, params.id, 'documents.write')
            : await visibleMeeting(viewer, params.id, 'documents.write');
        await checkLinks(db, d.latest.areaCode, [body]);
        await viewer.audited(
          request.ip,
          {
            action: `${subject}s.link`,
            target: `${subject}:${params.id}`,
            outcome: 'success',
            details: body,
          },
          (tx) =>
            insertLink(tx, {
              subjectKind: subject,
              subjectId: params.id,
              kind: body.kind,
              target: body.target,
              at: nowIso(),
              by: viewer.actor.userId,
            }),
        );
        return reply.status(201).send({ links: await linksOf(db, subject, params.id) });
      },
    });

  route(app, db, {
    method: 'GET',
    url: '/api/areas/:code/meetings',
    summary:
      'An area’s meeting records you may see (latest version of each), searched by words in the title, agenda, minutes and decisions',
    tags: ['documents'],
    access: allow('documents.read', paramOrg()),
    params: contract.areaParams,
    query: contract.searchQuery,
    responses: { 200: contract.areaMeetings },
    handler: async ({ params, query, viewer }) => {
      const a = await areaMemberOrRefuse(db, viewer, params.code, 'documents.read');
      const w = await areaAccess(db, viewer.permissions, params.code, 'documents.write');
      return {
        area: params.code,
        canWrite: w.member,
        meetings: await listMeetings(db, params.code, a.seen, query.q || null),
      };
    },
  });

  /** Write a meeting version, its new actions and links, and the audit entry, in one transaction. */
  async function saveMeeting(
    viewer: Viewer,
    ip: string,
    area: string,
    meetingId: number | null,
    body: contract.MeetingBody,
    visiblePractice: string | null,
  ) {
    const inArea = await descendantsOf(db, [area]);
    for (const [i, a] of body.actions.entries())
      if (!inArea.has(a.ownerOrg))
        throw badRequest(
          `actions.${i}.ownerOrg: ${a.ownerOrg} is not the area ${area} or one of its organisations`,
        );
    await checkLinks(db, area, body.links);
    for (const [i, a] of body.actions.entries())
      if (a.ownerUserId !== undefined && !(await userExists(db, a.ownerUserId)))
        throw badRequest(`actions.${i}.ownerUserId: no user ${a.ownerUserId}`);
    return db.transaction(async (tx) => {
      const at = nowIso();
      const by = viewer.actor.userId;
      const id = meetingId ?? (await insertMeeting(tx, { area, at, by }));
      const version = await insertMeetingVersion(tx, {
        meetingId: id,
        title: body.title,
        heldOn: body.heldOn,
        attendees: body.attendees,
        agenda: body.agenda,
        minutes: body.minutes,
        decisions: body.decisions,
        visibility: body.visibility,
        visiblePractice,
        at,
        by,
        role: viewer.role,
      });
      for (const a of body.actions)
        await insertAction(tx, { meetingId: id, ...a, ownerUserId: a.ownerUserId ?? null, at, by });
      for (const l of body.links)
        await insertLink(tx, {
          subjectKind: 'meeting',
          subjectId: id,
          kind: l.kind,
          target: l.target,
          at,
          by,
        });
      await viewer.audit(
        tx,
        {
          action: meetingId ? 'meetings.edit' : 'meetings.record',
          target: `meeting:${id}`,
          outcome: 'success',
          details: { version, area, actions: body.actions.length, decisions: body.decisions.length },
        },
        ip,
      );
      return { meetingId: id, version };
    });
  }

  route(app, db, {
    method: 'POST',
    url: '/api/areas/:code/meetings',
    summary:
      'Record a meeting: date, attendees by role, agenda, minutes, decisions and actions (owner, due date)',
    tags: ['documents'],
    access: allow('documents.write', paramOrg()),
    params: contract.areaParams,
    body: contract.meetingBody,
    responses: { 201: contract.savedMeeting },
    handler: async ({ params, body, viewer, request, reply }) => {
      const a = await areaMemberOrRefuse(db, viewer, params.code, 'documents.write');
      const vp = await checkVisibility(db, a, params.code, body.visibility, body.practice);
      return reply.status(201).send(await saveMeeting(viewer, request.ip, params.code, null, body, vp));
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/meetings/:id',
    summary:
      'A meeting record: its latest version, earlier versions, actions with their status history, and links',
    tags: ['documents'],
    access: allow('documents.read'),
    params: contract.meetingIdParams,
    responses: { 200: contract.meetingPage },
    handler: async ({ params, viewer }) => {
      const m = await visibleMeeting(viewer, params.id, 'documents.read');
      const w = await areaAccess(db, viewer.permissions, m.latest.areaCode, 'documents.write');
      return {
        meeting: m.latest,
        versions: m.versions,
        actions: await meetingActions(db, params.id),
        links: await linksOf(db, 'meeting', params.id),
        canWrite: w.member && sees(w.seen, m.latest),
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/meetings/:id/versions',
    summary:
      'Edit a meeting record: a new version (the earlier ones are kept), with any new actions and links',
    tags: ['documents'],
    access: allow('documents.write'),
    params: contract.meetingIdParams,
    body: contract.meetingBody,
    responses: { 201: contract.savedMeeting },
    handler: async ({ params, body, viewer, request, reply }) => {
      const m = await visibleMeeting(viewer, params.id, 'documents.write');
      const vp = await checkVisibility(db, m.access, m.latest.areaCode, body.visibility, body.practice);
      return reply
        .status(201)
        .send(await saveMeeting(viewer, request.ip, m.latest.areaCode, params.id, body, vp));
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/meeting-actions/:id/status',
    summary:
      'Change an action’s status (open, done or cancelled) with a note: an event is added, nothing is overwritten',
    tags: ['documents'],
    access: allow('documents.write'),
    params: contract.actionIdParams,
    body: contract.actionStatusBody,
    responses: { 200: contract.meetingAction },
    handler: async ({ params, body, viewer, request }) => {
      const action = await actionById(db, params.id);
      if (!action) throw notFound(`No action ${params.id} that you can see.`);
      await visibleMeeting(viewer, action.meetingId, 'documents.write').catch(() => {
        throw notFound(`No action ${params.id} that you can see.`);
      });
      if (action.status === body.status) throw badRequest(`action ${params.id} is already ${body.status}`);
      await viewer.audited(
        request.ip,
        {
          action: 'meetings.action_status',
          target: `meeting_action:${params.id}`,
          outcome: 'success',
          details: { from: action.status, to: body.status },
        },
        (tx) =>
          insertActionEvent(tx, {
            actionId: params.id,
            status: body.status,
            note: body.note,
            at: nowIso(),
            by: viewer.actor.userId,
            role: viewer.role,
          }),
      );
      const after = await actionById(db, params.id);
      if (!after) throw notFound(`No action ${params.id} that you can see.`);
      return after;
    },
  });
}

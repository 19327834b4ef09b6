/** Administration: accounts and grants, and the audit trail (search, export, verify). */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { searchAudit, verifyAudit } from '../audit.js';
import { endAllSessions } from '../sessions.js';
import { AccountError, addGrant, createLocalUser, listUsers, revokeGrant } from '../users.js';
import { nowIso } from '../../domain/clock.js';
import { FormatQuery, sendTable, XLSX_TYPE } from '../../exports/send.js';
import type { ExportColumn, ExportTable } from '../../exports/table.js';
import { ADMIN, allow } from '../../api/access.js';
import { badRequest, notFound } from '../../api/errors.js';
import { fileAnswer, route } from '../../api/route.js';
import { userExists } from '../../db/repos/accounts.js';
import {
  auditEntries,
  auditFilter,
  auditSearchQuery,
  auditVerification,
  grantAdded,
  grantBody,
  grantRevoked,
  newUserBody,
  userCreated,
  userIdParams,
  userList,
} from '../contract.js';

const accountError = (e: unknown) =>
  e instanceof AccountError ? badRequest(e.message, [{ in: 'body', name: e.field, message: e.message }]) : e;

export function adminRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/admin/users',
    summary: 'Every account with its grants',
    tags: ['admin'],
    access: ADMIN,
    responses: { 200: userList },
    handler: async () => ({ users: await listUsers(db) }),
  });
  route(app, db, {
    method: 'POST',
    url: '/api/admin/users',
    summary: 'Create a local account with one grant',
    tags: ['admin'],
    access: ADMIN,
    body: newUserBody,
    responses: { 201: userCreated },
    handler: async ({ body, viewer, request, reply }) => {
      const user = await db
        .transaction(async (tx) => {
          const u = await createLocalUser(tx, body);
          const g = await addGrant(tx, u.id, body.role, body.org);
          await viewer.audit(
            tx,
            {
              action: 'users.add',
              target: `user:${u.id}`,
              outcome: 'success',
              details: { email: u.email, grant: `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}` },
            },
            request.ip,
          );
          return u;
        })
        .catch((e: unknown) => {
          throw accountError(e);
        });
      return reply.status(201).send({ user });
    },
  });
  route(app, db, {
    method: 'POST',
    url: '/api/admin/users/:id/grants',
    summary: 'Grant a role over an organisation',
    tags: ['admin'],
    access: ADMIN,
    params: userIdParams,
    body: grantBody,
    responses: { 201: grantAdded },
    handler: async ({ params, body, viewer, request, reply }) => {
      const grant = await db
        .transaction(async (tx) => {
          if (!(await userExists(tx, params.id))) throw notFound(`No user ${params.id}`);
          const g = await addGrant(tx, params.id, body.role, body.org);
          await viewer.audit(
            tx,
            {
              action: 'users.grant',
              target: `user:${params.id}`,
              outcome: 'success',
              details: { role: g.role, org: g.orgCode },
            },
            request.ip,
          );
          return g;
        })
        .catch((e: unknown) => {
          throw accountError(e);
        });
      return reply.status(201).send({ grant });
    },
  });
  route(app, db, {
    method: 'POST',
    url: '/api/admin/users/:id/revoke',
    summary: "Revoke a role over an organisation (the user's sessions end, so it takes effect at once)",
    tags: ['admin'],
    access: ADMIN,
    params: userIdParams,
    body: grantBody,
    responses: { 200: grantRevoked },
    handler: async ({ params, body, viewer, request }) =>
      db.transaction(async (tx) => {
        if (!(await revokeGrant(tx, params.id, body.role, body.org)))
          throw notFound(`User ${params.id} has no ${body.role} grant${body.org ? ` over ${body.org}` : ''}`);
        const ended = await endAllSessions(tx, params.id);
        await viewer.audit(
          tx,
          {
            action: 'users.revoke',
            target: `user:${params.id}`,
            outcome: 'success',
            details: { role: body.role, org: body.org, sessionsEnded: ended },
          },
          request.ip,
        );
        return { revoked: { role: body.role, org: body.org }, sessionsEnded: ended };
      }),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/audit',
    summary: 'Search the audit trail, newest first',
    tags: ['admin'],
    access: allow('admin.audit'),
    query: auditSearchQuery,
    responses: { 200: auditEntries },
    handler: async ({ query }) => ({ entries: await searchAudit(db, query) }),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/audit/export',
    summary:
      'Export the (filtered) audit trail as CSV or Excel (format=csv|xlsx); the export is itself audited',
    tags: ['admin'],
    access: allow('admin.audit'),
    query: auditFilter.extend({ format: FormatQuery }),
    responses: { 200: fileAnswer('The audit trail as CSV or Excel', 'text/csv', XLSX_TYPE) },
    rateLimit: { max: 5, timeWindow: '1 minute' },
    handler: async ({ query, viewer, request, reply }) => {
      const rows = await searchAudit(db, { ...query, limit: 1_000_000 });
      await viewer.audit(
        db,
        {
          action: 'audit.export',
          target: 'audit_log',
          outcome: 'success',
          details: { rows: rows.length, filter: query },
        },
        request.ip,
      );
      // the same columns as ever; a text cell a spreadsheet would run as a formula is neutralised (src/exports)
      const text = (v: unknown) =>
        v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
      const t = (header: string, width = 16): ExportColumn => ({ header, type: 'text', width });
      const table: ExportTable = {
        name: 'lantern-audit',
        columns: [
          { header: 'seq', type: 'integer' },
          t('at', 30),
          t('actor', 30),
          t('role'),
          t('action', 24),
          t('target', 24),
          t('outcome', 10),
          t('details', 40),
          t('ip'),
          t('prev_hash', 66),
          t('hash', 66),
        ],
        rows: rows.map((r) => [
          r.seq,
          r.at,
          r.actor,
          text(r.role),
          r.action,
          text(r.target),
          r.outcome,
          text(r.details),
          text(r.ip),
          r.prevHash,
          r.hash,
        ]),
        notes: {
          title: 'Lantern audit trail',
          sources: ['Lantern’s audit trail: append-only, each entry chained to the one before by its hash'],
          loads: [],
          filters: Object.entries(query)
            .filter(([k, v]) => k !== 'format' && v !== undefined)
            .map(([k, v]) => `${k}: ${String(v)}`),
          suppression: 'None: the audit trail is for administrators.',
          generatedAt: nowIso(),
        },
      };
      return sendTable(reply, table, query.format);
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Check the audit chain: every entry present, in order and unaltered',
    tags: ['admin'],
    access: allow('admin.audit'),
    responses: { 200: auditVerification },
    handler: async () => verifyAudit(db),
  });
}

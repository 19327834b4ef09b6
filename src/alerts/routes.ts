/** The alerts inbox: tier changes, 99.8% limit crossings and CUSUM signals for the practices a user's grants cover. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { inbox, inboxPage, markRead } from './service.js';
import { allow, type Viewer } from '../api/access.js';
import { route } from '../api/route.js';
import { raiseOverdueActions } from '../documents/service.js';
import { inboxAnswer, inboxQuery, markReadBody, markedRead } from './contract.js';

/** The practices the viewer's inbox covers (null: every practice, for an administrator). */
async function practicesOf(viewer: Viewer): Promise<string[] | null> {
  const covered = await viewer.permissions.organisationsFor('alerts.read');
  return covered && [...covered];
}

export function alertRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/alerts',
    summary:
      'Your inbox: tier changes, 99.8% limit crossings and CUSUM signals for the practices you cover, newest first; filtered by kind, practice, indicator and read or unread, a page at a time',
    tags: ['alerts'],
    access: allow('alerts.read'),
    query: inboxQuery,
    responses: { 200: inboxAnswer },
    handler: async ({ viewer, query }) => {
      // overdue meeting actions are raised as they are seen (idempotent): their owners find them here
      await raiseOverdueActions(db);
      return inboxPage(db, viewer.actor.userId!, await practicesOf(viewer), query);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/alerts/read',
    summary: 'Mark alerts in your inbox as read',
    tags: ['alerts'],
    access: allow('alerts.read'),
    body: markReadBody,
    responses: { 200: markedRead },
    handler: async ({ body, viewer }) => {
      const mine = new Set(
        (await inbox(db, viewer.actor.userId!, await practicesOf(viewer), 10_000)).map((a) => a.id),
      );
      const ids = body.ids.filter((id) => mine.has(id));
      await markRead(db, viewer.actor.userId!, ids);
      return { marked: ids.length };
    },
  });
}

/** The alerts inbox: tier changes and 99.8% limit crossings for the practices a user's grants cover. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { inbox, markRead } from '../../alerts/service.js';
import { allow, type Viewer } from '../access.js';
import { route } from '../route.js';
import { idField } from '../params.js';

/** The practices the viewer's inbox covers (null: every practice, for an administrator). */
async function practicesOf(viewer: Viewer): Promise<string[] | null> {
  const covered = await viewer.permissions.organisationsFor('alerts.read');
  return covered && [...covered];
}

export function alertRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/alerts',
    summary: 'Your inbox: tier changes and 99.8% limit crossings for the practices you cover, newest first',
    tags: ['alerts'],
    access: allow('alerts.read'),
    handler: async ({ viewer }) => {
      const alerts = await inbox(db, viewer.actor.userId!, await practicesOf(viewer));
      return { unread: alerts.filter((a) => !a.read).length, alerts };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/alerts/read',
    summary: 'Mark alerts in your inbox as read',
    tags: ['alerts'],
    access: allow('alerts.read'),
    body: z.object({ ids: z.array(idField('an alert number')).min(1).max(500) }),
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

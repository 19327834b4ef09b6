/** Your choice of email about your inbox: an email for each new alert, a weekly digest, or none (the default). */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { emailPreference, setEmailPreference } from '../db/repos/email.js';
import { nowIso } from '../domain/clock.js';
import { allow } from '../api/access.js';
import { route } from '../api/route.js';
import { emailPreferenceBody, emailPreferenceView } from './contract.js';

export function emailRoutes(app: FastifyInstance, db: Database, opts: { enabled: boolean }): void {
  route(app, db, {
    method: 'GET',
    url: '/api/alerts/email',
    summary:
      'Your choice of email about your inbox (off, immediate or weekly), and whether this server sends email',
    tags: ['alerts'],
    access: allow('alerts.read'),
    responses: { 200: emailPreferenceView },
    handler: async ({ viewer }) => ({
      mode: await emailPreference(db, viewer.actor.userId!),
      enabled: opts.enabled,
    }),
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/alerts/email',
    summary:
      'Choose email about your inbox: off (none), immediate (an email for each new alert) or weekly (a digest of the week’s unread alerts)',
    tags: ['alerts'],
    access: allow('alerts.read'),
    body: emailPreferenceBody,
    responses: { 200: emailPreferenceView },
    handler: async ({ body, viewer, request }) => {
      const userId = viewer.actor.userId!;
      await viewer.audited(
        request.ip,
        (was: string) => ({
          action: 'account.email_preference',
          target: `user:${userId}`,
          outcome: 'success',
          details: { from: was, to: body.mode },
        }),
        (tx) => setEmailPreference(tx, userId, body.mode, nowIso()),
      );
      return { mode: body.mode, enabled: opts.enabled };
    },
  });
}

/** Your choice of email about your inbox: an email for each new alert, a weekly digest, or none (the default). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { EMAIL_MODES, emailPreference, setEmailPreference } from '../../db/repos/email.js';
import { nowIso } from '../../domain/clock.js';
import { allow } from '../access.js';
import { route } from '../route.js';

export interface EmailPreferenceView {
  mode: (typeof EMAIL_MODES)[number];
  /** whether this server sends email (an SMTP relay is configured); the choice is kept either way */
  enabled: boolean;
}

export function emailRoutes(app: FastifyInstance, db: Database, opts: { enabled: boolean }): void {
  route(app, db, {
    method: 'GET',
    url: '/api/alerts/email',
    summary:
      'Your choice of email about your inbox (off, immediate or weekly), and whether this server sends email',
    tags: ['alerts'],
    access: allow('alerts.read'),
    handler: async ({ viewer }): Promise<EmailPreferenceView> => ({
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
    body: z.object({ mode: z.enum(EMAIL_MODES) }).strict(),
    handler: async ({ body, viewer, request }): Promise<EmailPreferenceView> => {
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

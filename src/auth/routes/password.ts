/** A signed-in user changes their own password: the current one again, and a new one checked as at creation. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { endOtherSessions } from '../sessions.js';
import { AccountError, checkOwnPassword, setPassword } from '../users.js';
import { SIGNED_IN } from '../../api/access.js';
import { badRequest, conflict, unauthenticated } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { passwordChangeBody, passwordChanged } from '../contract.js';

const field = (name: string, message: string) => badRequest(message, [{ in: 'body', name, message }]);

export function passwordRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/auth/password',
    summary:
      'Change your own password: the current one and a new one (at least 12 characters, not guessable); your other sessions end',
    tags: ['auth'],
    access: SIGNED_IN,
    body: passwordChangeBody,
    responses: { 200: passwordChanged },
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: async ({ body, viewer, request }) => {
      const p = request.principal;
      if (p.kind !== 'user') throw unauthenticated();
      const target = `user:${p.user.id}`;
      const current = await checkOwnPassword(db, p.user.id, body.currentPassword);
      if (current !== 'ok') {
        await viewer.audit(
          db,
          { action: 'auth.password_change', target, outcome: 'failure', details: { reason: current } },
          request.ip,
        );
        if (current === 'no_password')
          throw conflict(
            'You sign in with your identity provider, so Lantern keeps no password for you: change it there.',
          );
        throw field(
          'currentPassword',
          current === 'locked'
            ? 'After several wrong attempts your account is locked for a while; try again later.'
            : 'That is not your current password.',
        );
      }
      if (body.newPassword === body.currentPassword)
        throw field('newPassword', 'The new password is the same as the current one; choose another.');
      const ended = await viewer
        .audited(
          request.ip,
          (n: number) => ({
            action: 'auth.password_change',
            target,
            outcome: 'success',
            details: { otherSessionsEnded: n },
          }),
          async (tx) => {
            await setPassword(tx, p.user.id, body.newPassword);
            return endOtherSessions(tx, p.user.id, p.session.id);
          },
        )
        .catch((e: unknown) => {
          throw e instanceof AccountError ? field('newPassword', `The new password: ${e.message}.`) : e;
        });
      return { changed: true as const, otherSessionsEnded: ended };
    },
  });
}

/** Administration of one account: reset its password, disable or enable it. Each ends its sessions as needed. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { userExists } from '../../db/repos/accounts.js';
import { endAllSessions } from '../sessions.js';
import { AccountError, setDisabled, setPassword, type User } from '../users.js';
import { ADMIN } from '../../api/access.js';
import { badRequest, conflict, notFound } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { accountSwitched, passwordReset, passwordResetBody, userIdParams } from '../contract.js';

export function adminAccountRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/admin/users/:id/password',
    summary:
      "Reset a local account's password (checked for strength as at creation); its lock-out clears and its sessions end",
    tags: ['admin'],
    access: ADMIN,
    params: userIdParams,
    body: passwordResetBody,
    responses: { 200: passwordReset },
    handler: async ({ params, body, viewer, request }) =>
      viewer
        .audited(
          request.ip,
          (r: { sessionsEnded: number }) => ({
            action: 'users.password_reset',
            target: `user:${params.id}`,
            outcome: 'success',
            details: { sessionsEnded: r.sessionsEnded },
          }),
          async (tx) => {
            if (!(await userExists(tx, params.id))) throw notFound(`No user ${params.id}`);
            const user = await setPassword(tx, params.id, body.password);
            return {
              user: { id: user.id, email: user.email },
              sessionsEnded: await endAllSessions(tx, params.id),
            };
          },
        )
        .catch((e: unknown) => {
          throw e instanceof AccountError
            ? badRequest(e.message, [{ in: 'body', name: 'password', message: e.message }])
            : e;
        }),
  });
  for (const disabled of [true, false])
    route(app, db, {
      method: 'POST',
      url: `/api/admin/users/:id/${disabled ? 'disable' : 'enable'}`,
      summary: disabled
        ? 'Disable an account: it cannot sign in (by password or identity provider) and its sessions end'
        : 'Enable a disabled account again',
      tags: ['admin'],
      access: ADMIN,
      params: userIdParams,
      responses: { 200: accountSwitched },
      handler: async ({ params, viewer, request }) => {
        if (disabled && request.principal.kind === 'user' && request.principal.user.id === params.id)
          throw conflict('You cannot disable your own account; ask another administrator.');
        return viewer.audited(
          request.ip,
          (r: { sessionsEnded: number }) => ({
            action: disabled ? 'users.disable' : 'users.enable',
            target: `user:${params.id}`,
            outcome: 'success',
            details: disabled ? { sessionsEnded: r.sessionsEnded } : {},
          }),
          async (tx) => {
            const user: User | null = await setDisabled(tx, params.id, disabled);
            if (!user) throw notFound(`No user ${params.id}`);
            return { user, sessionsEnded: disabled ? await endAllSessions(tx, params.id) : 0 };
          },
        );
      },
    });
}

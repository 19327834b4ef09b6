/** Administration of one account: reset its password, disable or enable it. Each ends its sessions as needed. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database, Queryable } from '../../db/connect.js';
import { endAllSessions } from '../../auth/sessions.js';
import { AccountError, setDisabled, setPassword, type User } from '../../auth/users.js';
import { ADMIN } from '../access.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { route } from '../route.js';

const UserId = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

async function userOrNotFound(db: Queryable, id: number): Promise<void> {
  if (!(await db.query('SELECT 1 FROM users WHERE id = $1', [id])).length) throw notFound(`No user ${id}`);
}

export function adminAccountRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/admin/users/:id/password',
    summary:
      "Reset a local account's password (checked for strength as at creation); its lock-out clears and its sessions end",
    tags: ['admin'],
    access: ADMIN,
    params: UserId,
    body: z.object({ password: z.string().max(1024) }),
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
            await userOrNotFound(tx, params.id);
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
      params: UserId,
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

import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { storeCounts } from '../../db/repos/loads.js';
import { appliedMigrations, shippedMigrations } from '../../db/repos/health.js';
import { z } from 'zod';
import { route } from '../route.js';
import { PUBLIC } from '../access.js';
import { AppError, problem } from '../errors.js';

/** How long the readiness check waits for the database before saying it is not ready. */
export const READY_TIMEOUT_MS = 2000;

/** Why the store is not ready to serve, or null when it is (it answers and has every shipped migration). */
async function notReadyBecause(db: Database): Promise<string | null> {
  const shipped = shippedMigrations();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS);
  });
  try {
    const applied = await Promise.race([appliedMigrations(db), timeout]);
    if (applied === 'timeout') return `the database did not answer within ${READY_TIMEOUT_MS / 1000} s`;
    if (!applied)
      return `the database has no migrations applied (expected ${shipped.count}, up to ${shipped.tag})`;
    if (applied.newest === null || applied.newest < shipped.newest)
      return `the database has ${applied.applied} migrations applied; this version needs ${shipped.count}, up to ${shipped.tag}`;
    return null;
  } catch (e) {
    return `the database did not answer: ${(e as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(
  app: FastifyInstance,
  db: Database,
  info: { syntheticData: boolean; demo: boolean },
): void {
  route(app, db, {
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness and what the store holds',
    tags: ['system'],
    access: PUBLIC,
    responses: {
      200: z.object({
        status: z.literal('ok'),
        database: z.enum(['pglite', 'postgres']),
        demo: z.boolean(),
        syntheticData: z.boolean(),
        organisations: z.number().int(),
        loads: z.number().int(),
        values: z.number().int(),
      }),
    },
    handler: async () => ({
      status: 'ok' as const,
      database: db.kind,
      demo: info.demo,
      syntheticData: info.syntheticData,
      ...(await storeCounts(db)),
    }),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/health/live',
    summary: 'The process is up and answering (asks nothing of the database): for a liveness probe',
    tags: ['system'],
    access: PUBLIC,
    responses: { 200: z.object({ status: z.literal('ok') }) },
    handler: async () => ({ status: 'ok' as const }),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/health/ready',
    summary:
      'Ready to serve: the database answers and has every migration this version ships; otherwise 503 with the reason (a problem document). For a readiness probe or a container health check',
    tags: ['system'],
    access: PUBLIC,
    responses: { 200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }) },
    handler: async ({ request, reply }) => {
      const reason = await notReadyBecause(db);
      if (reason === null) return { status: 'ready' as const, database: db.kind };
      // answered here, not thrown: a store that is not ready is not a server failure to log and audit at each probe
      return reply
        .status(503)
        .type('application/problem+json')
        .send(problem(new AppError(503, 'unavailable', `Not ready: ${reason}.`), request.url, request.id));
    },
  });
}

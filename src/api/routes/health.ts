import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { storeCounts } from '../../db/repos/loads.js';
import { z } from 'zod';
import { route } from '../route.js';
import { PUBLIC } from '../access.js';

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
}

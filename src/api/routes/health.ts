import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { listLoads, storeCounts } from '../../db/repos/loads.js';
import { route } from '../route.js';
import { z } from 'zod';

export function healthRoutes(app: FastifyInstance, db: Database, info: { demo: boolean }): void {
  route(app, {
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness and what the store holds',
    tags: ['system'],
    handler: async () => ({ status: 'ok', database: db.kind, demo: info.demo, ...(await storeCounts(db)) }),
  });
  route(app, {
    method: 'GET',
    url: '/api/loads',
    summary: 'Recent data loads with their counts and warnings',
    tags: ['data'],
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    handler: async ({ query }) => listLoads(db, query.limit),
  });
}

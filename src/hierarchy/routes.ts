/** The top of the organisation tree, from which the rest is browsed. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { topLevel } from '../db/repos/organisations.js';
import { today } from '../domain/clock.js';
import { route } from '../api/route.js';
import { PUBLIC } from '../api/access.js';
import { AtDateQuery, hierarchyAnswer } from '../organisations/contract.js';

export function hierarchyRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/hierarchy',
    summary: 'Top of the organisation tree (regions) as at a date',
    tags: ['organisations'],
    access: PUBLIC,
    query: AtDateQuery,
    responses: { 200: hierarchyAnswer },
    handler: async ({ query }) => {
      const at = query.at ?? today();
      return { at, regions: await topLevel(db, at) };
    },
  });
}

/** The indicator catalogue. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { listIndicators } from '../../db/repos/indicators.js';
import { route } from '../../api/route.js';
import { PUBLIC } from '../../api/access.js';
import { indicatorCatalogue } from '../contract.js';
import { funnelTypeFor, MIN_FUNNEL_PRACTICES, noFunnelReason } from '../../variation/funnel.js';

export function indicatorRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/indicators',
    summary: 'The indicator catalogue: definitions, coverage and periods',
    tags: ['indicators'],
    access: PUBLIC,
    responses: { 200: indicatorCatalogue },
    handler: async () => ({
      indicators: (await listIndicators(db)).map((d) => ({
        ...d,
        comparison: funnelTypeFor(d),
        noFunnel: noFunnelReason(d),
      })),
      minFunnelPractices: MIN_FUNNEL_PRACTICES,
    }),
  });
}

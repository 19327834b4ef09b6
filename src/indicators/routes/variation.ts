/** An indicator across practices: its funnel plot and its deciles over time. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { route } from '../../api/route.js';
import { sendStoredAnswer } from '../../api/stored-answer.js';
import { PUBLIC } from '../../api/access.js';
import {
  decilesAnswer,
  DecilesQuery,
  funnelAnswer,
  funnelPointsAnswer,
  FunnelQuery,
  FunnelTableQuery,
  IndicatorCodeParams,
} from '../../variation/contract.js';
import { checkedFunnel, checkedFunnelPoints, decilesView } from '../../variation/views.js';

export function indicatorVariationRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/funnel',
    summary:
      'Funnel plot for one indicator and period (by default the newest with counts for at least 3 practices; `periods` lists those, newest first): every practice with its expected value, z-scores, limits at its precision and flags. A figure that is not a finite number (z = −∞ for a count of 0 on a rate or ratio funnel) is null, and the row’s `not_computed` says why. A period without enough counts answers 400 with the `periods` that have them. `sort`, `order` and `limit` give a table’s rows (the page asks for 300); `practices` counts them all',
    tags: ['variation'],
    access: PUBLIC,
    params: IndicatorCodeParams,
    query: FunnelTableQuery,
    responses: { 200: funnelAnswer },
    handler: async ({ params, query, viewer, request, reply }) => {
      const funnel = await checkedFunnel(db, viewer, params.code, query);
      return sendStoredAnswer({ request, reply }, db, funnel.key, funnel.answer);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/funnel/points',
    summary:
      'The funnel’s practices as its plot draws them, in columns (the i-th of each is one practice): code, name, denominator, value (both to 6 significant figures), flags and why any figure is not computed. The funnel route’s query, its answers and refusals; the funnel route has every figure in full',
    tags: ['variation'],
    access: PUBLIC,
    params: IndicatorCodeParams,
    query: FunnelQuery,
    responses: { 200: funnelPointsAnswer },
    handler: async ({ params, query, viewer, request, reply }) => {
      const points = await checkedFunnelPoints(db, viewer, params.code, query);
      return sendStoredAnswer({ request, reply }, db, points.key, points.answer);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/deciles',
    summary:
      'The spread of practices’ values over time: deciles per period across England, or across an area’s practices as it was then (periods with at least 10 practices)',
    tags: ['variation'],
    access: PUBLIC,
    params: IndicatorCodeParams,
    query: DecilesQuery,
    responses: { 200: decilesAnswer },
    handler: async ({ params, query }) => decilesView(db, params.code, query),
  });
}

/** Themes across providers: concerns per provider, category and service, with the signals behind them. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { allow } from '../api/access.js';
import { route } from '../api/route.js';
import { themesView } from './themes-view.js';
import { concernThemes } from './themes-contract.js';

export function concernThemeRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/concerns/themes',
    summary:
      'Themes: concerns per provider × category × service over the last 30, 90 and 365 days, with the signals behind them',
    tags: ['concerns'],
    access: allow('concerns.themes'),
    responses: { 200: concernThemes },
    handler: async ({ viewer }) => themesView(db, viewer),
  });
}

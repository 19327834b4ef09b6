/** Providers side by side for a service, for choosing where to refer. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { allow } from '../api/access.js';
import { route } from '../api/route.js';
import { referralChoice, ReferralQuery } from './contract.js';
import { referralChoiceView } from './view.js';

export function referralChoiceRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/referral-choice',
    summary:
      'Providers side by side for a service: waits, A&E, cancer and diagnostics, and concern rates, with intervals',
    tags: ['providers'],
    access: allow('referral_choice.read'),
    query: ReferralQuery,
    responses: { 200: referralChoice },
    handler: async ({ query, viewer }) => referralChoiceView(db, viewer, query),
  });
}

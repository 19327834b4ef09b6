/**
 * The public view, for patients and the public, without signing in: published figures only. These routes answer the
 * same to everyone, signed in or not (no local figure, tier, concern, improvement case, context note or population
 * figure, whoever asks), so what a member of the public sees is exactly what is published.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { findOrganisation, searchOrganisations } from '../db/repos/organisations.js';
import { ORG_TYPE_LABEL } from '../domain/organisations.js';
import { publicHospitalsView, publicPracticeView } from './views.js';
import { notFound } from '../api/errors.js';
import { route } from '../api/route.js';
import { PUBLIC } from '../api/access.js';
import { OrgCode } from '../api/params.js';
import {
  publicHospitals,
  PublicHospitalsQuery,
  publicPractice,
  publicPracticeSearch,
  PublicPracticeSearchQuery,
} from './contract.js';

const ABOUT =
  'Published open data only. Each figure is shown with its 95% confidence interval (the range the true figure is likely to be in, given chance) and compared with England.';

export function publicRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/public/practices',
    summary: 'Public view: find a GP practice by name or ODS code',
    tags: ['public'],
    access: PUBLIC,
    query: PublicPracticeSearchQuery,
    responses: { 200: publicPracticeSearch },
    handler: async ({ query }) => ({
      results: (await searchOrganisations(db, query.q, 'practice', query.limit)).map((o) => ({
        code: o.code,
        name: o.name,
        postcode: o.postcode,
        open: o.status === 'active',
      })),
    }),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/public/practices/:code',
    summary:
      'Public view: a GP practice’s latest published figures, each with its 95% interval, the England and area figures and what the comparison means',
    tags: ['public'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: publicPractice },
    handler: async ({ params }) => {
      const org = await findOrganisation(db, params.code);
      if (!org)
        throw notFound(
          `No GP practice has the code ${params.code}. Find a practice by its name or ODS code at /public.`,
        );
      if (org.type !== 'practice')
        throw notFound(
          `${org.code} is not a GP practice: it is listed as “${ORG_TYPE_LABEL[org.type] ?? org.type}”. Find a practice by its name or ODS code at /public${org.type === 'trust' ? ', or compare hospitals at /public/hospitals' : ''}.`,
        );
      return {
        ...(await publicPracticeView(db, org)),
        open: org.status === 'active',
        about: ABOUT,
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/public/hospitals',
    summary:
      'Public view: hospital trusts side by side on published waiting times and A&E (the referral-choice comparison without concern counts)',
    tags: ['public'],
    access: PUBLIC,
    query: PublicHospitalsQuery,
    responses: { 200: publicHospitals },
    handler: async ({ query }) => {
      const matching = query.q.trim()
        ? (await searchOrganisations(db, query.q, 'trust', 250)).map((o) => o.code)
        : null;
      const view = await publicHospitalsView(db, matching);
      return {
        ...view,
        total: view.hospitals.length,
        hospitals: view.hospitals.slice(0, query.limit),
        about:
          'Trust-wide figures for the whole hospital trust, not broken down by specialty; each is compared with the middle trust in England (the median).',
      };
    },
  });
}

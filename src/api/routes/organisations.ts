import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import {
  childrenAt,
  findOrganisation,
  linkHistory,
  parentsAt,
  searchOrganisations,
  topLevel,
} from '../../db/repos/organisations.js';
import { populationOf } from '../../db/repos/populations.js';
import { ORG_TYPES, ORG_TYPE_LABEL } from '../../domain/organisations.js';
import { isValidIsoDate } from '../../domain/periods.js';
import { today } from '../../domain/clock.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../route.js';
import { PUBLIC } from '../access.js';

export const OrgCode = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code (3 to 9 letters and digits)'),
});
/** A calendar date in a query or body, as YYYY-MM-DD. */
export const IsoDate = z.string().refine(isValidIsoDate, 'must be a date as YYYY-MM-DD');
const AtDate = z.object({ at: IsoDate.optional() });

export async function requireOrganisation(db: Database, code: string) {
  const org = await findOrganisation(db, code);
  if (!org)
    throw notFound(
      `No organisation has the code ${code}. Search by name, code or postcode at /api/organisations?q=…`,
    );
  return org;
}

/** A GP practice, or 404 (unknown code) or 400 naming what the organisation is and what the route is for. */
export async function requirePractice(db: Database, code: string, forWhat: string) {
  const org = await requireOrganisation(db, code);
  if (org.type !== 'practice') throw badRequest(`${org.code} is a ${org.type}; ${forWhat}`);
  return org;
}

/** A CCG (sub-ICB location) or an ICB: the areas that funnels, deciles and groups are drawn for. */
export async function requireArea(db: Database, code: string) {
  const area = await requireOrganisation(db, code);
  if (!['sub_icb', 'icb'].includes(area.type))
    throw badRequest(`area must be a CCG (sub-ICB location) or an ICB; ${area.code} is a ${area.type}`);
  return area;
}

export function organisationRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/organisations',
    summary: 'Search organisations by name, ODS code or postcode',
    tags: ['organisations'],
    access: PUBLIC,
    query: z.object({
      q: z.string().max(100).default(''),
      type: z.enum(ORG_TYPES).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
    handler: async ({ query }) => ({
      results: await searchOrganisations(db, query.q, query.type ?? null, query.limit),
    }),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/hierarchy',
    summary: 'Top of the organisation tree (regions) as at a date',
    tags: ['organisations'],
    access: PUBLIC,
    query: AtDate,
    handler: async ({ query }) => {
      const at = query.at ?? today();
      return { at, regions: await topLevel(db, at) };
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code',
    summary: 'An organisation with its parents and children as at a date (default today)',
    tags: ['organisations'],
    access: PUBLIC,
    params: OrgCode,
    query: AtDate,
    handler: async ({ params, query }) => {
      const at = query.at ?? today();
      const org = await requireOrganisation(db, params.code);
      const [parents, children, history] = await Promise.all([
        parentsAt(db, org.code, at),
        childrenAt(db, org.code, at),
        linkHistory(db, org.code),
      ]);
      return {
        at,
        organisation: { ...org, typeLabel: ORG_TYPE_LABEL[org.type] },
        parents,
        children,
        history,
      };
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code/population',
    summary: 'Registered population by date, sex and age band',
    tags: ['organisations'],
    access: PUBLIC,
    params: OrgCode,
    handler: async ({ params }) => {
      const org = await requireOrganisation(db, params.code);
      return { code: org.code, rows: await populationOf(db, org.code) };
    },
  });
}

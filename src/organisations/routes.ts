/** Organisations: search, one organisation with its place in the tree, its population and its indicator values. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { childrenAt, linkHistory, parentsAt, searchOrganisations } from '../db/repos/organisations.js';
import { populationOf } from '../db/repos/populations.js';
import { listIndicators, rollup } from '../db/repos/indicators.js';
import { ORG_TYPE_LABEL } from '../domain/organisations.js';
import { today } from '../domain/clock.js';
import { badRequest, notFound } from '../api/errors.js';
import { route } from '../api/route.js';
import { sendStoredAnswer } from '../api/stored-answer.js';
import { PUBLIC } from '../api/access.js';
import { OrgCode } from '../api/params.js';
import { SUPPRESSION_NOTE, suppressFigures } from '../api/suppression.js';
import { organisationIndicatorCodes, organisationValues } from '../indicators/organisation-values.js';
import { requireOrganisation } from './lookup.js';
import {
  AtDateQuery,
  OrganisationSearchQuery,
  OrganisationIndicatorsQuery,
  organisationIndicatorList,
  organisationIndicators,
  organisationPage,
  organisationSearch,
  populationAnswer,
  RollupQuery,
  rollupAnswer,
} from './contract.js';

export function organisationRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/organisations',
    summary: 'Search organisations by name, ODS code or postcode',
    tags: ['organisations'],
    access: PUBLIC,
    query: OrganisationSearchQuery,
    responses: { 200: organisationSearch },
    handler: async ({ query }) => ({
      results: await searchOrganisations(db, query.q, query.type ?? null, query.limit),
    }),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code',
    summary: 'An organisation with its parents and children as at a date (default today)',
    tags: ['organisations'],
    access: PUBLIC,
    params: OrgCode,
    query: AtDateQuery,
    responses: { 200: organisationPage },
    handler: async ({ params, query, request, reply }) => {
      const at = query.at ?? today();
      const org = await requireOrganisation(db, params.code);
      // an ICB's page lists its hundreds of practices and their history: made once per data version and date
      return sendStoredAnswer({ request, reply }, db, `organisation:${org.code}:${at}`, async () => {
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
      });
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code/population',
    summary: 'Registered population by date, sex and age band',
    tags: ['organisations'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: populationAnswer },
    handler: async ({ params }) => {
      const org = await requireOrganisation(db, params.code);
      return { code: org.code, rows: await populationOf(db, org.code) };
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code/indicators',
    summary:
      "An organisation's indicator values by period, with provenance and CCG and England benchmarks (every indicator's, or one's)",
    tags: ['indicators'],
    access: PUBLIC,
    params: OrgCode,
    query: OrganisationIndicatorsQuery,
    responses: { 200: organisationIndicators },
    handler: async ({ params, query, viewer, request, reply }) => {
      const org = await requireOrganisation(db, params.code);
      const one = query.indicator;
      const { catalogue: byCode, groups, englandLabels: labels } = await organisationValues(db, org, one);
      // the viewer's scope matters only for local figures: ask only when there are some
      const hasLocal = [...groups.keys()].some((c) => byCode.get(c)?.published === false);
      const raw = !hasLocal || (await viewer.seesRawFor(org.code));
      // two answers per organisation (and indicator): with its local figures raw, or suppressed
      const key = `org-indicators:${org.code}${one === undefined ? '' : `:${one}`}:${raw}`;
      return sendStoredAnswer(
        { request, reply },
        db,
        key,
        async () => ({
          code: org.code,
          indicators: [...groups].map(([code, points]) => {
            const definition = byCode.get(code) ?? null;
            const englandLabel = labels.get(code) ?? 'England';
            if (raw || definition?.published !== false) return { definition, englandLabel, points };
            // local figures for someone outside their scope: suppressed, benchmarks withheld
            return {
              definition,
              englandLabel,
              suppression: SUPPRESSION_NOTE,
              points: points.map((p) => ({
                ...suppressFigures(p, definition.multiplier),
                ccgValue: null,
                englandValue: null,
              })),
            };
          }),
        }),
        // one chart's series: kept in this process only (see sendStoredAnswer)
        { share: one === undefined },
      );
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code/indicator-list',
    summary: 'Which indicators an organisation has values of, with their definitions (no figures)',
    tags: ['indicators'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: organisationIndicatorList },
    handler: async ({ params }) => {
      const org = await requireOrganisation(db, params.code);
      const [codes, list] = await Promise.all([organisationIndicatorCodes(db, org.code), listIndicators(db)]);
      const byCode = new Map(list.map((d) => [d.code, d]));
      return {
        code: org.code,
        indicators: codes.map((code) => ({ code, definition: byCode.get(code) ?? null })),
      };
    },
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code/rollup',
    summary: 'An indicator summed over the practices of a CCG or ICB, as it was then or as it is now',
    tags: ['indicators'],
    access: PUBLIC,
    params: OrgCode,
    query: RollupQuery,
    responses: { 200: rollupAnswer },
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      if (org.type !== 'sub_icb' && org.type !== 'icb')
        throw badRequest(`roll-ups are for CCGs (sub-ICB locations) and ICBs; ${org.code} is a ${org.type}`);
      const definition = (await listIndicators(db)).find((d) => d.code === query.indicator);
      if (!definition) throw notFound(`No indicator has the code ${query.indicator}; see /api/indicators`);
      const points = await rollup(db, org, query.indicator, query.basis);
      const suppress = !definition.published && !(await viewer.seesRawFor(org.code));
      return {
        code: org.code,
        indicator: query.indicator,
        basis: query.basis,
        ...(suppress
          ? {
              suppression: SUPPRESSION_NOTE,
              points: points.map((p) => suppressFigures(p, definition.multiplier)),
            }
          : { points }),
      };
    },
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import {
  benchmarkAreas,
  listIndicators,
  nationalPracticeCount,
  rollup,
  valuesForOrganisation,
  type ValuePoint,
} from '../../db/repos/indicators.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../route.js';
import { SUPPRESSION_NOTE, suppressFigures } from '../suppression.js';
import { PUBLIC } from '../access.js';
import { OrgCode, requireOrganisation } from './organisations.js';

/**
 * What the "England" benchmark of a practice indicator covers, said plainly when it is far from every practice
 * (Manchester's antibiotic prescribing: 65 practices): "all 65 practices with data (NHS … CCG, …)"; else "England".
 */
async function englandLabel(
  db: Database,
  code: string,
  points: ValuePoint[],
  national: number,
): Promise<string> {
  const last = points.findLast((p) => p.englandUnits !== null);
  if (!last?.englandUnits || last.englandUnits >= national / 2) return 'England';
  const areas = await benchmarkAreas(db, code, last.periodStart);
  const where =
    areas.length === 0
      ? ''
      : areas.length <= 3
        ? ` (${areas.map((a) => a.name).join(', ')})`
        : ` in ${areas.length} CCGs`;
  return `All ${last.englandUnits} practices with data${where}`;
}

export function indicatorRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/indicators',
    summary: 'The indicator catalogue: definitions, coverage and periods',
    tags: ['indicators'],
    access: PUBLIC,
    handler: async () => ({ indicators: await listIndicators(db) }),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/organisations/:code/indicators',
    summary: "An organisation's indicator values by period, with provenance and CCG and England benchmarks",
    tags: ['indicators'],
    access: PUBLIC,
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const [values, catalogue] = await Promise.all([
        valuesForOrganisation(db, org.code),
        listIndicators(db),
      ]);
      const byCode = new Map(catalogue.map((d) => [d.code, d]));
      const groups = new Map<string, typeof values>();
      for (const v of values) {
        if (!groups.has(v.indicatorCode)) groups.set(v.indicatorCode, []);
        groups.get(v.indicatorCode)!.push(v);
      }
      // the viewer's scope matters only for local figures: ask only when there are some
      const hasLocal = [...groups.keys()].some((c) => byCode.get(c)?.published === false);
      const raw = !hasLocal || (await viewer.seesRawFor(org.code));
      // the benchmark's label, for practice indicators (asked once per indicator, only of practices' pages)
      const labels = new Map<string, string>();
      if (org.type === 'practice') {
        const national = await nationalPracticeCount(db);
        for (const [code, points] of groups)
          if (byCode.get(code)?.orgType === 'practice')
            labels.set(code, await englandLabel(db, code, points, national));
      }
      return {
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
    query: z.object({
      indicator: z.string().regex(/^[a-z0-9_]+$/),
      basis: z.enum(['then', 'now']).default('then'),
    }),
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

/** The workforce resilience of an area's practices. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { currentPracticesOf } from '../../db/repos/organisations.js';
import { PUBLIC } from '../../api/access.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requireArea } from '../../organisations/lookup.js';
import { workforceSummaries } from '../../workforce/service.js';
import { ABOUT } from '../../workforce/about.js';
import { areaWorkforce } from '../../workforce/contract.js';

export function areaWorkforceRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/areas/:code/workforce',
    summary: 'The workforce resilience summary of each open practice of a CCG (sub-ICB location) or ICB',
    tags: ['workforce'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: areaWorkforce },
    handler: async ({ params }) => {
      const area = await requireArea(db, params.code);
      const members = await currentPracticesOf(db, area.code);
      const { england, summaries } = await workforceSummaries(
        db,
        members.map((m) => m.code),
      );
      return {
        code: area.code,
        name: area.name,
        ...ABOUT,
        england,
        practices: members.map((m) => {
          const s = summaries.get(m.code)!;
          const latest = s.years.at(-1) ?? null;
          return {
            code: m.code,
            name: m.name,
            latest,
            change: s.change,
            flags: s.flags.map((f) => ({ code: f.code, title: f.title, finding: f.finding })),
          };
        }),
      };
    },
  });
}

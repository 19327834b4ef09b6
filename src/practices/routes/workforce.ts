import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { PUBLIC } from '../../api/access.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requirePractice } from '../../organisations/lookup.js';
import { workforceSummaries } from '../../workforce/service.js';
import { ABOUT } from '../../workforce/about.js';
import { practiceWorkforce } from '../../workforce/contract.js';

export function practiceWorkforceRoutes(app: FastifyInstance, db: Database): void {
  // published open data, readable as the practice's other published figures are
  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/workforce',
    summary:
      "A practice's workforce over time: patients per GP and per clinician FTE, staff mix, change and resilience flags",
    tags: ['workforce'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: practiceWorkforce },
    handler: async ({ params }) => {
      const practice = await requirePractice(
        db,
        params.code,
        'workforce resilience is shown for GP practices',
      );
      const { england, summaries } = await workforceSummaries(db, [practice.code]);
      return {
        code: practice.code,
        name: practice.name,
        ...ABOUT,
        england,
        ...summaries.get(practice.code)!,
      };
    },
  });
}

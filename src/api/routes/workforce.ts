import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { currentPracticesOf } from '../../db/repos/organisations.js';
import { PUBLIC } from '../access.js';
import { route } from '../route.js';
import { OrgCode, requireArea, requirePractice } from './organisations.js';
import { workforceSummaries } from '../../workforce/service.js';
import { RULES, STAFF_GROUPS, WORKFORCE_LIMITS } from '../../workforce/resilience.js';

/** Said with every answer: where the figures come from, what "clinician" means, and that they are context. */
const ABOUT = {
  source:
    'NHS Digital, General Practice Workforce (practice level), monthly figures averaged over each financial year',
  staffGroups: STAFF_GROUPS,
  clinicianFte:
    'GP FTE (TOTAL_GP_EXTGL_FTE) + nurse FTE (TOTAL_NURSES_FTE) + direct patient care FTE (TOTAL_DPC_FTE)',
  use: 'Context for commissioners, not tier evidence: these figures are amounts, never judged against limits, and count towards a tier only if adopted as an indicator through the indicator lifecycle.',
  rules: RULES,
  limits: WORKFORCE_LIMITS,
};

export function workforceRoutes(app: FastifyInstance, db: Database): void {
  // published open data, readable as the practice's other published figures are
  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/workforce',
    summary:
      "A practice's workforce over time: patients per GP and per clinician FTE, staff mix, change and resilience flags",
    tags: ['workforce'],
    access: PUBLIC,
    params: OrgCode,
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
  route(app, db, {
    method: 'GET',
    url: '/api/areas/:code/workforce',
    summary: 'The workforce resilience summary of each open practice of a CCG (sub-ICB location) or ICB',
    tags: ['workforce'],
    access: PUBLIC,
    params: OrgCode,
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

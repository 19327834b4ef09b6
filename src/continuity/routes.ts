/** Access beside continuity: an area's practices on the GP Patient Survey access measures and SYNTHETIC continuity. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { subIcbOf } from '../db/repos/population.js';
import { currentPracticesOf } from '../db/repos/organisations.js';
import { newestValuesInArea, type AreaValue } from '../db/repos/continuity.js';
import { COC, CONTINUITY_SOURCE_TEXT, SLICC, UPC } from './publish.js';
import { MIN_APPOINTMENTS } from './measures.js';
import { PUBLIC } from '../api/access.js';
import { route } from '../api/route.js';
import { accessContinuity } from './contract.js';
import { SUPPRESSION_NOTE, suppressFigures } from '../api/suppression.js';
import { OrgCode } from '../api/params.js';
import { requirePractice } from '../organisations/lookup.js';

export const ACCESS_MEASURES = [
  { code: 'gpps_appointment_good', title: 'Good overall experience of making an appointment (GPPS Q18)' },
  { code: 'gpps_overall_good', title: 'Good overall experience of the practice (GPPS Q28)' },
];

/** What the issue asks for that the survey file Lantern has does not give. */
export const ACCESS_ABSENT = [
  'Ease of getting through to the practice on the phone (GPPS Q1): not in the survey extract Lantern has',
  'Seeing or speaking to a preferred GP (GPPS Q6–Q7): not in the survey extract Lantern has',
];

export const ACCESS_WEIGHTING =
  'The survey extract gives each practice’s weighted percentage only, without the number who answered. The percentages are shown as published, with no interval and no funnel: a sample size made up from a national response rate would give limits that look precise but are not (the survey weights its answers, and its response rate varies between practices), so any difference of a few points between practices may be chance.';

export const SYNTHETIC_NOTE =
  'Continuity here is SYNTHETIC: made by a seeded generator from each practice’s list size (and deprivation), not from real appointments. It shows how the measures work; it says nothing about any real practice, and any pattern against the (real) survey figures is not evidence that access and continuity trade off.';

const figure = (v: AreaValue | undefined) =>
  v ? { numerator: v.numerator, denominator: v.denominator, value: v.value } : null;

export function continuityRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/access-continuity',
    summary:
      'Access beside continuity: the practices of a practice’s sub-ICB on the GP Patient Survey access measures (as published, no respondent counts) and on SYNTHETIC continuity of care (SLICC, mean UPC, mean COC); local figures suppressed outside the viewer’s scope',
    tags: ['continuity'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: accessContinuity },
    handler: async ({ params, viewer }) => {
      const org = await requirePractice(db, params.code, 'access and continuity are shown for practices');
      const area = await subIcbOf(db, org.code, today());
      const practices: Array<{ code: string; name: string }> = area
        ? (await currentPracticesOf(db, area)).map((p) => ({ code: p.code, name: p.name }))
        : [];
      if (!practices.some((p) => p.code === org.code)) practices.push({ code: org.code, name: org.name });
      const codes = [SLICC.code, UPC.code, COC.code, ...ACCESS_MEASURES.map((m) => m.code)];
      const values = area ? await newestValuesInArea(db, area, codes) : [];
      const of = (indicator: string, code: string) =>
        values.find((v) => v.indicator === indicator && v.code === code);
      let suppressedAny = false;
      const rows = [];
      for (const p of practices) {
        const slicc = figure(of(SLICC.code, p.code));
        const upc = of(UPC.code, p.code)?.value ?? null;
        const coc = of(COC.code, p.code)?.value ?? null;
        // the viewer's scope matters only for a practice with local figures: ask only then
        const raw = slicc || upc !== null || coc !== null ? await viewer.seesRawFor(p.code) : true;
        if (!raw && (slicc || upc !== null || coc !== null)) suppressedAny = true;
        rows.push({
          code: p.code,
          name: p.name,
          selected: p.code === org.code,
          // local figures outside the viewer's scope: counts suppressed, values without counts withheld
          slicc: slicc && !raw ? suppressFigures(slicc, SLICC.multiplier) : slicc,
          upc: raw ? upc : null,
          coc: raw ? coc : null,
          appointmentGood: of('gpps_appointment_good', p.code)?.value ?? null,
          overallGood: of('gpps_overall_good', p.code)?.value ?? null,
        });
      }
      const period = (code: string) => values.find((v) => v.indicator === code);
      return {
        practice: { code: org.code, name: org.name },
        area,
        synthetic: true as const,
        syntheticNote: SYNTHETIC_NOTE,
        continuity: {
          source: CONTINUITY_SOURCE_TEXT,
          minAppointments: MIN_APPOINTMENTS,
          periodStart: period(SLICC.code)?.periodStart ?? null,
          periodEnd: period(SLICC.code)?.periodEnd ?? null,
          measures: [SLICC, UPC, COC].map((d) => ({
            code: d.code,
            title: d.title,
            unit: d.unit,
            howToRead: d.howToRead,
          })),
        },
        access: {
          source: 'NHS England, GP Patient Survey (weighted percentages)',
          periodStart: period('gpps_appointment_good')?.periodStart ?? null,
          measures: ACCESS_MEASURES,
          absent: ACCESS_ABSENT,
          weighting: ACCESS_WEIGHTING,
        },
        ...(suppressedAny ? { suppression: SUPPRESSION_NOTE } : {}),
        rows,
      };
    },
  });
}

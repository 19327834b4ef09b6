/** Patient feedback about a practice: counts and the records the viewer may read. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { allow } from '../../api/access.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requirePractice } from '../../organisations/lookup.js';
import { voiceCounts } from '../../patient-voice/service.js';
import { practiceFeedback } from '../../patient-voice/contract.js';
import { itemView, lists, practiceView, readable } from '../../patient-voice/visibility.js';

export function practicePatientVoiceRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/patient-voice',
    summary:
      'Patient feedback about a practice: counts by theme and sentiment over the last 12 months (suppressed outside its area) and the records you may read',
    tags: ['patient voice'],
    access: allow('voice.read'),
    params: OrgCode,
    responses: { 200: practiceFeedback },
    handler: async ({ params, viewer }) => {
      const org = await requirePractice(db, params.code, 'this is the practice page’s patient feedback');
      const mayRecord =
        (await viewer.can('voice.record_area', { org: org.code })) ||
        (await viewer.can('voice.record_ppg', { org: org.code }));
      return {
        organisation: { code: org.code, name: org.name, type: org.type },
        counts: await voiceCounts(db, org.code, await practiceView(viewer, org.code)),
        items: (await readable(db, viewer, org.code, 'practice')).map(itemView),
        mayRecord,
        ppgOnly: mayRecord && !(await viewer.can('voice.record_area', { org: org.code })),
        lists,
      };
    },
  });
}

/** Patient feedback about a provider: counts and the area's records. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { allow } from '../../api/access.js';
import { badRequest } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requireOrganisation } from '../../organisations/lookup.js';
import { voiceCounts } from '../../patient-voice/service.js';
import { providerFeedback } from '../../patient-voice/contract.js';
import { concernLike, itemView, lists, PROVIDER_TYPES, readable } from '../../patient-voice/visibility.js';

export function providerPatientVoiceRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/patient-voice',
    summary:
      'Patient feedback about a provider: counts by theme and sentiment over the last 12 months (suppressed outside the area) and your area’s records',
    tags: ['patient voice'],
    access: allow('voice.read'),
    params: OrgCode,
    responses: { 200: providerFeedback },
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      if (!PROVIDER_TYPES.includes(org.type))
        throw badRequest(
          `${org.code} is a ${org.type}; this is patient feedback about an NHS trust or its site`,
        );
      return {
        organisation: { code: org.code, name: org.name, type: org.type },
        counts: await voiceCounts(db, org.code, await concernLike(viewer)),
        items: (await readable(db, viewer, org.code, 'provider')).map(itemView),
        mayRecord: viewer.permissions.holds('voice.record_area'),
        areas: viewer.permissions.areasFor('voice.record_area'),
        ppgOnly: false,
        lists,
      };
    },
  });
}

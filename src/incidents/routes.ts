/** Serious incidents and patient-safety incident responses: recording one, and updating it. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { allow } from '../api/access.js';
import { notFound } from '../api/errors.js';
import { route } from '../api/route.js';
import { IdParams, IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { requireOrganisation } from '../organisations/lookup.js';
import { rethrow } from '../api/routes/concerns.js';
import {
  getIncident,
  INCIDENT_STATUSES,
  openIncident,
  providerSettings,
  updateIncident,
} from '../concerns/service.js';
import { HARM_IDS } from '../concerns/taxonomy.js';
import { areaFor } from '../providers/commissioning-area.js';
import { incidentView } from './view.js';

export function incidentRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/incidents',
    summary: 'Record a serious incident (2015 framework) or a PSIRF patient-safety incident response',
    tags: ['providers'],
    access: allow('incidents.record'),
    body: z.object({
      provider: OrgCode.shape.code,
      area: OrgCode.shape.code.optional(),
      title: withoutNhsNumber(z.string().trim().min(3).max(300)),
      description: withoutNhsNumber(z.string().trim().min(3).max(5000)),
      harm: z.enum(HARM_IDS).nullish(),
      identifiedOn: IsoDate,
      reportedOn: IsoDate.nullish(),
      neverEvent: z.string().max(200).nullish(),
      dutyOfCandourOn: IsoDate.nullish(),
      responseType: z
        .enum(['psii', 'after_action_review', 'mdt_review', 'swarm_huddle', 'thematic_review', 'none'])
        .nullish(),
      regime: z.enum(['sif2015', 'psirf']).optional(),
    }),
    handler: async ({ body, viewer, request, reply }) => {
      const org = await requireOrganisation(db, body.provider);
      const area = await areaFor(viewer, 'incidents.record', body.area);
      const regime = body.regime ?? (await providerSettings(db, org.code, area)).incidentRegime;
      const id = await viewer
        .audited(
          request.ip,
          (made: number) => ({
            action: 'incidents.created',
            target: `incident ${made}`,
            outcome: 'success',
            details: { provider: org.code, area, regime },
          }),
          (tx) => openIncident(tx, viewer.actor, { ...body, provider: org.code, area, regime }),
        )
        .catch(rethrow);
      reply.code(201);
      return incidentView((await getIncident(db, id))!);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/incidents/:id',
    summary:
      'Update an incident: status, reported date, duty-of-candour date, response type, or add a document reference',
    tags: ['providers'],
    access: allow('incidents.record'),
    params: IdParams('an incident number'),
    body: z.object({
      status: z.enum(INCIDENT_STATUSES).optional(),
      reportedOn: IsoDate.optional(),
      dutyOfCandourOn: IsoDate.optional(),
      responseType: z.string().max(60).optional(),
      document: z
        .object({
          title: withoutNhsNumber(z.string().trim().min(2).max(200)),
          reference: z.string().trim().min(2).max(500),
        })
        .optional(),
    }),
    handler: async ({ params, body, viewer, request }) => {
      // only the area that recorded an incident changes it ('' before incidents had one: administrators)
      const incident = await getIncident(db, params.id);
      if (!incident || !(await viewer.can('incidents.record', { org: incident.areaCode || null })))
        throw notFound(`No incident ${params.id} that you can change.`);
      await viewer.audited(
        request.ip,
        { action: 'incidents.updated', target: `incident ${params.id}`, outcome: 'success', details: body },
        (tx) => updateIncident(tx, params.id, body),
      );
      return incidentView((await getIncident(db, params.id))!);
    },
  });
}

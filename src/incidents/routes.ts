/** Serious incidents and patient-safety incident responses: recording one, and updating it. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { allow } from '../api/access.js';
import { notFound } from '../api/errors.js';
import { route } from '../api/route.js';
import { IdParams } from '../api/params.js';
import { requireOrganisation } from '../organisations/lookup.js';
import { rethrow } from '../concerns/routes.js';
import { getIncident, openIncident, updateIncident } from '../concerns/incidents.js';
import { providerSettings } from '../concerns/settings.js';
import { areaFor } from '../providers/commissioning-area.js';
import { incidentView } from './view.js';
import { incident, IncidentUpdateBody, NewIncidentBody } from './contract.js';

export function incidentRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/incidents',
    summary: 'Record a serious incident (2015 framework) or a PSIRF patient-safety incident response',
    tags: ['providers'],
    access: allow('incidents.record'),
    body: NewIncidentBody,
    responses: { 201: incident },
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
    body: IncidentUpdateBody,
    responses: { 200: incident },
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

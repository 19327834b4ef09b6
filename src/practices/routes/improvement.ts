/** A practice's improvement: opening a case with it, and its notes of context on its values. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { allow, paramOrg } from '../../api/access.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requireOrganisation, requirePractice } from '../../organisations/lookup.js';
import { annotate, annotationsOf, openCase } from '../../improvement/service.js';
import { AnnotationBody, annotationList, created, OpenCaseBody } from '../../improvement/contract.js';
import { rethrow } from '../../improvement/refusal.js';

export function practiceImprovementRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/practices/:code/improvement',
    summary:
      'Share the data with a practice: opens an improvement case holding the tier evidence as it stands',
    tags: ['improvement'],
    access: allow('improvement.open', paramOrg()),
    params: OrgCode,
    body: OpenCaseBody,
    responses: { 201: created },
    handler: async ({ params, body, viewer, request, reply }) => {
      const org = await requirePractice(db, params.code, 'cases are with practices');
      const id = await viewer
        .audited(
          request.ip,
          (caseId: number) => ({
            action: 'improvement.open',
            target: `case ${caseId}`,
            outcome: 'success',
            details: { practice: org.code },
          }),
          (tx) => openCase(tx, org.code, viewer.actor, body),
        )
        .catch(rethrow);
      reply.code(201);
      return { id };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/annotations',
    summary: 'A practice’s notes of context on its values',
    tags: ['improvement'],
    access: allow('annotations.read', paramOrg()),
    params: OrgCode,
    responses: { 200: annotationList },
    handler: async ({ params }) => {
      const org = await requireOrganisation(db, params.code);
      return { practice: org.code, annotations: await annotationsOf(db, org.code) };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/practices/:code/annotations',
    summary: 'The practice adds context to one of its values (kept with every earlier note)',
    tags: ['improvement'],
    access: allow('annotations.write', paramOrg()),
    params: OrgCode,
    body: AnnotationBody,
    responses: { 201: created },
    handler: async ({ params, body, viewer, request, reply }) => {
      const org = await requireOrganisation(db, params.code);
      const id = await viewer
        .audited(
          request.ip,
          {
            action: 'improvement.annotate',
            target: `${org.code}/${body.indicator}/${body.periodStart}`,
            outcome: 'success',
          },
          (tx) => annotate(tx, org.code, viewer.actor, body),
        )
        .catch(rethrow);
      reply.code(201);
      return { id };
    },
  });
}

/** Recalculation points of a practice's SPC chart: set and removed by the commissioner team, with the reason. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { listIndicators } from '../../db/repos/indicators.js';
import {
  addRecalculationPoint,
  removeRecalculationPoint,
  SpcRebaseError,
} from '../../variation/spc-rebase.js';
import { allow, paramOrg } from '../../api/access.js';
import { badRequest, conflict, notFound } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import {
  SpcRebaseBody,
  spcRebaseRemoved,
  SpcRebaseRemoveQuery,
  spcRebaseSet,
} from '../../variation/contract.js';
import { requirePractice } from '../../organisations/lookup.js';

const rebaseError = (e: unknown) => {
  if (!(e instanceof SpcRebaseError)) return e;
  return e.kind === 'exists'
    ? conflict(e.message)
    : e.kind === 'missing'
      ? notFound(e.message)
      : badRequest(e.message);
};

async function requireIndicator(db: Database, code: string) {
  if (!(await listIndicators(db)).some((d) => d.code === code))
    throw notFound(`No indicator has the code ${code}; see /api/indicators`);
}

export function practiceSpcRebaseRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'POST',
    url: '/api/practices/:code/spc/rebase',
    summary:
      'Set a recalculation point on a practice’s SPC chart of one indicator: from fromPeriod (a period of the series after the first) the centre and limits are computed afresh. The reason is shown with the chart',
    tags: ['variation'],
    access: allow('spc.rebase', paramOrg()),
    params: OrgCode,
    body: SpcRebaseBody,
    responses: { 201: spcRebaseSet },
    handler: async ({ params, body, viewer, request, reply }) => {
      const org = await requirePractice(db, params.code, 'SPC charts are for practices');
      await requireIndicator(db, body.indicator);
      await viewer
        .audited(
          request.ip,
          {
            action: 'spc.rebase',
            target: `${org.code}/${body.indicator}/${body.fromPeriod}`,
            outcome: 'success',
            details: { reason: body.reason },
          },
          (tx) => addRecalculationPoint(tx, org.code, body, viewer.actor),
        )
        .catch((e: unknown) => {
          throw rebaseError(e);
        });
      reply.code(201);
      return { practice: org.code, ...body };
    },
  });

  route(app, db, {
    method: 'DELETE',
    url: '/api/practices/:code/spc/rebase',
    summary:
      'Remove a recalculation point from a practice’s SPC chart of one indicator (the segments either side join again)',
    tags: ['variation'],
    access: allow('spc.rebase', paramOrg()),
    params: OrgCode,
    query: SpcRebaseRemoveQuery,
    responses: { 200: spcRebaseRemoved },
    handler: async ({ params, query, viewer, request }) => {
      const org = await requirePractice(db, params.code, 'SPC charts are for practices');
      const reason = await viewer
        .audited(
          request.ip,
          (removed: string) => ({
            action: 'spc.rebase_removed',
            target: `${org.code}/${query.indicator}/${query.from}`,
            outcome: 'success',
            details: { reason: removed },
          }),
          (tx) => removeRecalculationPoint(tx, org.code, query.indicator, query.from),
        )
        .catch((e: unknown) => {
          throw rebaseError(e);
        });
      return { practice: org.code, indicator: query.indicator, fromPeriod: query.from, removed: { reason } };
    },
  });
}

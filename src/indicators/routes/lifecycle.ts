/** Indicators chosen with member practices: the lifecycle, practices' comments and agreement, and adoption. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { allow } from '../../api/access.js';
import { badRequest, conflict, notFound } from '../../api/errors.js';
import { route } from '../../api/route.js';
import {
  commentOn,
  LIFECYCLE_LABEL,
  LifecycleError,
  lifecycleOf,
  listLifecycle,
  moveIndicator,
} from '../../variation/lifecycle.js';
import { currentRules, whoMoved } from '../../variation/service.js';
import {
  IndicatorCode,
  IndicatorCommentBody,
  indicatorLifecycle,
  indicatorLifecyclePage,
  indicatorMoved,
  LifecycleMoveBody,
  lifecycleList,
} from '../contract.js';

const refusal = (e: unknown) =>
  e instanceof LifecycleError
    ? e.conflict
      ? conflict(e.message, { allowed: e.allowed, ...e.details })
      : badRequest(e.message)
    : e;

export function lifecycleRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/indicators/lifecycle',
    summary:
      'Practice indicators with their state (proposed, open for comment, adopted, retired) and the practices’ agreement so far',
    tags: ['indicators'],
    access: allow('indicators.lifecycle.read'),
    responses: { 200: lifecycleList },
    handler: async () => ({ labels: LIFECYCLE_LABEL, indicators: await listLifecycle(db) }),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/lifecycle',
    summary: 'One indicator’s lifecycle: its moves with why, and every practice comment and agreement',
    tags: ['indicators'],
    access: allow('indicators.lifecycle.read'),
    params: IndicatorCode,
    responses: { 200: indicatorLifecyclePage },
    handler: async ({ params }) => {
      const l = await lifecycleOf(db, params.code);
      if (!l) throw notFound(`${params.code} is not a practice indicator that tiers can use`);
      return { labels: LIFECYCLE_LABEL, ...l };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/indicators/:code/lifecycle',
    summary:
      'Move an indicator: propose, open for comment (with a closing date), adopt (a new tier rule set that includes it) or retire; answers with the practices that moved tier',
    tags: ['indicators'],
    access: allow('indicators.lifecycle.change'),
    params: IndicatorCode,
    body: LifecycleMoveBody,
    responses: { 200: indicatorMoved },
    handler: async ({ params, body, viewer, request }) => {
      const r = await viewer
        .audited(
          request.ip,
          {
            action: 'indicators.lifecycle',
            target: params.code,
            outcome: 'success',
            details: { to: body.to },
          },
          (tx) => moveIndicator(tx, params.code, viewer.actor, body),
        )
        .catch((e: unknown) => {
          throw refusal(e);
        });
      const after = await currentRules(db);
      const moved = r.ruleVersion && r.before && after ? await whoMoved(db, r.before, after) : [];
      const l = await lifecycleOf(db, params.code);
      if (!l) throw notFound(`${params.code} is not a practice indicator that tiers can use`);
      return { ...l, ruleVersion: r.ruleVersion, moved };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/indicators/:code/comments',
    summary:
      'A practice comments on an indicator open for comment and says whether it agrees (its latest counts)',
    tags: ['indicators'],
    access: allow('indicators.comment'),
    params: IndicatorCode,
    body: IndicatorCommentBody,
    responses: { 201: indicatorLifecycle },
    handler: async ({ params, body, viewer, request, reply }) => {
      const practice = body.practice ?? viewer.permissions.soleArea('indicators.comment');
      if (!practice) throw badRequest('practice: you act for several practices; name the one commenting');
      await viewer.require(
        'indicators.comment',
        { org: practice },
        '',
        `You do not act for ${practice}: comment for your own practice.`,
      );
      await viewer
        .audited(
          request.ip,
          { action: 'indicators.comment', target: params.code, outcome: 'success', details: { practice } },
          (tx) => commentOn(tx, params.code, practice, viewer.actor, body),
        )
        .catch((e: unknown) => {
          throw refusal(e);
        });
      const l = await lifecycleOf(db, params.code);
      if (!l) throw notFound(`${params.code} is not a practice indicator that tiers can use`);
      reply.code(201);
      return l;
    },
  });
}

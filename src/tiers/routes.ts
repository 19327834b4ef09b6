/** Tiers: the rule set in force (and adopting a new version), and an area's practices by tier. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { listIndicators } from '../db/repos/indicators.js';
import { describeRules, RuleFields, type RuleSet, TIER_LABEL } from '../variation/rules.js';
import { notAdoptable, ruleHistory, saveRules, whoMoved } from '../variation/service.js';
import { TIER_POWER } from '../variation/tier-power.js';
import { allow, PUBLIC, queryOrg } from '../api/access.js';
import { badRequest } from '../api/errors.js';
import { route } from '../api/route.js';
import { sendStoredAnswer } from '../api/stored-answer.js';
import {
  areaTiersAnswer,
  AreaTiersQuery,
  TierRulesBody,
  tierRulesAdopted,
  tierRulesAnswer,
} from '../variation/contract.js';
import { ABOUT_PRACTICES, areaTiersView, rulesOrFail } from '../variation/views.js';

export function tierRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/tiers/rules',
    summary: 'The tier rule set in force, in plain English and as data, with its earlier versions',
    tags: ['variation'],
    access: PUBLIC,
    responses: { 200: tierRulesAnswer },
    handler: async () => {
      const rules = await rulesOrFail(db);
      return {
        rules,
        text: describeRules(rules, await listIndicators(db)).map((r) => r.text),
        labels: TIER_LABEL,
        about: ABOUT_PRACTICES,
        // each version's fields as stored (older versions carry the fields of their time)
        history: (await ruleHistory(db)).map(({ rules, ...h }) => ({ ...h, rules: { ...rules } })),
        power: TIER_POWER,
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/tiers/rules',
    summary: 'Adopt a new version of the tier rules; answers with every practice that moved tier, and why',
    tags: ['variation'],
    access: allow('tiers.adopt_rules'),
    body: TierRulesBody,
    responses: { 201: tierRulesAdopted },
    handler: async ({ body, viewer, request, reply }) => {
      const before = await rulesOrFail(db);
      const { note, ...change } = body;
      const next = RuleFields.omit({ version: true }).safeParse({ ...stripStored(before), ...change });
      if (!next.success)
        throw badRequest(next.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
      const catalogue = await listIndicators(db);
      const known = new Set(catalogue.map((d) => d.code));
      const unknown = next.data.indicators.filter((c) => !known.has(c));
      if (unknown.length) throw badRequest(`unknown indicators: ${unknown.join(', ')}`);
      const unfit = next.data.indicators.flatMap((c) => {
        const why = notAdoptable(catalogue.find((d) => d.code === c)!);
        return why ? [why] : [];
      });
      if (unfit.length) throw badRequest(`these cannot be tier evidence: ${unfit.join('; ')}`);
      // evaluated under the version it will be saved as, so the pages that follow reuse it
      let candidate: RuleSet = { ...next.data, version: before.version + 1 };
      const moved = await whoMoved(db, before, candidate);
      const version = await db.transaction(async (tx) => {
        const v = await saveRules(tx, next.data, note, viewer.actor.email);
        await viewer.audit(
          tx,
          {
            action: 'tiers.rules',
            target: `rules:${v}`,
            outcome: 'success',
            details: { from: before.version, note },
          },
          request.ip,
        );
        return v;
      });
      candidate = { ...candidate, version };
      reply.code(201);
      return { version, text: describeRules(candidate, catalogue).map((r) => r.text), moved };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/tiers',
    summary:
      'Tiers of every practice in an area (a CCG or ICB as in the latest period): counts and movement since the period before, each practice’s latest result on every adopted indicator read against its limits, and the biggest changes',
    tags: ['variation'],
    access: allow('tiers.read_area', queryOrg('area')),
    query: AreaTiersQuery,
    responses: { 200: areaTiersAnswer },
    handler: async ({ query, request, reply }) =>
      sendStoredAnswer({ request, reply }, db, `area-tiers:${JSON.stringify(query)}`, () =>
        areaTiersView(db, query),
      ),
  });
}

function stripStored(
  r: RuleSet & { note?: unknown; createdBy?: unknown; createdAt?: unknown },
): Omit<RuleSet, 'version'> {
  const { version: _v, note: _n, createdBy: _c, createdAt: _a, ...rest } = r;
  return rest;
}

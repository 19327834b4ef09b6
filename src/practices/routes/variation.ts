/** A practice's variation: its SPC charts, spine chart, CUSUM, peers and tier. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { listIndicators } from '../../db/repos/indicators.js';
import { anyComputed } from '../../db/repos/variation-computed.js';
import { isWorse } from '../../variation/direction.js';
import { describeRules, TIER_LABEL, type Tier } from '../../variation/rules.js';
import { evaluateCached } from '../../variation/service.js';
import { practiceSpc, spcIndicators } from '../../variation/practice-spc.js';
import { CUSUM_METHOD, practiceCusum } from '../../variation/practice-cusum.js';
import { practiceSpine } from '../../variation/spine.js';
import { againstPeers, peersOf } from '../../variation/peer-groups.js';
import {
  ABOUT_PRACTICES,
  requireIndicator,
  rulesOrFail,
  titlesOf,
  visibleFor,
} from '../../variation/views.js';
import {
  PracticeSpcQuery,
  practiceCusumAnswer,
  practicePeersAnswer,
  practiceSpcAnswer,
  practiceSpineAnswer,
  practiceTierAnswer,
} from '../../variation/contract.js';
import { allow, paramOrg, PUBLIC, type Access } from '../../api/access.js';
import { forbidden } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { sendStoredAnswer } from '../../api/stored-answer.js';
import { OrgCode } from '../../api/params.js';
import { requireOrganisation, requirePractice } from '../../organisations/lookup.js';

/** Tiers are the commissioner's working judgements: the commissioner team, and practice and peer-group users for their own practices. */
const TIER_VIEWERS: Access = allow('tiers.read', paramOrg());

export function practiceVariationRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/spc',
    summary:
      'One practice’s indicator over time as a Making Data Count XmR chart with special causes (or, without indicator, the indicators that have enough periods)',
    tags: ['variation'],
    access: PUBLIC,
    params: OrgCode,
    query: PracticeSpcQuery,
    responses: { 200: practiceSpcAnswer },
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const { defs, visible } = await visibleFor(db, viewer, org.code);
      const available = (await spcIndicators(db, org.code)).filter(visible);
      if (!query.indicator)
        return {
          practice: { code: org.code, name: org.name },
          indicators: available.map((c) => ({ code: c, title: defs.find((d) => d.code === c)?.title ?? c })),
        };
      const def = await requireIndicator(db, query.indicator);
      if (!visible(def.code))
        throw forbidden('Local indicators over time are for members of the practice’s area: sign in.');
      const mayRebase = await viewer.can('spc.rebase', { org: org.code });
      return {
        practice: { code: org.code, name: org.name },
        ...(await practiceSpc(db, org.code, def, { mayRebase })),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/spine',
    summary:
      'Spine chart: each indicator’s latest value within the spread of every practice in England (lowest, quartiles, median, highest), with the CCG and England values and the funnel reading',
    tags: ['variation'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: practiceSpineAnswer },
    handler: async ({ params, request, reply }) => {
      const org = await requirePractice(db, params.code, 'spine charts are for practices');
      // published indicators only: the spread's lowest and highest are single practices anywhere in England
      return sendStoredAnswer({ request, reply }, db, `spine:${org.code}`, async () => ({
        practice: { code: org.code, name: org.name },
        rows: await practiceSpine(db, org.code),
      }));
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/cusum',
    summary:
      'CUSUM for sustained shifts: a practice’s overdispersion-adjusted funnel z-scores accumulated period by period, per indicator, with signals (from the stored results of lantern compute)',
    tags: ['variation'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: practiceCusumAnswer },
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const { defs, visible } = await visibleFor(db, viewer, org.code);
      const series = (await practiceCusum(db, org.code)).filter((c) => visible(c.indicator));
      return {
        practice: { code: org.code, name: org.name },
        method: CUSUM_METHOD,
        computed: await anyComputed(db),
        indicators: series.map((c) => {
          const def = defs.find((d) => d.code === c.indicator);
          return {
            ...c,
            title: def?.title ?? c.indicator,
            unit: def?.unit ?? '',
            direction: def?.direction ?? 'neither',
            signals: c.points
              .filter((p) => p.signal)
              .map((p) => ({
                periodStart: p.periodStart,
                signal: p.signal,
                worse: isWorse(def?.direction, p.signal),
              })),
          };
        }),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/peers',
    summary:
      'A practice’s 10 most similar practices on case mix (Mahalanobis distance, with the variables), and its latest indicator values against theirs',
    tags: ['variation'],
    access: PUBLIC,
    params: OrgCode,
    responses: { 200: practicePeersAnswer },
    handler: async ({ params }) => {
      const org = await requirePractice(db, params.code, 'peers are found for practices');
      const peers = await peersOf(db, org.code);
      // published indicators only: peers may lie outside any area whose local figures the viewer may see
      return {
        ...peers,
        comparison: await againstPeers(
          db,
          org.code,
          peers.peers.map((p) => p.code),
          false,
        ),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/tier',
    summary: "A practice's tier under the rules in force, with the indicator results that decided it",
    tags: ['variation'],
    access: TIER_VIEWERS,
    params: OrgCode,
    responses: { 200: practiceTierAnswer },
    handler: async ({ params, request, reply }) => {
      const org = await requirePractice(db, params.code, 'tiers are for GP practices');
      // who may see it is the route's rule: the answer is the same for everyone it lets through
      return sendStoredAnswer({ request, reply }, db, `tier:${org.code}`, () => practiceTier(db, org));
    },
  });
}

async function practiceTier(db: Database, org: { code: string; name: string }) {
  const rules = await rulesOrFail(db);
  const e = await evaluateCached(db, rules);
  const d = e.decisions.get(org.code);
  const catalogue = await listIndicators(db);
  const t = titlesOf(catalogue);
  return {
    code: org.code,
    name: org.name,
    tier: (d?.tier ?? null) as Tier | null,
    tierLabel: d ? TIER_LABEL[d.tier] : null,
    reason: d?.reason ?? 'no results for the adopted indicators',
    ruleVersion: rules.version,
    rules: describeRules(rules, catalogue).map((r) => r.text),
    about: ABOUT_PRACTICES,
    evidence: (d?.evidence ?? []).map((x) => ({ ...x, title: t[x.indicator] ?? x.indicator })),
    skipped: e.skipped,
  };
}

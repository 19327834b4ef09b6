/** Practice variation: funnels per indicator, the tier rule set, and each practice's tier with its evidence. */
import { betterSign, isWorse } from '../../variation/direction.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { listIndicators } from '../../db/repos/indicators.js';
import { currentPracticesOf, findOrganisation } from '../../db/repos/organisations.js';
import {
  describeRules,
  RuleFields,
  type RuleSet,
  TIER_LABEL,
  TIERS,
  type IndicatorResult,
  type Tier,
} from '../../variation/rules.js';
import {
  currentRules,
  evaluateCached,
  funnelFor,
  notAdoptable,
  ruleHistory,
  saveRules,
  VariationError,
  whoMoved,
} from '../../variation/service.js';
import { allow, paramOrg, PUBLIC, queryOrg, type Access, type Viewer } from '../access.js';
import { getGroup } from '../../variation/groups.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { route } from '../route.js';
import { idParam, withoutNhsNumber } from '../params.js';
import { OrgCode, requireArea, requireOrganisation, requirePractice } from './organisations.js';
import { practiceSpc, spcIndicators } from '../../variation/practice-spc.js';
import { CUSUM_METHOD, practiceCusum } from '../../variation/practice-cusum.js';
import { practiceSpine } from '../../variation/spine.js';
import { DECILES, decilesOverTime } from '../../variation/deciles.js';
import { againstPeers, peersOf } from '../../variation/peer-groups.js';
import { funnelAnswerJson } from '../../variation/funnel.js';
import { TIER_POWER } from '../../variation/tier-power.js';

const ABOUT_PRACTICES =
  'A tier describes a practice’s results against what would be expected, never an individual clinician.';

/** Why an open member practice without a result on the adopted indicators has no tier. */
const NO_RESULT = 'No counts for this practice on the adopted indicators in their latest pooled months';
/** Tiers are the commissioner's working judgements: the commissioner team, and practice and peer-group users for their own practices. */
const TIER_VIEWERS: Access = allow('tiers.read', paramOrg());

const variationError = (e: unknown) => (e instanceof VariationError ? badRequest(e.message, e.details) : e);

async function rulesOrFail(db: Database) {
  const rules = await currentRules(db);
  if (!rules) throw notFound('No tier rules yet: no practice indicator with counts has been loaded.');
  return rules;
}

const titlesOf = (catalogue: Array<{ code: string; title: string }>) =>
  Object.fromEntries(catalogue.map((d) => [d.code, d.title]));

/** The indicator with this code (its latest definition), or 404. */
async function requireIndicator(db: Database, code: string) {
  const def = (await listIndicators(db)).find((d) => d.code === code);
  if (!def) throw notFound(`No indicator has the code ${code}; see /api/indicators`);
  return def;
}

/**
 * The catalogue, and whether this viewer may see an indicator's figures for the organisation: published ones always,
 * local ones only within the viewer's scope (asked of the database only when local indicators exist).
 */
async function visibleFor(db: Database, viewer: Viewer, orgCode: string) {
  const defs = await listIndicators(db);
  const sees = defs.some((d) => !d.published) && (await viewer.seesRawFor(orgCode));
  const published = new Map(defs.map((d) => [d.code, d.published]));
  return { defs, visible: (code: string) => sees || published.get(code) !== false };
}

/** A practice group the viewer's commissioner or peer-group grants cover, or 404 (its existence is not confirmed). */
export async function groupFor(db: Database, viewer: Viewer, id: number) {
  const g = await getGroup(db, id);
  const covered = g && (await viewer.can('groups.read', { org: g.areaCode }));
  if (!g || !covered) throw notFound(`No practice group ${id} that you can see.`);
  return g;
}

export const FunnelQuery = z.object({
  area: OrgCode.shape.code.optional(),
  period: z
    .string()
    .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be YYYY-MM or YYYY-MM-DD')
    .optional(),
  comparator: z.enum(['england', 'area', 'group']).default('england'),
  group: idParam('a group number').optional(),
  adjust: z.enum(['none', 'casemix']).default('none'),
  window: z.coerce
    .number()
    .int()
    .min(1)
    .max(36)
    .default(1)
    .describe(
      'periods pooled, ending at `period`: counts summed per practice (a tier pools its rule’s window)',
    ),
});

/** The funnel as the API sends it: the JSON route's answer, and the rows of its download (exports.ts). */
export async function funnelView(
  db: Database,
  viewer: Viewer,
  code: string,
  query: z.infer<typeof FunnelQuery>,
) {
  const def = await requireIndicator(db, code);
  if (query.group && query.area) throw badRequest('name an area or a group, not both');
  if (query.comparator === 'group' && !query.group) throw badRequest('comparator=group needs a group');
  const group = query.group ? await groupFor(db, viewer, query.group) : null;
  const area = query.area
    ? await requireArea(db, query.area)
    : group
      ? await requireArea(db, group.areaCode)
      : null;
  if (query.comparator === 'area' && !area) throw badRequest('comparator=area needs an area');
  // local figures: practice-level counts for members only
  if (!def.published && !(area && (await viewer.seesRawFor(area.code))))
    throw forbidden('Funnels of local indicators are for members of the area: name your area, and sign in.');
  const answer = await funnelFor(db, def, {
    area,
    group: group && { id: group.id, members: new Set(group.members.map((m) => m.code)) },
    period: query.period,
    comparator: query.comparator,
    adjust: query.adjust,
    window: query.window,
  }).catch((e: unknown) => {
    throw variationError(e);
  });
  const rules = await currentRules(db);
  // JSON has no ±∞: a z-score of −∞ (a count of 0 on a log scale) is sent as null with the reason
  return funnelAnswerJson({
    ...answer,
    group: group ? { id: group.id, name: group.name, kind: group.kind } : null,
    ruleVersion: rules?.version ?? null,
    title: def.title,
    unit: def.unit,
    direction: def.direction,
    published: def.published,
  });
}

export const DecilesQuery = z.object({ area: OrgCode.shape.code.optional() });

/** The deciles over time as the API sends them, for the page and its download. */
export async function decilesView(db: Database, code: string, query: z.infer<typeof DecilesQuery>) {
  const def = await requireIndicator(db, code);
  // deciles of few practices are close to single practices' values: published indicators only
  if (!def.published) throw forbidden('Deciles are shown for published indicators only.');
  const area = query.area ? await requireArea(db, query.area) : null;
  return {
    indicator: def.code,
    title: def.title,
    unit: def.unit,
    area: area?.code ?? null,
    deciles: DECILES,
    periods: await decilesOverTime(db, def.code, area?.code ?? null),
  };
}

export const AreaTiersQuery = z.object({ area: OrgCode.shape.code });

/** An area's tiers and overview grid as the API sends them, for the page and its downloads. */
export async function areaTiersView(db: Database, query: z.infer<typeof AreaTiersQuery>) {
  const area = await findOrganisation(db, query.area);
  if (!area) throw notFound(`No organisation has the code ${query.area}`);
  const rules = await rulesOrFail(db);
  const e = await evaluateCached(db, rules);
  const catalogue = await listIndicators(db);
  const sign = (code: string) => betterSign(catalogue.find((d) => d.code === code)?.direction);
  const reading = (r: IndicatorResult) =>
    r.worseStrict ? 'worse_strict' : r.worseWatch ? 'worse_watch' : r.better ? 'better' : 'within';
  const inArea = [...e.decisions].filter(([, d]) => d.ccg === area.code || d.icb === area.code);
  const practices = inArea
    .map(([code, d]) => ({
      code,
      name: d.name,
      ccg: d.ccg,
      tier: d.tier,
      previous: e.previous.get(code)?.tier ?? null,
      reason: d.reason,
      evidence: d.evidence.length,
      // the practices × indicators grid: each latest result read against its limits (significance, not rank)
      cells: Object.fromEntries(
        (e.results.get(code)?.[0] ?? []).map((r) => [
          r.indicator,
          {
            value: r.value,
            expected: r.expected,
            q: r.q,
            periodStart: r.periodStart,
            reading: reading(r),
          },
        ]),
      ),
    }))
    .sort((a, b) => TIERS.indexOf(b.tier) - TIERS.indexOf(a.tier) || a.name.localeCompare(b.name));
  // every open member practice is listed: one without a result on the adopted indicators has no tier, and says why
  const judged = new Set(practices.map((p) => p.code));
  const unjudged = (await currentPracticesOf(db, area.code))
    .filter((p) => !judged.has(p.code))
    .map((p) => ({
      code: p.code,
      name: p.name,
      ccg: p.subIcb,
      tier: null,
      previous: null,
      reason: NO_RESULT,
      evidence: 0,
      cells: {},
    }));
  const counts = Object.fromEntries(TIERS.map((t) => [t, practices.filter((p) => p.tier === t).length]));
  const rank = (t: Tier) => TIERS.indexOf(t);
  const moved = practices.filter((p) => p.previous !== null && p.previous !== p.tier);
  // the biggest changes between the latest two periods, in z-scores signed so that up is better
  const changes = inArea
    .flatMap(([code, d]) => {
      const [now = [], before = []] = e.results.get(code) ?? [];
      return now.flatMap((r) => {
        const was = before.find((b) => b.indicator === r.indicator);
        if (!was) return [];
        return [
          {
            code,
            name: d.name,
            indicator: r.indicator,
            from: { periodStart: was.periodStart, value: was.value, zAdjusted: was.zAdjusted },
            to: { periodStart: r.periodStart, value: r.value, zAdjusted: r.zAdjusted },
            change: sign(r.indicator) * (r.zAdjusted - was.zAdjusted),
          },
        ];
      });
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, 10);
  return {
    area: { code: area.code, name: area.name, type: area.type },
    ruleVersion: rules.version,
    counts,
    movement: {
      better: moved.filter((p) => rank(p.tier) < rank(p.previous!)).length,
      worse: moved.filter((p) => rank(p.tier) > rank(p.previous!)).length,
      same: practices.filter((p) => p.previous === p.tier).length,
      unknown: practices.filter((p) => p.previous === null).length,
    },
    indicators: rules.indicators.map((c) => {
      const d = catalogue.find((x) => x.code === c);
      return { code: c, title: d?.title ?? c, direction: d?.direction ?? 'neither', unit: d?.unit ?? '' };
    }),
    labels: TIER_LABEL,
    about: ABOUT_PRACTICES,
    noTier: unjudged.length,
    practices: [...practices, ...unjudged],
    changes,
  };
}

export function variationRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/funnel',
    summary:
      'Funnel plot for one indicator and period (by default the newest with counts for at least 3 practices; `periods` lists those, newest first): every practice with its expected value, z-scores, limits at its precision and flags. A figure that is not a finite number (z = −∞ for a count of 0 on a rate or ratio funnel) is null, and the row’s `not_computed` says why. A period without enough counts answers 400 with the `periods` that have them',
    tags: ['variation'],
    access: PUBLIC,
    params: z.object({ code: z.string().regex(/^[a-z0-9_]+$/, 'must be an indicator code') }),
    query: FunnelQuery,
    handler: async ({ params, query, viewer }) => funnelView(db, viewer, params.code, query),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/deciles',
    summary:
      'The spread of practices’ values over time: deciles per period across England, or across an area’s practices as it was then (periods with at least 10 practices)',
    tags: ['variation'],
    access: PUBLIC,
    params: z.object({ code: z.string().regex(/^[a-z0-9_]+$/, 'must be an indicator code') }),
    query: DecilesQuery,
    handler: async ({ params, query }) => decilesView(db, params.code, query),
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/spc',
    summary:
      'One practice’s indicator over time as a Making Data Count XmR chart with special causes (or, without indicator, the indicators that have enough periods)',
    tags: ['variation'],
    access: PUBLIC,
    params: OrgCode,
    query: z.object({
      indicator: z
        .string()
        .regex(/^[a-z0-9_]+$/, 'must be an indicator code')
        .optional(),
    }),
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
    handler: async ({ params }) => {
      const org = await requirePractice(db, params.code, 'spine charts are for practices');
      // published indicators only: the spread's lowest and highest are single practices anywhere in England
      return { practice: { code: org.code, name: org.name }, rows: await practiceSpine(db, org.code) };
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
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const { defs, visible } = await visibleFor(db, viewer, org.code);
      const [computed] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM variation_computations`,
      );
      const series = (await practiceCusum(db, org.code)).filter((c) => visible(c.indicator));
      return {
        practice: { code: org.code, name: org.name },
        method: CUSUM_METHOD,
        computed: computed!.n > 0,
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
    url: '/api/tiers/rules',
    summary: 'The tier rule set in force, in plain English and as data, with its earlier versions',
    tags: ['variation'],
    access: PUBLIC,
    handler: async () => {
      const rules = await rulesOrFail(db);
      return {
        rules,
        text: describeRules(rules, await listIndicators(db)).map((r) => r.text),
        labels: TIER_LABEL,
        about: ABOUT_PRACTICES,
        history: await ruleHistory(db),
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
    body: RuleFields.omit({ version: true })
      .partial()
      .extend({ note: withoutNhsNumber(z.string().trim().min(3).max(500)) }),
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
      return reply
        .status(201)
        .send({ version, text: describeRules(candidate, catalogue).map((r) => r.text), moved });
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/tier',
    summary: "A practice's tier under the rules in force, with the indicator results that decided it",
    tags: ['variation'],
    access: TIER_VIEWERS,
    params: OrgCode,
    handler: async ({ params }) => {
      const org = await requirePractice(db, params.code, 'tiers are for GP practices');
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
    handler: async ({ query }) => areaTiersView(db, query),
  });
}

function stripStored(
  r: RuleSet & { note?: unknown; createdBy?: unknown; createdAt?: unknown },
): Omit<RuleSet, 'version'> {
  const { version: _v, note: _n, createdBy: _c, createdAt: _a, ...rest } = r;
  return rest;
}

/**
 * Variation as the API answers it: the funnel, deciles and an area's tiers (for the pages and their downloads),
 * and the checks the routes share (the indicator named, the practice group the viewer may see, the rules in force).
 */
import type { z } from 'zod';
import type { Database } from '../db/connect.js';
import { listIndicators } from '../db/repos/indicators.js';
import { cachedForDataVersion } from '../db/store-cache.js';
import { closeDatesOf, currentPracticesOf, findOrganisation } from '../db/repos/organisations.js';
import { badRequest, forbidden, notFound } from '../api/errors.js';
import type { Viewer } from '../api/access.js';
import { requireArea } from '../organisations/lookup.js';
import { betterSign } from './direction.js';
import { TIER_LABEL, TIERS, type IndicatorResult, type Tier } from './rules.js';
import { currentRules, evaluateCached, funnelFor, VariationError } from './service.js';
import { getGroup } from './groups.js';
import { DECILES, decilesOverTime } from './deciles.js';
import { funnelAnswerJson, funnelPointsOf, funnelTableRows } from './funnel.js';
import type { AreaTiersQuery, DecilesQuery, FunnelQuery, FunnelTableQuery } from './contract.js';

export const ABOUT_PRACTICES =
  'A tier describes a practice’s results against what would be expected, never an individual clinician.';

/** Why an open member practice without a result on the adopted indicators has no tier. */
const NO_RESULT = 'No counts for this practice on the adopted indicators in their latest pooled months';

export const variationError = (e: unknown) =>
  e instanceof VariationError ? badRequest(e.message, e.details) : e;

export async function rulesOrFail(db: Database) {
  const rules = await currentRules(db);
  if (!rules) throw notFound('No tier rules yet: no practice indicator with counts has been loaded.');
  return rules;
}

export const titlesOf = (catalogue: Array<{ code: string; title: string }>) =>
  Object.fromEntries(catalogue.map((d) => [d.code, d.title]));

/** The indicator with this code (its latest definition), or 404. */
export async function requireIndicator(db: Database, code: string) {
  const def = (await listIndicators(db)).find((d) => d.code === code);
  if (!def) throw notFound(`No indicator has the code ${code}; see /api/indicators`);
  return def;
}

/**
 * The catalogue, and whether this viewer may see an indicator's figures for the organisation: published ones always,
 * local ones only within the viewer's scope (asked of the database only when local indicators exist).
 */
export async function visibleFor(db: Database, viewer: Viewer, orgCode: string) {
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

/**
 * Who may see this funnel, and of what: the indicator, group and area named, checked for this viewer. Everything
 * the answer depends on besides the data is in the query, so once these checks pass the answer is the same for
 * every viewer who asks it.
 */
async function funnelSubject(db: Database, viewer: Viewer, code: string, query: z.infer<typeof FunnelQuery>) {
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
  return { def, group, area };
}

/**
 * The whole funnel as the API sends it, every row: the funnel route's table (sorted and cut as a page asks), its
 * points and its download are each made from it. Its fit is kept per data version (funnelFor); the rows in full are
 * not kept beside the answers made from them, which are kept as compressed bytes at a tenth of the memory.
 */
async function funnelAnswerOf(
  db: Database,
  { def, group, area }: Awaited<ReturnType<typeof funnelSubject>>,
  query: z.infer<typeof FunnelQuery>,
) {
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
  const json = funnelAnswerJson({
    ...answer,
    group: group ? { id: group.id, name: group.name, kind: group.kind } : null,
    ruleVersion: rules?.version ?? null,
    title: def.title,
    unit: def.unit,
    direction: def.direction,
    published: def.published,
  });
  // the counts and the version are always finite: only the fitted figures can be null
  return {
    ...json,
    definitionVersion: answer.definitionVersion,
    multiplier: answer.multiplier,
    excluded: answer.excluded,
    practices: json.rows.length,
  };
}

/** Only the query's fields that choose the funnel (not how its rows are sorted or cut). */
function funnelFilters({ area, period, comparator, group, adjust, window }: z.infer<typeof FunnelQuery>) {
  return { area, period, comparator, group, adjust, window };
}

/** The funnel as the API sends it, every row, for its download (exports.ts). */
export async function funnelView(
  db: Database,
  viewer: Viewer,
  code: string,
  query: z.infer<typeof FunnelQuery>,
) {
  return funnelAnswerOf(db, await funnelSubject(db, viewer, code, query), query);
}

/**
 * The funnel route's answer once this viewer may see it: its key among the stored answers (everything it depends
 * on besides the data is in the query) and how to make it, with its rows sorted and cut as asked.
 */
export async function checkedFunnel(
  db: Database,
  viewer: Viewer,
  code: string,
  query: z.infer<typeof FunnelTableQuery>,
) {
  const subject = await funnelSubject(db, viewer, code, query);
  // the key holds only what changes the answer: an order without a sort changes nothing
  const { sort, order, limit } = query;
  const table = sort ? { sort, order, limit } : { limit };
  return {
    key: `funnel:${code}:${JSON.stringify({ ...funnelFilters(query), ...table })}`,
    answer: async () => {
      const f = await funnelAnswerOf(db, subject, query);
      return { ...f, rows: funnelTableRows(f.rows, { order, ...table }) };
    },
  };
}

/** The funnel's points route, as checkedFunnel: every practice as the plot draws it, in columns. */
export async function checkedFunnelPoints(
  db: Database,
  viewer: Viewer,
  code: string,
  query: z.infer<typeof FunnelQuery>,
) {
  const subject = await funnelSubject(db, viewer, code, query);
  return {
    key: `funnel-points:${code}:${JSON.stringify(funnelFilters(query))}`,
    answer: async () => {
      const f = await funnelAnswerOf(db, subject, query);
      return { indicator: f.indicator, periodStart: f.periodStart, points: funnelPointsOf(f.rows) };
    },
  };
}

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

/** A result as a point of a change between windows: its pooled window, value and adjusted z. */
const pointOf = (r: IndicatorResult) => ({
  windowStart: r.windowStart,
  periodStart: r.periodStart,
  value: r.value,
  zAdjusted: r.zAdjusted,
});

/**
 * An area's tiers and overview grid as the API sends them, for the page and its downloads. Who may see it is
 * decided by the route; the answer is the same for everyone who may, so it is kept for the data version.
 */
export async function areaTiersView(db: Database, query: z.infer<typeof AreaTiersQuery>) {
  const area = await findOrganisation(db, query.area);
  if (!area) throw notFound(`No organisation has the code ${query.area}`);
  const rules = await rulesOrFail(db);
  return cachedForDataVersion(
    db,
    `area-tiers:${area.code}:${rules.version}`,
    () => areaTiers(db, area, rules),
    {
      weight: (t) => t.practices.length * (rules.indicators.length + 1),
    },
  );
}

async function areaTiers(
  db: Database,
  area: { code: string; name: string; type: string },
  rules: Awaited<ReturnType<typeof rulesOrFail>>,
) {
  const e = await evaluateCached(db, rules);
  const catalogue = await listIndicators(db);
  const sign = (code: string) => betterSign(catalogue.find((d) => d.code === code)?.direction);
  const reading = (r: IndicatorResult): 'worse_strict' | 'worse_watch' | 'better' | 'within' =>
    r.worseStrict ? 'worse_strict' : r.worseWatch ? 'worse_watch' : r.better ? 'better' : 'within';
  const inArea = [...e.decisions].filter(([, d]) => d.ccg === area.code || d.icb === area.code);
  // a practice closed since its latest results keeps the tier they give, marked with the day it closed
  const closed = await closeDatesOf(
    db,
    inArea.map(([code]) => code),
  );
  const practices = inArea
    .map(([code, d]) => ({
      code,
      name: d.name,
      closeDate: closed.get(code) ?? null,
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
      closeDate: null,
      ccg: p.subIcb,
      tier: null,
      previous: null,
      reason: NO_RESULT,
      evidence: 0,
      cells: {},
    }));
  const counts: Record<Tier, number> = { doing_well: 0, could_do_better: 0, below_the_line: 0 };
  for (const p of practices) counts[p.tier]++;
  const rank = (t: Tier) => TIERS.indexOf(t);
  const moved = practices.filter((p) => p.previous !== null && p.previous !== p.tier);
  // the open practices' biggest changes between the latest two periods, in z-scores signed so that up is better
  // (a closed practice's change is not worth a look)
  const changes = inArea
    .filter(([code]) => !closed.has(code))
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
            from: pointOf(was),
            to: pointOf(r),
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
      // one comparison per indicator, whichever practice's result is read
      const adjusted = inArea.some(
        ([code]) => e.results.get(code)?.[0]?.find((r) => r.indicator === c)?.adjustment === 'casemix',
      );
      return {
        code: c,
        title: d?.title ?? c,
        direction: d?.direction ?? 'neither',
        unit: d?.unit ?? '',
        adjusted,
      };
    }),
    labels: TIER_LABEL,
    about: ABOUT_PRACTICES,
    noTier: unjudged.length,
    practices: [...practices, ...unjudged],
    changes,
  };
}

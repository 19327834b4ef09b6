/** Practice variation from the store: funnels per indicator and period, the rule set in force, and tiers. */
import { cachedForDataVersion } from '../db/store-cache.js';
import { casemixCovariates, type CasemixModel, type Covariate } from './casemix.js';
import type { Queryable } from '../db/connect.js';
import { listIndicators, type CatalogueEntry } from '../db/repos/indicators.js';
import { indicatorsWithCounts, insertRuleSet, ruleSetVersions, type RuleSetRow } from '../db/repos/tiers.js';
import {
  practiceValuesFor,
  practiceValuesForMany,
  type CountedPeriodRow,
  type InputRow,
} from '../db/repos/practice-values.js';
import { countedPeriodsOf, funnelTypeFor, MIN_FUNNEL_PRACTICES, type FunnelAnswer } from './funnel.js';
import { comparePractices, poolPeriods, VariationError, type Adjustment } from './comparison.js';
import { DEFAULT_RULES, RuleSet } from './rules.js';
import { evaluateTiersInSlices, windowPeriods, type Evaluation, type IndicatorInput } from './tiers.js';

export { VariationError, type Adjustment } from './comparison.js';

const listPeriods = (ps: Array<{ periodStart: string }>) =>
  `${ps
    .slice(0, 6)
    .map((p) => p.periodStart.slice(0, 7))
    .join(', ')}${ps.length > 6 ? ', …' : ''}`;

/**
 * The funnel's period: the one starting in a month (YYYY-MM) or on a date (YYYY-MM-DD), or when none is asked for the
 * newest with counts for enough practices (a newer period may hold values without counts, e.g. QOF prevalence in a
 * year whose file gives rates only). `periods` are those with counts, newest first: the ones worth offering.
 */
export async function choosePeriod(
  db: Queryable,
  def: Pick<CatalogueEntry, 'code' | 'method'>,
  period: string | undefined,
) {
  const all = await countedPeriodsOf(db, def);
  if (all.length === 0) throw new VariationError(`${def.code} has no values loaded`);
  const periods = all.filter((p) => p.practices >= MIN_FUNNEL_PRACTICES);
  const offer = { periods: periods.map((p) => p.periodStart) };
  if (!period) {
    if (periods.length === 0)
      throw new VariationError(
        `${def.code} has counts for fewer than ${MIN_FUNNEL_PRACTICES} practices in every period, so no funnel can be drawn`,
        offer,
      );
    return { chosen: periods[0]!, periods };
  }
  const chosen = all.find((p) => p.periodStart.startsWith(period));
  if (!chosen)
    throw new VariationError(
      `${def.code} has no period starting ${period}; ${periods.length ? `periods with counts start ${listPeriods(periods)}` : `periods start ${listPeriods(all)}`}`,
      offer,
    );
  return { chosen, periods };
}

/** The case-mix facts as at a date, cached for the data version. */
export function casemixFactsAt(db: Queryable, asOf: string) {
  return cachedForDataVersion(db, `casemix:${asOf}`, () => casemixCovariates(db, asOf));
}

/** The periods pooled in a window of `window` periods with counts ending at `chosen` (newest first). */
function windowOf<P extends { periodStart: string }>(periods: P[], chosen: P, window: number): P[] {
  const at = periods.findIndex((p) => p.periodStart === chosen.periodStart);
  return at < 0 ? [chosen] : periods.slice(at, at + window);
}

export async function funnelFor(
  db: Queryable,
  def: CatalogueEntry,
  opts: {
    area: { code: string; type: string } | null;
    period?: string;
    /** periods pooled, ending at `period` (default 1: that period alone); tiers pool their rule's window */
    window?: number;
    comparator: 'england' | 'area' | 'group';
    /** a commissioner's own grouping: the practices shown (and, with comparator 'group', the comparison) */
    group?: { id: number; members: Set<string> } | null;
    adjust?: Adjustment;
  },
): Promise<
  FunnelAnswer & {
    periods: string[];
    casemix: CasemixModel | null;
    /** the periods pooled, newest first (one unless a window was asked for) */
    pooled: string[];
  }
> {
  if (!funnelTypeFor(def))
    throw new VariationError(
      `${def.code} is a ${def.method}; funnel plots need a proportion, rate or ratio with counts`,
    );
  const { chosen, periods } = await choosePeriod(db, def, opts.period);
  const pooled = windowOf(periods, chosen, opts.window ?? 1);
  const inArea = (r: { code: string; ccg: string | null; icb: string | null }) =>
    opts.group
      ? opts.group.members.has(r.code)
      : !opts.area || r.ccg === opts.area.code || r.icb === opts.area.code;
  const adjust = opts.adjust ?? 'none';
  // the fit depends on the practices compared against, not on those shown: every area's view of an England
  // comparison shares the national fit, and only its rows are filtered per request
  const basis =
    opts.comparator === 'england'
      ? 'england'
      : `${opts.comparator}:${opts.group ? `group ${opts.group.id}` : `area ${opts.area?.code ?? ''}`}`;
  const key = `funnel:${def.code}@${def.version}:${pooled.map((p) => p.periodStart).join(',')}:${adjust}:${basis}`;
  const compared = await cachedForDataVersion(
    db,
    key,
    async () => {
      const byPeriod = await practiceValuesFor(
        db,
        def.code,
        pooled.map((p) => p.periodStart),
      );
      const all = poolPeriods(pooled.map((p) => byPeriod.get(p.periodStart) ?? []));
      const covariates = adjust === 'casemix' ? await casemixFactsAt(db, chosen.periodEnd) : null;
      return comparePractices(def, all, {
        basis: opts.comparator === 'england' ? () => true : inArea,
        adjust,
        covariates,
      });
    },
    { weight: (c) => (c ? c.fit.rows.length : 1) },
  );
  if (!compared)
    throw new VariationError(
      `${def.code} has counts for fewer than ${MIN_FUNNEL_PRACTICES} practices ${opts.comparator === 'england' ? '' : `of the ${opts.comparator} `}in the period starting ${chosen.periodStart.slice(0, 7)}${periods.length ? `; periods with counts start ${listPeriods(periods)}` : ''}`,
      { periods: periods.map((p) => p.periodStart) },
    );
  const { fit, casemix } = compared;
  return {
    indicator: def.code,
    definitionVersion: def.version,
    periodStart: chosen.periodStart,
    periodEnd: chosen.periodEnd,
    comparator: opts.comparator,
    area: opts.area?.code ?? null,
    ...fit,
    method: `${pooled.length > 1 ? `${pooled.length} periods pooled (${pooled.at(-1)!.periodStart.slice(0, 7)} to ${chosen.periodStart.slice(0, 7)}: counts summed per practice); ` : ''}${casemix ? `observed ÷ expected (case-mix model) on a ${fit.method}` : fit.method}`,
    rows: fit.rows.filter(inArea),
    periods: periods.map((p) => p.periodStart),
    casemix,
    pooled: pooled.map((p) => p.periodStart),
  };
}

/** Why an indicator cannot be tier evidence (null when it can): the rule set may adopt only those it can judge. */
export function notAdoptable(
  d: Pick<CatalogueEntry, 'code' | 'orgType' | 'direction' | 'method' | 'numeratorKind'>,
): string | null {
  if (d.orgType !== 'practice') return `${d.code} is not a practice indicator`;
  if (d.direction === 'neither')
    return `${d.code} has no better direction, so it cannot count for or against a practice`;
  const type = funnelTypeFor(d);
  if (type === 'continuous')
    return `${d.code} is an amount (£ or staff), not a count of events: context, not tier evidence`;
  if (!type) return `${d.code} has no counts, so no funnel can judge it`;
  return null;
}

/** Method order for a family's lead indicator: a ratio is already standardised (items per STAR-PU), then rates, then proportions. */
const LEAD_ORDER = ['ratio', 'rate', 'proportion'];

/**
 * Indicators a first rule set adopts: practice-level counts with a better direction, one per family (the
 * behaviour measured), so that one behaviour is tested once: the family's ratio if it has one (already
 * standardised for age and sex, as items per STAR-PU), else its rate, else its proportion.
 */
async function adoptable(db: Queryable): Promise<CatalogueEntry[]> {
  const defs = await listIndicators(db);
  const withCounts = await indicatorsWithCounts(db);
  const lead = new Map<string, CatalogueEntry>();
  for (const d of defs.filter((d) => !notAdoptable(d) && withCounts.has(d.code))) {
    const was = lead.get(d.family);
    const rank = (x: CatalogueEntry) => LEAD_ORDER.indexOf(x.method);
    if (!was || rank(d) < rank(was) || (rank(d) === rank(was) && d.code < was.code)) lead.set(d.family, d);
  }
  return [...lead.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export interface StoredRuleSet extends RuleSet {
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** Every version of the rule set, newest first. */
export function ruleHistory(db: Queryable, limit = 1000): Promise<RuleSetRow[]> {
  return ruleSetVersions(db, limit);
}

/** The rule set in force: the latest version; on first use, version 1 adopts every indicator that can be judged. */
export async function currentRules(db: Queryable): Promise<StoredRuleSet | null> {
  const [row] = await ruleHistory(db, 1);
  if (row)
    return {
      ...RuleSet.parse({ ...row.rules, version: row.version }),
      note: row.note,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
    };
  const leads = await adoptable(db);
  if (leads.length === 0) return null;
  const families = leads.length;
  await saveRules(
    db,
    {
      ...DEFAULT_RULES,
      indicators: leads.map((d) => d.code),
      minFamilies: Math.min(DEFAULT_RULES.minFamilies, families),
    },
    `First rule set: one practice indicator with counts and a better direction from each of the ${families} ${families === 1 ? 'family' : 'families'} loaded (amounts such as £ and staff are context, not evidence)${families < DEFAULT_RULES.minFamilies ? `; with ${families} family loaded, below the line needs that one` : ''}.`,
    'system',
  );
  return currentRules(db);
}

export function saveRules(
  db: Queryable,
  rules: Omit<RuleSet, 'version'>,
  note: string | null,
  by: string,
): Promise<number> {
  return insertRuleSet(db, rules, note, by);
}

/** Evaluate a rule set over every practice in England (funnels need the national picture). */
export async function evaluate(db: Queryable, rules: RuleSet): Promise<Evaluation> {
  const defs = new Map((await listIndicators(db)).map((d) => [d.code, d]));
  const missing: Evaluation['skipped'] = [];
  const wanted: Array<{ def: CatalogueEntry; counted: CountedPeriodRow[]; starts: string[] }> = [];
  for (const code of rules.indicators) {
    const def = defs.get(code);
    if (!def) {
      missing.push({ indicator: code, why: 'no such indicator in the catalogue' });
      continue;
    }
    // the periods with counts the funnel page offers; those of the latest window and of the one a period earlier
    const counted = (await countedPeriodsOf(db, def)).filter((p) => p.practices >= MIN_FUNNEL_PRACTICES);
    const needed = [
      ...windowPeriods(counted, 0, rules.windowMonths),
      ...windowPeriods(counted, 1, rules.windowMonths),
    ];
    wanted.push({ def, counted, starts: [...new Set(needed.map((p) => p.periodStart))] });
  }
  // every indicator's windows in one read: the practices' areas are looked up once, not once per indicator
  const values = await practiceValuesForMany(
    db,
    wanted.map((w) => ({ indicator: w.def.code, periodStarts: w.starts })),
  );
  const inputs: IndicatorInput[] = [];
  for (const { def, counted } of wanted) {
    const byPeriod = values.get(def.code) ?? new Map<string, InputRow[]>();
    const periods = counted
      .filter((p) => byPeriod.has(p.periodStart))
      .map((p) => ({
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        rows: byPeriod.get(p.periodStart)!,
      }));
    const covariates = new Map<string, Covariate[]>();
    if (rules.adjustment !== 'none' && !notAdoptable(def))
      for (const p of counted.slice(0, 2)) covariates.set(p.periodEnd, await casemixFactsAt(db, p.periodEnd));
    inputs.push({
      code: def.code,
      method: def.method,
      multiplier: def.multiplier,
      direction: def.direction,
      numeratorKind: def.numeratorKind,
      family: def.family,
      periods,
      covariates,
    });
  }
  // in slices: a serving process answers other pages while it is made
  const r = await evaluateTiersInSlices(rules, inputs);
  return { ...r, skipped: [...missing, ...r.skipped] };
}

/**
 * Evaluations are cached per database, rule set and data version, pinned: every practice's tier and every area's
 * tiers are read from the one evaluation, which at national scale outweighs the cache's whole budget.
 */
export function evaluateCached(db: Queryable, rules: RuleSet): Promise<Evaluation> {
  // the rule fields alone (a stored rule set also carries its note and author, which change nothing)
  return cachedForDataVersion(
    db,
    `tiers:${JSON.stringify(RuleSet.parse(rules))}`,
    () => evaluate(db, rules),
    {
      pinned: true,
    },
  );
}

/** The practices whose tier differs between two rule sets, with why they are where they are now. */
export async function whoMoved(db: Queryable, before: RuleSet, after: RuleSet) {
  const [old, now] = await Promise.all([evaluateCached(db, before), evaluateCached(db, after)]);
  return [...now.decisions].flatMap(([code, d]) => {
    const was = old.decisions.get(code)?.tier ?? null;
    return was === d.tier ? [] : [{ code, name: d.name, from: was, to: d.tier, reason: d.reason }];
  });
}

/** Practice variation from the store: funnels per indicator and period, the rule set in force, and tiers. */
import { cachedUntilNextLoad } from '../db/store-cache.js';
import { casemixCovariates, fitCasemix, type CasemixModel } from './casemix.js';
import type { Queryable } from '../db/connect.js';
import { listIndicators, type CatalogueEntry } from '../db/repos/indicators.js';
import {
  countedPeriodsOf,
  fitFunnel,
  funnelTypeFor,
  MIN_FUNNEL_PRACTICES,
  periodsOf,
  practiceValues,
  type FunnelAnswer,
  type InputRow,
} from './funnel.js';
import { DEFAULT_RULES, RuleSet } from './rules.js';
import { evaluateTiers, type Evaluation, type IndicatorInput } from './tiers.js';

export class VariationError extends Error {
  constructor(
    message: string,
    /** named facts for the answer, e.g. the periods that can be asked for instead */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

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

export type Adjustment = 'none' | 'casemix';

export async function funnelFor(
  db: Queryable,
  def: CatalogueEntry,
  opts: {
    area: { code: string; type: string } | null;
    period?: string;
    comparator: 'england' | 'area' | 'group';
    /** a commissioner's own grouping: the practices shown (and, with comparator 'group', the comparison) */
    group?: { id: number; members: Set<string> } | null;
    adjust?: Adjustment;
  },
): Promise<FunnelAnswer & { periods: string[]; casemix: CasemixModel | null }> {
  if (!funnelTypeFor(def))
    throw new VariationError(
      `${def.code} is a ${def.method}; funnel plots need a proportion, rate or ratio with counts`,
    );
  const { chosen, periods } = await choosePeriod(db, def, opts.period);
  const all = await practiceValues(db, def.code, chosen.periodStart);
  const inArea = (r: { code: string; ccg: string | null; icb: string | null }) =>
    opts.group
      ? opts.group.members.has(r.code)
      : !opts.area || r.ccg === opts.area.code || r.icb === opts.area.code;
  let basis = opts.comparator === 'england' ? all : all.filter(inArea);
  let casemix: CasemixModel | null = null;
  if (opts.adjust === 'casemix') {
    const adjusted = await adjustForCasemix(db, def, all, chosen.periodEnd);
    casemix = adjusted.model;
    basis = basis.flatMap((r) => {
      const e = adjusted.expected.get(r.code);
      return e === undefined ? [] : [{ ...r, denominator: e }];
    });
  }
  const fit = fitFunnel(def, basis, casemix ? { type: 'ratio', multiplier: 1 } : undefined);
  if (!fit)
    throw new VariationError(
      `${def.code} has counts for fewer than ${MIN_FUNNEL_PRACTICES} practices ${opts.comparator === 'england' ? '' : `of the ${opts.comparator} `}in the period starting ${chosen.periodStart.slice(0, 7)}${periods.length ? `; periods with counts start ${listPeriods(periods)}` : ''}`,
      { periods: periods.map((p) => p.periodStart) },
    );
  return {
    indicator: def.code,
    definitionVersion: def.version,
    periodStart: chosen.periodStart,
    periodEnd: chosen.periodEnd,
    comparator: opts.comparator,
    area: opts.area?.code ?? null,
    ...fit,
    method: casemix ? `observed ÷ expected (case-mix model) on a ${fit.method}` : fit.method,
    rows: fit.rows.filter(inArea),
    periods: periods.map((p) => p.periodStart),
    casemix,
  };
}

/**
 * Expected counts from the case-mix model, fitted on every practice (England), whichever comparator is shown.
 * The model is Poisson, so it is offered for counts of rarer events (rates, and proportions whose pooled value is
 * under 20%, such as disease prevalence); common outcomes would need a logistic model, which Lantern does not fit.
 */
async function adjustForCasemix(db: Queryable, def: CatalogueEntry, rows: InputRow[], asOf: string) {
  const counted = rows.filter(
    (r): r is InputRow & { numerator: number; denominator: number } =>
      r.numerator !== null && r.denominator !== null && r.denominator > 0 && r.numerator >= 0,
  );
  const pooled =
    counted.reduce((a, r) => a + r.numerator, 0) / counted.reduce((a, r) => a + r.denominator, 0);
  if (def.method === 'proportion' && pooled > 0.2)
    throw new VariationError(
      `case-mix adjustment uses a Poisson model, which suits rarer events; ${def.code} averages ${(pooled * 100).toFixed(0)}%, so compare it crude`,
    );
  const covariates = await cachedUntilNextLoad(db, `casemix:${asOf}`, () => casemixCovariates(db, asOf));
  if (covariates.length === 0)
    throw new VariationError('no case-mix facts (age and sex, deprivation, need) are loaded');
  try {
    return fitCasemix(counted, covariates);
  } catch (e) {
    throw new VariationError((e as Error).message);
  }
}

/** Indicators a first rule set can adopt: practice-level, a better direction, counts that make a funnel. */
async function adoptable(db: Queryable): Promise<string[]> {
  const defs = await listIndicators(db);
  const rows = await db.query<{ code: string }>(
    `SELECT DISTINCT indicator_code AS code FROM indicator_values WHERE current AND numerator IS NOT NULL AND denominator > 0`,
  );
  const withCounts = new Set(rows.map((r) => r.code));
  return defs
    .filter(
      (d) =>
        d.orgType === 'practice' && d.direction !== 'neither' && funnelTypeFor(d) && withCounts.has(d.code),
    )
    .map((d) => d.code)
    .sort();
}

export interface StoredRuleSet extends RuleSet {
  note: string | null;
  createdBy: string;
  createdAt: string;
}

interface RuleSetRow {
  version: number;
  rules: object;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** Every version of the rule set, newest first. */
export async function ruleHistory(db: Queryable, limit = 1000): Promise<RuleSetRow[]> {
  return db.query<RuleSetRow>(
    `SELECT version, rules, note, created_by AS "createdBy", created_at AS "createdAt" FROM tier_rule_sets ORDER BY version DESC LIMIT $1`,
    [limit],
  );
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
  const indicators = await adoptable(db);
  if (indicators.length === 0) return null;
  await saveRules(
    db,
    { ...DEFAULT_RULES, indicators },
    'First rule set: every practice indicator with counts and a better direction.',
    'system',
  );
  return currentRules(db);
}

export async function saveRules(
  db: Queryable,
  rules: Omit<RuleSet, 'version'>,
  note: string | null,
  by: string,
): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO tier_rule_sets (version, rules, note, created_by)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM tier_rule_sets RETURNING version`,
    [JSON.stringify(rules), note, by],
  );
  return row!.version;
}

/** Evaluate a rule set over every practice in England (funnels need the national picture). */
export async function evaluate(db: Queryable, rules: RuleSet): Promise<Evaluation> {
  const defs = new Map((await listIndicators(db)).map((d) => [d.code, d]));
  const inputs: IndicatorInput[] = [];
  const missing: Evaluation['skipped'] = [];
  for (const code of rules.indicators) {
    const def = defs.get(code);
    if (!def) {
      missing.push({ indicator: code, why: 'no such indicator in the catalogue' });
      continue;
    }
    // one period more than the rule needs, for each practice's tier a period earlier
    const periods = (await periodsOf(db, code)).slice(0, rules.consecutivePeriods + 1);
    inputs.push({
      code,
      method: def.method,
      multiplier: def.multiplier,
      direction: def.direction,
      periods: await Promise.all(
        periods.map(async (p) => ({
          periodStart: p.periodStart,
          rows: await practiceValues(db, code, p.periodStart),
        })),
      ),
    });
  }
  const r = evaluateTiers(rules, inputs);
  return { ...r, skipped: [...missing, ...r.skipped] };
}

/** Evaluations are cached per database, rule set and state of the store (the newest load). */
export function evaluateCached(db: Queryable, rules: RuleSet): Promise<Evaluation> {
  // the rule fields alone (a stored rule set also carries its note and author, which change nothing)
  return cachedUntilNextLoad(db, `tiers:${JSON.stringify(RuleSet.parse(rules))}`, () => evaluate(db, rules));
}

/** The practices whose tier differs between two rule sets, with why they are where they are now. */
export async function whoMoved(db: Queryable, before: RuleSet, after: RuleSet) {
  const [old, now] = await Promise.all([evaluateCached(db, before), evaluateCached(db, after)]);
  return [...now.decisions].flatMap(([code, d]) => {
    const was = old.decisions.get(code)?.tier ?? null;
    return was === d.tier ? [] : [{ code, name: d.name, from: was, to: d.tier, reason: d.reason }];
  });
}

/**
 * One practice's indicator over time as a Making Data Count XmR chart: centre line, natural process limits,
 * special-cause points (the four rules) coloured by whether they are improvement or concern, given the
 * indicator's direction. XmR, not p or u, because practice rates over time vary for reasons beyond the binomial or
 * Poisson (NHS England's advice for indicators of this kind).
 */
import type { Queryable } from '../db/connect.js';
import type { CatalogueEntry } from '../db/repos/indicators.js';
import { computeSpc, type Improvement } from '../stats/spc.js';

export const MIN_SPC_POINTS = 12;

export function improvementOf(direction: string): Improvement {
  return direction === 'higher_better' ? 'increase' : direction === 'lower_better' ? 'decrease' : 'neither';
}

export async function practiceSpc(db: Queryable, practice: string, def: CatalogueEntry) {
  const rows = await db.query<{ periodStart: string; value: number }>(
    `SELECT period_start AS "periodStart", value FROM indicator_values
      WHERE org_code = $1 AND indicator_code = $2 AND current AND value IS NOT NULL
      ORDER BY period_start`,
    [practice, def.code],
  );
  if (rows.length < MIN_SPC_POINTS)
    return {
      indicator: def.code,
      title: def.title,
      unit: def.unit,
      points: [],
      enough: false,
      minimum: MIN_SPC_POINTS,
      warnings: [] as string[],
      assurance: null,
    };
  const improvement = improvementOf(def.direction);
  const r = computeSpc({ values: rows.map((x) => x.value) }, { chart: 'xmr', improvement });
  return {
    indicator: def.code,
    title: def.title,
    unit: def.unit,
    chart: 'XmR (Making Data Count)',
    improvement,
    enough: true,
    minimum: MIN_SPC_POINTS,
    warnings: r.warnings,
    assurance: r.assurance,
    points: rows.map((x, i) => ({
      period: x.periodStart,
      value: x.value,
      centre: r.centre[i],
      lower: r.lower[i],
      upper: r.upper[i],
      specialCause: r.specialCause[i],
      rules: r.rules[i],
    })),
  };
}

/** The practice's indicators with enough periods for a chart. */
export async function spcIndicators(db: Queryable, practice: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT indicator_code AS code FROM indicator_values WHERE org_code = $1 AND current AND value IS NOT NULL
      GROUP BY indicator_code HAVING count(*) >= $2 ORDER BY indicator_code`,
    [practice, MIN_SPC_POINTS],
  );
  return rows.map((r) => r.code);
}

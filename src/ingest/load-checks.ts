/** Checks of a parsed file that need the database: organisation types against those known, indicators defined. */
import type { Queryable } from '../db/connect.js';
import type { IndicatorDefinition } from '../domain/indicators.js';
import type { OrgType } from '../domain/organisations.js';
import { latestDefinitions } from '../db/repos/indicators.js';
import { knownOrganisations, type KnownOrganisation } from '../db/repos/load-organisations.js';
import type { CellProblem } from './errors.js';
import type { LoadBuilder } from './load-builder.js';

/** Types that may stand for one another when a file mentions a code the reference already knows. */
const FAMILY: Record<OrgType, string> = {
  practice: 'gp',
  prescribing_setting: 'gp',
  trust: 'provider',
  trust_site: 'provider',
  provider: 'provider',
  sub_icb: 'sub_icb',
  icb: 'q',
  area_team: 'q',
  pcn: 'pcn',
  region: 'region',
  country: 'country',
};

/** The organisations already stored among the file's codes, by code. */
export async function existingOrganisations(
  tx: Queryable,
  codes: string[],
): Promise<Map<string, KnownOrganisation>> {
  return new Map((await knownOrganisations(tx, codes)).map((r) => [r.code, r]));
}

/** A problem for each organisation (up to 25 in all) the file gives a type that the one already known cannot have. */
export function checkOrganisationTypes(
  b: LoadBuilder,
  existing: Map<string, KnownOrganisation>,
  problems: CellProblem[],
): void {
  for (const o of b.organisations.values()) {
    const e = existing.get(o.code);
    if (e && FAMILY[e.type] !== FAMILY[o.type] && problems.length < 25)
      problems.push({
        line: null,
        column: null,
        value: o.code,
        expected: `an organisation of type ${o.type}, but ${o.code} is already known as a ${e.type} (${e.name})`,
      });
  }
}

/**
 * The definition of every indicator the file has values for: the file's own, else the latest stored; a problem
 * for each indicator Lantern does not know.
 */
export async function resolveDefinitions(
  tx: Queryable,
  b: LoadBuilder,
  problems: CellProblem[],
): Promise<Map<string, IndicatorDefinition>> {
  const defs = new Map(b.indicators);
  const codes = new Set<string>();
  for (const v of b.values) codes.add(v.indicator);
  const needed = [...codes].filter((c) => !defs.has(c));
  if (needed.length > 0) {
    for (const r of await latestDefinitions(tx, needed)) defs.set(r.code, r);
    for (const code of needed)
      if (!defs.has(code)) {
        const line = b.valueLines[b.values.findIndex((v) => v.indicator === code)];
        problems.push({
          line,
          column: 'indicator_code',
          value: code,
          expected: 'an indicator Lantern knows: define it first with `lantern indicators define`',
        });
      }
  }
  return defs;
}

/**
 * An organisation's indicator values grouped by indicator, with each practice indicator's England benchmark label:
 * what its page shows to everyone, whatever their role (suppression for a viewer outside its scope is applied by
 * the route after). Kept on the data version, as a practice's page is opened far more often than data are loaded.
 */
import type { Database } from '../db/connect.js';
import {
  indicatorCodesForOrganisation,
  listIndicators,
  nationalPracticeCount,
  valuesForOrganisation,
  type CatalogueEntry,
  type ValuePoint,
} from '../db/repos/indicators.js';
import { cachedForDataVersion } from '../db/store-cache.js';
import { englandLabel } from './england-label.js';

export interface OrganisationValues {
  catalogue: Map<string, CatalogueEntry>;
  /** per indicator code, in code order, the points in period order */
  groups: Map<string, ValuePoint[]>;
  /** per practice indicator, what its England benchmark is over ("England", or fewer practices named) */
  englandLabels: Map<string, string>;
}

export function organisationValues(
  db: Database,
  org: { code: string; type: string },
  /** one indicator's series only (what a practice's page asks for each chart it shows) */
  indicator?: string,
): Promise<OrganisationValues> {
  return cachedForDataVersion(
    db,
    `organisation-values:${org.code}${indicator === undefined ? '' : `:${indicator}`}`,
    async () => {
      const [values, list] = await Promise.all([
        valuesForOrganisation(db, org.code, indicator),
        listIndicators(db),
      ]);
      const catalogue = new Map(list.map((d) => [d.code, d]));
      const groups = new Map<string, ValuePoint[]>();
      for (const v of values) {
        if (!groups.has(v.indicatorCode)) groups.set(v.indicatorCode, []);
        groups.get(v.indicatorCode)!.push(v);
      }
      const englandLabels = new Map<string, string>();
      if (org.type === 'practice') {
        const national = await nationalPracticeCount(db);
        for (const [code, points] of groups)
          if (catalogue.get(code)?.orgType === 'practice')
            englandLabels.set(code, await englandLabel(db, code, points, national));
      }
      return { catalogue, groups, englandLabels };
    },
    { weight: (v) => [...v.groups.values()].reduce((n, points) => n + points.length, 0) },
  );
}

/** The indicators an organisation has values of (its page's list, before any figures), kept on the data version. */
export function organisationIndicatorCodes(db: Database, code: string): Promise<string[]> {
  return cachedForDataVersion(db, `organisation-indicator-codes:${code}`, () =>
    indicatorCodesForOrganisation(db, code),
  );
}

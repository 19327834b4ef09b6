/** Each commissioning area's decisions about a provider's surveillance status (table provider_surveillance). */
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { providerSurveillance } from '../schema.js';
import type { SurveillanceLevel } from '../../concerns/surveillance.js';

export interface SurveillanceEntry {
  id: number;
  /** the commissioning area that decided it ('' before the status was per area) */
  areaCode: string;
  areaName: string | null;
  level: SurveillanceLevel;
  reason: string;
  forum: string | null;
  reviewOn: string | null;
  decidedBy: string;
  at: string;
}

/** Every area's decisions about a provider's surveillance status, newest first. */
export function listSurveillance(db: Queryable, provider: string): Promise<SurveillanceEntry[]> {
  return db.query<SurveillanceEntry>(
    `SELECT s.id, s.area_code AS "areaCode", o.name AS "areaName", s.level, s.reason, s.forum,
            s.review_on AS "reviewOn", s.decided_by AS "decidedBy", s.at
       FROM provider_surveillance s LEFT JOIN organisations o ON o.code = s.area_code
      WHERE s.provider_code = $1 ORDER BY s.id DESC`,
    [provider],
  );
}

export async function insertSurveillance(
  db: Queryable,
  provider: string,
  area: string,
  s: { level: SurveillanceLevel; reason: string; forum: string | null; reviewOn: string | null },
  by: string,
  at: string,
): Promise<void> {
  await orm(db)
    .insert(providerSurveillance)
    .values({ providerCode: provider, areaCode: area, ...s, decidedBy: by, at });
}

export interface SurveilledProvider {
  code: string;
  name: string | null;
}

/** Every provider any area has decided a surveillance status for, with its name. */
export function surveilledProviders(db: Queryable): Promise<SurveilledProvider[]> {
  return db.query<SurveilledProvider>(
    `SELECT DISTINCT s.provider_code AS code, o.name FROM provider_surveillance s LEFT JOIN organisations o ON o.code = s.provider_code`,
  );
}

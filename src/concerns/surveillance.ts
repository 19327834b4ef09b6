/** Each commissioning area's surveillance status of a provider, decided and recorded with its reason. */
import type { Queryable } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { insertSurveillance, listSurveillance, type SurveillanceEntry } from '../db/repos/surveillance.js';

export type { SurveillanceEntry };

export const SURVEILLANCE_LEVELS = {
  routine: 'Routine surveillance',
  enhanced: 'Enhanced surveillance',
  risk_summit: 'Risk summit',
} as const;
export type SurveillanceLevel = keyof typeof SURVEILLANCE_LEVELS;

/** Every area's decisions about a provider's surveillance status, newest first. */
export async function surveillanceHistory(db: Queryable, provider: string): Promise<SurveillanceEntry[]> {
  return listSurveillance(db, provider);
}

/** Each area's current status of a provider (its latest decision), most serious first. */
export function currentByArea(history: SurveillanceEntry[]): SurveillanceEntry[] {
  const latest = new Map<string, SurveillanceEntry>();
  for (const h of history) if (!latest.has(h.areaCode)) latest.set(h.areaCode, h);
  const rank = Object.keys(SURVEILLANCE_LEVELS);
  return [...latest.values()].sort((a, b) => rank.indexOf(b.level) - rank.indexOf(a.level) || b.id - a.id);
}

export async function setSurveillance(
  db: Queryable,
  provider: string,
  area: string,
  s: { level: SurveillanceLevel; reason: string; forum?: string | null; reviewOn?: string | null },
  by: string,
): Promise<void> {
  await insertSurveillance(
    db,
    provider,
    area,
    { level: s.level, reason: s.reason, forum: s.forum ?? null, reviewOn: s.reviewOn ?? null },
    by,
    nowIso(),
  );
}

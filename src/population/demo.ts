/**
 * Demo patients: SYNTHETIC patient lists for the demo practice and its neighbours (the first practices of its
 * sub-ICB that have age/sex list sizes and QOF registers), a SYNTHETIC history of named GPs and care plans for their
 * over-75s, scored and summed into the practice aggregates, so the proactive-care pages and the aggregate indicators
 * have something true to the method to show. Every step is idempotent (the same seed and profile make the same
 * extract; a practice's history is written once; only unscored patients are scored; the same counts are the same
 * load), so a start killed part way finishes the work at the next start and a complete store is unchanged.
 */
import type { Database } from '../db/connect.js';
import type { PatientKeys } from '../concerns/nhs-number.js';
import { today } from '../domain/clock.js';
import {
  extractOf,
  patientsOf,
  practicesWithoutCareRecords,
  practicesWithProfiles,
  recordCareInBulk,
  subIcbOf,
  type PatientRow,
} from '../db/repos/population.js';
import { mulberry32 } from '../stats/random.js';
import { frailtyBandOf, type FrailtyBand } from './efi.js';
import { generateForPractices, scorePatients } from './service.js';
import { publishAggregates } from './aggregates.js';

/** Practices given synthetic lists in the demo: enough for a funnel of the aggregates, few enough to start quickly. */
export const DEMO_PRACTICES = 12;
export const DEMO_SEED = 2026;
const DEMO_ACTOR = 'demo history (SYNTHETIC)';

/** Chance that an over-75 has a care plan, by frailty band, before the practice's own factor. */
const PLAN_CHANCE: Record<FrailtyBand, number> = { fit: 0.05, mild: 0.2, moderate: 0.45, severe: 0.7 };

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A SYNTHETIC history for one practice's over-75s: most have a named GP (the practice's share drawn between 80% and
 * 99%), the frailer more often have a care plan (agreed in the last two years; half of those older than six months
 * reviewed since), so practices differ and every list still has work in it.
 */
export function demoCareRecords(patients: readonly PatientRow[], practice: string, asAt: string) {
  let h = DEMO_SEED;
  for (const ch of practice) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const rand = mulberry32(h);
  const namedShare = 0.8 + 0.19 * rand();
  const planFactor = 0.5 + 0.8 * rand();
  const gps = Math.max(2, Math.round(patients.length / 1800));
  return patients
    .filter((p) => p.age >= 75)
    .map((p) => {
      const namedGp = rand() < namedShare ? `GP ${1 + Math.floor(rand() * gps)}` : null;
      const planned = rand() < Math.min(0.95, PLAN_CHANCE[frailtyBandOf(p.deficits)] * planFactor);
      const agreed = planned ? addDays(asAt, -Math.floor(rand() * 730)) : null;
      const agreedDaysAgo = agreed ? (Date.parse(asAt) - Date.parse(agreed)) / 86_400_000 : 0;
      const reviewed =
        agreed && agreedDaysAgo > 182 && rand() < 0.5
          ? addDays(agreed, 1 + Math.floor(rand() * (agreedDaysAgo - 1)))
          : null;
      return { id: p.id, namedGp, agreed, reviewed };
    })
    .filter((r) => r.namedGp !== null || r.agreed !== null);
}

export async function seedDemoPopulation(
  db: Database,
  keys: PatientKeys,
  practice: string,
  progress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const day = today();
  const area = await subIcbOf(db, practice, day);
  if (!area) return 0;
  const neighbours = (await practicesWithProfiles(db, area, day)).filter((p) => p !== practice);
  const chosen = [practice, ...neighbours].slice(0, DEMO_PRACTICES);
  const reports = await generateForPractices(
    db,
    keys,
    chosen,
    { seed: DEMO_SEED, asAt: day, keepExtractDate: true },
    progress,
  );
  const written = reports.reduce((n, r) => n + (r.unchanged ? 0 : r.patients), 0);
  for (const p of await practicesWithoutCareRecords(db, chosen)) {
    const records = demoCareRecords(await patientsOf(db, p), p, (await extractOf(db, p))!.asAt);
    await db.transaction((tx) => recordCareInBulk(tx, p, records, DEMO_ACTOR));
  }
  await scorePatients(db);
  await publishAggregates(db);
  return written;
}

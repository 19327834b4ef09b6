/**
 * Demo patients: SYNTHETIC patient lists for the demo practice and its neighbours (the first practices of its
 * sub-ICB that have age/sex list sizes and QOF registers), scored and summed into the practice aggregates, so the
 * proactive-care pages and the aggregate indicators have something true to the method to show. Every step is
 * idempotent (the same seed and profile make the same extract; only unscored patients are scored; the same counts are
 * the same load), so a start killed part way finishes the work at the next start and a complete store is unchanged.
 */
import type { Database } from '../db/connect.js';
import type { PatientKeys } from '../concerns/nhs-number.js';
import { today } from '../domain/clock.js';
import { practicesWithProfiles, subIcbOf } from '../db/repos/population.js';
import { generateForPractice, scorePatients } from './service.js';
import { publishAggregates } from './aggregates.js';

/** Practices given synthetic lists in the demo: enough for a funnel of the aggregates, few enough to start quickly. */
export const DEMO_PRACTICES = 25;
export const DEMO_SEED = 2026;

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
  let written = 0;
  for (const [i, p] of chosen.entries()) {
    const r = await generateForPractice(db, keys, p, { seed: DEMO_SEED, asAt: day });
    if (!r.unchanged) written += r.patients;
    progress(i + 1, chosen.length);
  }
  await scorePatients(db);
  await publishAggregates(db);
  return written;
}

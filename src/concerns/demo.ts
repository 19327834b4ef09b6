/**
 * Demo concerns: two years of synthetic concerns (labelled, never real) from the demo area's practices about
 * nearby trusts, moved along the workflow by age, with one planted cluster, so every concerns page has
 * something true to the method to show. Written once, in one transaction, when demo mode starts on a store without
 * concerns: a start killed while writing them leaves none, and the next start writes them.
 */
import type { Database } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { addCalendarDays, addWorkingDays } from '../domain/working-days.js';
import { mulberry32 } from '../stats/random.js';
import type { PatientKeys } from './nhs-number.js';
import { generateConcerns } from './synthetic.js';
import { monthsBefore } from './patterns.js';
import { OUTCOMES } from './workflow.js';
import {
  countConcerns,
  insertSyntheticConcerns,
  insertSyntheticReviewStarts,
  insertSyntheticSteps,
  lockDemoConcerns,
  nearbyTrusts,
  practicesOfIcb,
  type StepColumn,
} from '../db/repos/demo-concerns.js';

export async function seedDemoConcerns(
  db: Database,
  keys: PatientKeys,
  scope: { icb: string; trust: string | null },
  /** for tests: awaited inside the transaction, just before it commits */
  beforeCommit?: () => Promise<void>,
): Promise<number> {
  if ((await countConcerns(db)) > 0 || !scope.trust) return 0;
  const practices = await practicesOfIcb(db, scope.icb, 80);
  if (practices.length < 5) return 0;
  const day = today();
  // The demo trust and the open trusts sharing its postcode area (else the busiest by GP referrals).
  const trusts = await nearbyTrusts(db, scope.trust, day, 5);
  const providers = [scope.trust, ...trusts].map((code, i) => ({
    code,
    concernsPerMonth: i === 0 ? 9 : 4 + i,
  }));
  // whole months, so the first month of the charts is not a part-month
  const from = `${monthsBefore(day, 24)[0]}-01`;
  const rows = generateConcerns({
    seed: 2026,
    providers,
    practices,
    from,
    to: addCalendarDays(day, -1),
    withNhsNumber: 0.3,
    clusters: [
      {
        provider: scope.trust,
        category: 'discharge_summary_late',
        practices: 5,
        days: 21,
        start: addCalendarDays(day, -40),
      },
    ],
  });
  const rand = mulberry32(7);
  const at = `${day}T09:00:00Z`;
  const records = rows.map((r) => {
    const age = (Date.parse(day) - Date.parse(r.eventDate)) / 86_400_000;
    const submitted = addWorkingDays(r.eventDate, 1 + Math.floor(rand() * 3));
    const stamps: Record<string, string | null> = {
      submitted,
      acknowledged: null,
      triaged: null,
      sent: null,
      responded: null,
      reviewed: null,
    };
    let status = 'submitted';
    if (age > 4) {
      stamps.acknowledged = addWorkingDays(submitted, 1);
      stamps.triaged = addWorkingDays(submitted, 1 + Math.floor(rand() * 4));
      status = 'triaged';
    }
    if (age > 9) {
      stamps.sent = addWorkingDays(stamps.triaged!, 1);
      status = 'with_provider';
    }
    // Older concerns have had their response (a few of the newer ones are late).
    if (age > 30 || (age > 20 && rand() < 0.6)) {
      stamps.responded = addWorkingDays(stamps.sent!, 4 + Math.floor(rand() * 10));
      status = 'provider_responded';
    }
    if (age > 40) status = 'commissioner_review';
    if (age > 55) {
      stamps.reviewed = addWorkingDays(stamps.responded!, 2 + Math.floor(rand() * 8));
      status = 'closed';
    }
    for (const k of Object.keys(stamps)) if (stamps[k] && stamps[k]! > day) stamps[k] = day;
    return {
      r,
      status,
      stamps,
      outcome: status === 'closed' ? OUTCOMES[Math.floor(rand() * OUTCOMES.length)] : null,
    };
  });
  const written = await db.transaction(async (tx) => {
    // all or nothing, and once: a second server starting beside this one waits here, then finds them written
    await lockDemoConcerns(tx);
    if ((await countConcerns(tx)) > 0) return 0;
    for (let i = 0; i < records.length; i += 200)
      await insertSyntheticConcerns(
        tx,
        records.slice(i, i + 200).map((x) => ({
          status: x.status,
          provider: x.r.provider,
          service: x.r.service,
          category: x.r.category,
          harm: x.r.harm,
          description: x.r.description,
          eventDate: x.r.eventDate,
          nhsNumberLink: x.r.nhsNumber ? keys.link(x.r.nhsNumber) : null,
          nhsNumberSealed: x.r.nhsNumber ? keys.encrypt(x.r.nhsNumber) : null,
          practice: x.r.practice,
          outcome: x.outcome,
          submittedOn: x.stamps.submitted ?? null,
          acknowledgedOn: x.stamps.acknowledged ?? null,
          triagedOn: x.stamps.triaged ?? null,
          sentToProviderOn: x.stamps.sent ?? null,
          providerRespondedOn: x.stamps.responded ?? null,
          reviewedOn: x.stamps.reviewed ?? null,
        })),
        at,
      );
    // The history each concern would have: one event per step, dated on the step's day.
    const steps: Array<[StepColumn, string, string, string, string]> = [
      ['submitted_on', 'draft', 'submitted', 'practice', 'Submitted by the practice'],
      [
        'triaged_on',
        'submitted',
        'triaged',
        'commissioner',
        'Triaged: within scope of the quality alert process',
      ],
      [
        'sent_to_provider_on',
        'triaged',
        'with_provider',
        'commissioner',
        'Sent to the provider for a response',
      ],
      [
        'provider_responded_on',
        'with_provider',
        'provider_responded',
        'provider',
        'Response from the provider',
      ],
      ['reviewed_on', 'commissioner_review', 'closed', 'commissioner', 'Reviewed and closed'],
    ];
    for (const [col, fromState, toState, party, reason] of steps)
      await insertSyntheticSteps(tx, col, {
        from: fromState,
        to: toState,
        party,
        reason: `${reason} (synthetic)`,
        // the commissioner's notes are internal, except the one that sends the concern to the provider
        visibility: party !== 'commissioner' || toState === 'with_provider' ? 'shared' : 'internal',
      });
    await insertSyntheticReviewStarts(tx);
    await beforeCommit?.();
    return records.length;
  });
  return written;
}

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

export async function seedDemoConcerns(
  db: Database,
  keys: PatientKeys,
  scope: { icb: string; trust: string | null },
  /** for tests: awaited inside the transaction, just before it commits */
  beforeCommit?: () => Promise<void>,
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM concerns');
  if (n > 0 || !scope.trust) return 0;
  const practices = (
    await db.query<{ code: string }>(
      `SELECT p.child_code AS code FROM organisation_links p
         JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
        WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code = $1
        ORDER BY p.child_code LIMIT 80`,
      [scope.icb],
    )
  ).map((r) => r.code);
  if (practices.length < 5) return 0;
  const day = today();
  // The demo trust and the open trusts sharing its postcode area (else the busiest by GP referrals).
  const trusts = (
    await db.query<{ code: string }>(
      `WITH t AS (SELECT postcode FROM organisations WHERE code = $1)
       SELECT o.code FROM organisations o LEFT JOIN indicator_values v ON v.org_code = o.code AND v.indicator_code = 'gp_referrals' AND v.current
        WHERE o.type = 'trust' AND o.code <> $1 AND (o.close_date IS NULL OR o.close_date >= $2::date)
        ORDER BY (substring(o.postcode from '^[A-Z]+') = (SELECT substring(postcode from '^[A-Z]+') FROM t)) DESC NULLS LAST,
                 v.value DESC NULLS LAST, o.code
        LIMIT 5`,
      [scope.trust, day],
    )
  ).map((r) => r.code);
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
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('demo concerns'))`);
    const [{ n: now }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM concerns');
    if (now > 0) return 0;
    for (let i = 0; i < records.length; i += 200) {
      const chunk = records.slice(i, i + 200);
      const cols = 17;
      const values: unknown[] = [];
      const tuples = chunk.map((x, j) => {
        const link = x.r.nhsNumber ? keys.link(x.r.nhsNumber) : null;
        const sealed = x.r.nhsNumber ? keys.encrypt(x.r.nhsNumber) : null;
        values.push(
          x.status,
          x.r.provider,
          x.r.service,
          x.r.category,
          x.r.harm,
          x.r.description,
          x.r.eventDate,
          link,
          sealed,
          x.r.practice,
          x.outcome,
          x.stamps.submitted,
          x.stamps.acknowledged,
          x.stamps.triaged,
          x.stamps.sent,
          x.stamps.responded,
          x.stamps.reviewed,
        );
        const p = Array.from(
          { length: cols },
          (_, k) => `$${j * cols + k + 1}::${k === 6 || k >= 11 ? 'date' : 'text'}`,
        );
        return `(${p.join(', ')})`;
      });
      values.push(at);
      await tx.query(
        `INSERT INTO concerns (status, provider_code, service, category_id, harm, description, event_date, nhs_number_link,
           nhs_number_sealed, practice_code, outcome, submitted_on, acknowledged_on, triaged_on, sent_to_provider_on,
           provider_responded_on, reviewed_on, reporter, synthetic, created_at, updated_at, contract_standard)
         SELECT v.*, 'synthetic reporter', true, $${values.length}::timestamptz, $${values.length}::timestamptz,
                (SELECT contract_standard FROM concern_categories k WHERE k.id = v.column4)
           FROM (VALUES ${tuples.join(', ')}) AS v`,
        values,
      );
    }
    // The history each concern would have: one event per step, dated on the step's day.
    const steps: Array<[string, string, string, string, string]> = [
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
      await tx.query(
        `INSERT INTO concern_events (concern_id, at, kind, from_state, to_state, actor, role, party, reason, visibility)
         SELECT id, ${col}::timestamp + interval '10 hours', 'transition', $1, $2, 'synthetic ' || $3, NULL, $3, $4, $5
           FROM concerns WHERE synthetic AND ${col} IS NOT NULL ORDER BY id`,
        // the commissioner's notes are internal, except the one that sends the concern to the provider
        [
          fromState,
          toState,
          party,
          `${reason} (synthetic)`,
          party !== 'commissioner' || toState === 'with_provider' ? 'shared' : 'internal',
        ],
      );
    await tx.query(
      `INSERT INTO concern_events (concern_id, at, kind, from_state, to_state, actor, party, reason)
       SELECT id, provider_responded_on::timestamp + interval '11 hours', 'transition', 'provider_responded', 'commissioner_review',
              'synthetic commissioner', 'commissioner', 'Under review (synthetic)'
         FROM concerns WHERE synthetic AND status IN ('commissioner_review', 'closed') ORDER BY id`,
    );
    await beforeCommit?.();
    return records.length;
  });
  return written;
}

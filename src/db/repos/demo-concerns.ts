/**
 * Writing demo mode's synthetic concerns (concerns/demo.ts): the practices and trusts they are about, and the
 * concerns with the history each would have, written in bulk.
 */
import { count } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { concerns } from '../schema.js';

export async function countConcerns(db: Queryable): Promise<number> {
  const [row] = await orm(db).select({ n: count() }).from(concerns);
  return row!.n;
}

/** Up to `limit` practices in the ICB today (through their sub-ICB location), by code. */
export async function practicesOfIcb(db: Queryable, icb: string, limit: number): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT p.child_code AS code FROM organisation_links p
       JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
      WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code = $1
      ORDER BY p.child_code LIMIT $2`,
    [icb, limit],
  );
  return rows.map((r) => r.code);
}

/**
 * Up to `limit` other trusts open on `day`: those sharing the trust's postcode area first, then the busiest by GP
 * referrals.
 */
export async function nearbyTrusts(
  db: Queryable,
  trust: string,
  day: string,
  limit: number,
): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `WITH t AS (SELECT postcode FROM organisations WHERE code = $1)
     SELECT o.code FROM organisations o LEFT JOIN indicator_values v ON v.org_code = o.code AND v.indicator_code = 'gp_referrals' AND v.current
      WHERE o.type = 'trust' AND o.code <> $1 AND (o.close_date IS NULL OR o.close_date >= $2::date)
      ORDER BY (substring(o.postcode from '^[A-Z]+') = (SELECT substring(postcode from '^[A-Z]+') FROM t)) DESC NULLS LAST,
               v.value DESC NULLS LAST, o.code
      LIMIT $3`,
    [trust, day, limit],
  );
  return rows.map((r) => r.code);
}

/** Wait for (then hold, to the end of the transaction) the one lock that writes demo concerns. */
export async function lockDemoConcerns(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('demo concerns'))`);
}

export interface SyntheticConcern {
  status: string;
  provider: string;
  service: string | null;
  category: string;
  harm: string;
  description: string;
  eventDate: string;
  nhsNumberLink: string | null;
  nhsNumberSealed: string | null;
  practice: string;
  outcome: string | null;
  submittedOn: string | null;
  acknowledgedOn: string | null;
  triagedOn: string | null;
  sentToProviderOn: string | null;
  providerRespondedOn: string | null;
  reviewedOn: string | null;
}

/** Insert synthetic concerns (at most a few hundred at a time: one parameter per field), created `at`. */
export async function insertSyntheticConcerns(
  db: Queryable,
  rows: SyntheticConcern[],
  at: string,
): Promise<void> {
  const cols = 17;
  const values: unknown[] = [];
  const tuples = rows.map((x, j) => {
    values.push(
      x.status,
      x.provider,
      x.service,
      x.category,
      x.harm,
      x.description,
      x.eventDate,
      x.nhsNumberLink,
      x.nhsNumberSealed,
      x.practice,
      x.outcome,
      x.submittedOn,
      x.acknowledgedOn,
      x.triagedOn,
      x.sentToProviderOn,
      x.providerRespondedOn,
      x.reviewedOn,
    );
    const p = Array.from(
      { length: cols },
      (_, k) => `$${j * cols + k + 1}::${k === 6 || k >= 11 ? 'date' : 'text'}`,
    );
    return `(${p.join(', ')})`;
  });
  values.push(at);
  await db.query(
    `INSERT INTO concerns (status, provider_code, service, category_id, harm, description, event_date, nhs_number_link,
       nhs_number_sealed, practice_code, outcome, submitted_on, acknowledged_on, triaged_on, sent_to_provider_on,
       provider_responded_on, reviewed_on, reporter, synthetic, created_at, updated_at, contract_standard)
     SELECT v.*, 'synthetic reporter', true, $${values.length}::timestamptz, $${values.length}::timestamptz,
            (SELECT contract_standard FROM concern_categories k WHERE k.id = v.column4)
       FROM (VALUES ${tuples.join(', ')}) AS v`,
    values,
  );
}

/** The date column a synthetic step is dated by. */
export type StepColumn =
  'submitted_on' | 'triaged_on' | 'sent_to_provider_on' | 'provider_responded_on' | 'reviewed_on';

/**
 * One event for each synthetic concern that took this step, at 10:00 on the day in `column`: from one state to
 * another, by the party (the actor named 'synthetic <party>').
 */
export async function insertSyntheticSteps(
  db: Queryable,
  column: StepColumn,
  step: { from: string; to: string; party: string; reason: string; visibility: 'shared' | 'internal' },
): Promise<void> {
  await db.query(
    `INSERT INTO concern_events (concern_id, at, kind, from_state, to_state, actor, role, party, reason, visibility)
     SELECT id, ${column}::timestamp + interval '10 hours', 'transition', $1, $2, 'synthetic ' || $3, NULL, $3, $4, $5
       FROM concerns WHERE synthetic AND ${column} IS NOT NULL ORDER BY id`,
    [step.from, step.to, step.party, step.reason, step.visibility],
  );
}

/** For synthetic concerns under or past the commissioner's review: the move into review, an hour after the response. */
export async function insertSyntheticReviewStarts(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO concern_events (concern_id, at, kind, from_state, to_state, actor, party, reason)
     SELECT id, provider_responded_on::timestamp + interval '11 hours', 'transition', 'provider_responded', 'commissioner_review',
            'synthetic commissioner', 'commissioner', 'Under review (synthetic)'
       FROM concerns WHERE synthetic AND status IN ('commissioner_review', 'closed') ORDER BY id`,
  );
}

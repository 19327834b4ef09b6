/**
 * Concerns and their history (tables concerns and concern_events): reading them with their categories and
 * organisations' names, logging, moving, acknowledging, and the lists each viewer sees.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { concernEvents, concerns, organisations } from '../schema.js';
import { Where } from '../where.js';
import { applicableSettingsSql } from './provider-settings.js';
import type { ContractStandard, Deadlines, Harm } from '../../concerns/taxonomy.js';
import type { ClockFacts, NoteVisibility, Outcome, Party, State } from '../../concerns/workflow.js';

export interface ConcernRow extends ClockFacts {
  id: number;
  providerCode: string;
  providerName: string | null;
  siteCode: string | null;
  service: string | null;
  categoryId: string;
  categoryLabel: string;
  parentCategoryId: string;
  parentCategoryLabel: string;
  harm: Harm;
  description: string;
  eventDate: string;
  contractStandard: ContractStandard | null;
  nationalReference: string | null;
  urgent: boolean;
  nhsNumberLink: string | null;
  nhsNumberSealed: string | null;
  practiceCode: string;
  practiceName: string | null;
  reporterUserId: number | null;
  reporter: string;
  shareReporter: boolean;
  duplicateOf: number | null;
  outcome: Outcome | null;
  incidentId: number | null;
  synthetic: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The days each clock started and stopped (workflow.ts ClockFacts), for any query over concerns c. */
export const CLOCK_COLUMNS = `c.status, c.submitted_on AS "submittedOn", c.acknowledged_on AS "acknowledgedOn",
  c.triaged_on AS "triagedOn", c.sent_to_provider_on AS "sentToProviderOn",
  c.provider_responded_on AS "providerRespondedOn", c.reviewed_on AS "reviewedOn"`;

const SELECT_CONCERN = `
  SELECT c.id, c.provider_code AS "providerCode", po.name AS "providerName", c.site_code AS "siteCode",
         c.service, c.category_id AS "categoryId", k.label AS "categoryLabel", k.parent_id AS "parentCategoryId",
         kp.label AS "parentCategoryLabel", c.harm, c.description, c.event_date AS "eventDate",
         c.contract_standard AS "contractStandard", c.national_reference AS "nationalReference", c.urgent,
         c.nhs_number_link AS "nhsNumberLink", c.nhs_number_sealed AS "nhsNumberSealed",
         c.practice_code AS "practiceCode", pr.name AS "practiceName", c.reporter_user_id AS "reporterUserId",
         c.reporter, c.share_reporter AS "shareReporter", c.duplicate_of AS "duplicateOf", c.outcome,
         c.incident_id AS "incidentId", c.synthetic, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         ${CLOCK_COLUMNS}
    FROM concerns c
    JOIN concern_categories k ON k.id = c.category_id
    JOIN concern_categories kp ON kp.id = k.parent_id
    LEFT JOIN organisations po ON po.code = c.provider_code
    LEFT JOIN organisations pr ON pr.code = c.practice_code`;

/** These concerns, by id. */
export function getConcernRows(db: Queryable, ids: number[]): Promise<ConcernRow[]> {
  return db.query<ConcernRow>(`${SELECT_CONCERN} WHERE c.id = ANY($1) ORDER BY c.id`, [ids]);
}

/** An organisation's type, or null when Lantern does not know the code. */
export async function organisationType(db: Queryable, code: string): Promise<string | null> {
  const [row] = await orm(db)
    .select({ type: organisations.type })
    .from(organisations)
    .where(eq(organisations.code, code));
  return row?.type ?? null;
}

export interface NewConcernRecord {
  provider: string;
  site: string | null;
  service: string | null;
  category: string;
  harm: Harm;
  description: string;
  eventDate: string;
  contractStandard: string | null;
  nationalReference: string | null;
  urgent: boolean;
  nhsNumberLink: string | null;
  nhsNumberSealed: string | null;
  practice: string;
  reporterUserId: number | null;
  reporter: string;
  shareReporter: boolean;
  synthetic: boolean;
  /** when it was logged (created and updated) */
  at: string;
}

/** Insert a draft concern; its id. */
export async function insertConcern(db: Queryable, c: NewConcernRecord): Promise<number> {
  const [{ id }] = await orm(db)
    .insert(concerns)
    .values({
      status: 'draft',
      providerCode: c.provider,
      siteCode: c.site,
      service: c.service,
      categoryId: c.category,
      harm: c.harm,
      description: c.description,
      eventDate: c.eventDate,
      contractStandard: c.contractStandard,
      nationalReference: c.nationalReference,
      urgent: c.urgent,
      nhsNumberLink: c.nhsNumberLink,
      nhsNumberSealed: c.nhsNumberSealed,
      practiceCode: c.practice,
      reporterUserId: c.reporterUserId,
      reporter: c.reporter,
      shareReporter: c.shareReporter,
      synthetic: c.synthetic,
      createdAt: c.at,
      updatedAt: c.at,
    })
    .returning({ id: concerns.id });
  return id;
}

export interface ConcernEvent {
  id: number;
  at: string;
  kind: string;
  fromState: State | null;
  toState: State | null;
  actor: string;
  role: string | null;
  party: Party;
  reason: string | null;
  visibility: NoteVisibility;
  details: Record<string, unknown>;
}

export async function insertConcernEvent(
  db: Queryable,
  concernId: number,
  e: Omit<ConcernEvent, 'id'> & { actorUserId: number | null },
): Promise<void> {
  await orm(db)
    .insert(concernEvents)
    .values({ concernId, ...e });
}

/** A concern's history, oldest first. */
export function listConcernEvents(db: Queryable, id: number): Promise<ConcernEvent[]> {
  return db.query<ConcernEvent>(
    `SELECT id, at, kind, from_state AS "fromState", to_state AS "toState", actor, role, party, reason, visibility,
            details
       FROM concern_events WHERE concern_id = $1 ORDER BY at, id`,
    [id],
  );
}

/** The columns a move may set besides status and updated_at. */
export interface MoveColumns {
  submitted_on?: string;
  triaged_on?: string;
  sent_to_provider_on?: string;
  provider_responded_on?: string;
  reviewed_on?: string;
  outcome?: Outcome | null;
  duplicate_of?: number;
  incident_id?: number;
  /** set acknowledged_on to this day unless it is set already */
  acknowledged_on_if_unset?: string;
}

/**
 * Move a concern from one state to another, setting these columns, only if it is still in `from` (a concurrent
 * move wins otherwise); false when it was not.
 */
export async function updateConcernState(
  db: Queryable,
  id: number,
  from: State,
  to: State,
  at: string,
  columns: MoveColumns,
): Promise<boolean> {
  const params: unknown[] = [id, to, at, from];
  const sets = ['status = $2', 'updated_at = $3'];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(
      column === 'acknowledged_on_if_unset'
        ? `acknowledged_on = coalesce(acknowledged_on, $${params.length}::date)`
        : `${column} = $${params.length}`,
    );
  }
  const updated = await db.query(
    `UPDATE concerns SET ${sets.join(', ')} WHERE id = $1 AND status = $4 RETURNING id`,
    params,
  );
  return updated.length > 0;
}

export async function setAcknowledged(db: Queryable, id: number, day: string, at: string): Promise<void> {
  await orm(db).update(concerns).set({ acknowledgedOn: day, updatedAt: at }).where(eq(concerns.id, id));
}

/** Who is asking: the record-level rule of concerns/visibility.ts partyFor, as SQL. */
export interface ConcernViewer {
  everything: boolean;
  commissionerPractices: string[];
  practices: string[];
  providers: string[];
  userId: number | null;
}

/**
 * For the overdue filter: the day the list is for, the defaults for providers without settings, and
 * `cutoffs[n]`, the latest day a clock of n working days may have started and be overdue on that day (index n
 * for every n a setting may hold).
 */
export interface OverdueTest {
  day: string;
  defaults: Deadlines;
  cutoffs: string[];
}

export interface ConcernListFilter {
  status?: State;
  provider?: string;
  /** only concerns with a deadline that is past and not met (in SQL, so before the limit) */
  overdue?: OverdueTest;
  limit: number;
}

/** The concerns this viewer may see, most recently changed first, filtered before the limit. */
export function listConcernRows(
  db: Queryable,
  viewer: ConcernViewer,
  f: ConcernListFilter,
): Promise<ConcernRow[]> {
  const w = new Where();
  if (!viewer.everything)
    w.sql(
      `((c.practice_code = ANY(${w.param(viewer.commissionerPractices)}) AND c.status <> 'draft')
        OR (c.practice_code = ANY(${w.param(viewer.practices)}) AND (c.status <> 'draft' OR c.reporter_user_id = ${w.param(viewer.userId)}))
        OR (c.provider_code = ANY(${w.param(viewer.providers)}) AND c.sent_to_provider_on IS NOT NULL))`,
    );
  else w.sql(`c.status <> 'draft'`);
  if (f.status) w.add('c.status = ?', f.status);
  if (f.provider) w.add('c.provider_code = ?', f.provider);
  let settingsJoin = '';
  if (f.overdue) {
    const o = f.overdue;
    const cut = w.param(o.cutoffs);
    // a clock of n working days that started on `start` is overdue when start <= cutoffs[n] (arrays are 1-based)
    const late = (start: string, days: string, fallback: number) =>
      `${start} <= (${cut}::date[])[coalesce(st.${days}, ${w.param(fallback)}::int) + 1]`;
    settingsJoin = `LEFT JOIN LATERAL (${applicableSettingsSql('c.provider_code', 'c.practice_code', w.param(o.day))}) st ON true`;
    // as workflow.ts deadlinesFor: a deadline past and not met, its clock not stopped by a terminal state
    w.sql(`c.status NOT IN ('closed', 'redirected', 'duplicate', 'escalated_to_incident') AND (
        (c.submitted_on IS NOT NULL AND c.acknowledged_on IS NULL AND c.triaged_on IS NULL
          AND ${late('c.submitted_on', 'acknowledge', o.defaults.acknowledge)})
        OR (c.submitted_on IS NOT NULL AND c.triaged_on IS NULL AND ${late('c.submitted_on', 'triage', o.defaults.triage)})
        OR (c.sent_to_provider_on IS NOT NULL AND (c.provider_responded_on IS NULL OR c.provider_responded_on < c.sent_to_provider_on)
          AND ${late('c.sent_to_provider_on', '"providerResponse"', o.defaults.providerResponse)})
        OR (c.provider_responded_on IS NOT NULL AND (c.reviewed_on IS NULL OR c.reviewed_on < c.provider_responded_on)
          AND ${late('c.provider_responded_on', '"commissionerReview"', o.defaults.commissionerReview)}))`);
  }
  return db.query<ConcernRow>(
    `${SELECT_CONCERN} ${settingsJoin} ${w.clause()} ORDER BY c.updated_at DESC, c.id DESC LIMIT ${w.param(f.limit)}`,
    w.params,
  );
}

/**
 * Concerns that may be the same problem as this one (not drafts): the same patient, or the same provider and
 * category within 30 days; the same patient first, then the nearest in time. At most 20, before visibility.
 */
export function relatedConcernRows(db: Queryable, c: ConcernRow): Promise<ConcernRow[]> {
  return db.query<ConcernRow>(
    `${SELECT_CONCERN}
     WHERE c.id <> $1 AND c.status <> 'draft' AND (
       (c.nhs_number_link IS NOT NULL AND c.nhs_number_link = $2)
       OR (c.provider_code = $3 AND c.category_id = $4 AND c.event_date BETWEEN ($5::date - 30) AND ($5::date + 30)))
     ORDER BY (c.nhs_number_link = $2) IS TRUE DESC, abs(c.event_date - $5::date), c.id LIMIT 20`,
    [c.id, c.nhsNumberLink, c.providerCode, c.categoryId, c.eventDate],
  );
}

/**
 * Improvement cases (tables improvement_cases and improvement_steps, append-only) and practices' notes on their
 * values (value_annotations).
 */
import { and, count, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import {
  improvementCases,
  improvementSteps,
  indicatorValues,
  organisations,
  valueAnnotations,
} from '../schema.js';
import type { CaseFacts, Party, Stage, StepKind } from '../../improvement/workflow.js';

export interface CaseRow extends CaseFacts {
  id: number;
  practiceCode: string;
  practiceName: string;
  indicators: string[];
  ruleVersion: number | null;
  tierAtOpening: string | null;
  buddyCode: string | null;
  /** the buddy practice's name, and each indicator's title by code: what the page shows instead of codes */
  buddyName: string | null;
  indicatorTitles: Record<string, string>;
  reviewDue: string | null;
  outcome: string | null;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
}

export interface StepRow {
  id: number;
  at: string;
  kind: StepKind;
  fromStage: Stage | null;
  toStage: Stage;
  actor: string;
  role: string | null;
  party: Party;
  why: string;
  details: Record<string, unknown>;
  evidence: Record<string, unknown> | null;
}

const CASE_COLUMNS = `c.id, c.practice_code AS "practiceCode", o.name AS "practiceName", c.stage, c.indicators,
  c.rule_version AS "ruleVersion", c.tier_at_opening AS "tierAtOpening", c.replied, c.plan_agreed AS "planAgreed",
  c.buddy_code AS "buddyCode", c.review_due AS "reviewDue", c.outcome, c.opened_by AS "openedBy",
  c.opened_at AS "openedAt", c.closed_at AS "closedAt",
  (SELECT b.name FROM organisations b WHERE b.code = c.buddy_code) AS "buddyName",
  (SELECT coalesce(jsonb_object_agg(d.code, d.title), '{}'::jsonb)
     FROM (SELECT DISTINCT ON (i.code) i.code, i.title FROM indicators i
            WHERE i.code IN (SELECT jsonb_array_elements_text(c.indicators)) ORDER BY i.code, i.version DESC) d
  ) AS "indicatorTitles"`;

export async function findCase(db: Queryable, id: number): Promise<CaseRow | null> {
  const [row] = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM improvement_cases c JOIN organisations o ON o.code = c.practice_code WHERE c.id = $1`,
    [id],
  );
  return row ?? null;
}

/** Cases, newest first: for some practices (null: every practice), open only, escalated only. */
export function listCaseRows(
  db: Queryable,
  opts: { practices: string[] | null; open: boolean; escalatedOnly: boolean },
): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM improvement_cases c JOIN organisations o ON o.code = c.practice_code
      WHERE ($1::text[] IS NULL OR c.practice_code = ANY($1))
        AND (NOT $2 OR c.stage <> 'closed')
        AND (NOT $3 OR EXISTS (SELECT 1 FROM improvement_steps s WHERE s.case_id = c.id AND s.kind = 'escalate'))
      ORDER BY c.opened_at DESC, c.id DESC`,
    [opts.practices, opts.open, opts.escalatedOnly],
  );
}

/** The practice's open case's id, or null. */
export async function openCaseOf(db: Queryable, practice: string): Promise<number | null> {
  const [open] = await orm(db)
    .select({ id: improvementCases.id })
    .from(improvementCases)
    .where(and(eq(improvementCases.practiceCode, practice), ne(improvementCases.stage, 'closed')));
  return open?.id ?? null;
}

export interface NewCase {
  practice: string;
  indicators: string[];
  ruleVersion: number;
  tierAtOpening: string | null;
  reviewDue: string;
  openedBy: string;
  openedAt: string;
}

/** Insert a case at the 'shared' stage; its id. */
export async function insertCase(db: Queryable, c: NewCase): Promise<number> {
  const [row] = await orm(db)
    .insert(improvementCases)
    .values({
      practiceCode: c.practice,
      stage: 'shared',
      indicators: c.indicators,
      ruleVersion: c.ruleVersion,
      tierAtOpening: c.tierAtOpening,
      reviewDue: c.reviewDue,
      openedBy: c.openedBy,
      openedAt: c.openedAt,
    })
    .returning({ id: improvementCases.id });
  return row!.id;
}

/** The case columns a step may change. */
export interface CaseChanges {
  stage: Stage;
  replied?: boolean;
  reviewDue?: string | null;
  buddyCode?: string;
  planAgreed?: boolean;
  outcome?: string;
  closedAt?: string;
}

export async function updateCase(db: Queryable, id: number, set: CaseChanges): Promise<void> {
  await orm(db).update(improvementCases).set(set).where(eq(improvementCases.id, id));
}

/** A case's steps in the order they were taken. */
export function listSteps(db: Queryable, caseId: number): Promise<StepRow[]> {
  return db.query<StepRow>(
    `SELECT id::int, at, kind, from_stage AS "fromStage", to_stage AS "toStage", actor, role, party, why, details, evidence
       FROM improvement_steps WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
}

export interface NewStep {
  at: string;
  kind: StepKind;
  from: Stage | null;
  to: Stage;
  actorUserId: number | null;
  actor: string;
  role: string | null;
  party: Party;
  why: string;
  details: object;
  evidence: object | null;
}

export async function insertStep(db: Queryable, caseId: number, s: NewStep): Promise<void> {
  await orm(db)
    .insert(improvementSteps)
    .values({
      caseId,
      at: s.at,
      kind: s.kind,
      fromStage: s.from,
      toStage: s.to,
      actorUserId: s.actorUserId,
      actor: s.actor,
      role: s.role,
      party: s.party,
      why: s.why,
      details: s.details as Record<string, unknown>,
      evidence: s.evidence as Record<string, unknown> | null,
    });
}

/** Whether a practice has this code. */
export async function isPractice(db: Queryable, code: string): Promise<boolean> {
  const rows = await orm(db)
    .select({ code: organisations.code })
    .from(organisations)
    .where(and(eq(organisations.code, code), eq(organisations.type, 'practice')));
  return rows.length > 0;
}

export interface Annotation {
  id: number;
  indicator: string;
  periodStart: string;
  note: string;
  role: string | null;
  at: string;
}

/** A practice's notes on its values (the newest note per value first). */
export function listAnnotations(db: Queryable, practice: string): Promise<Annotation[]> {
  return db.query<Annotation>(
    `SELECT id, indicator_code AS indicator, period_start AS "periodStart", note, role, at
       FROM value_annotations WHERE org_code = $1 ORDER BY indicator_code, period_start DESC, id DESC`,
    [practice],
  );
}

/** Whether the practice has a current value of the indicator for the period starting then. */
export async function hasCurrentValue(
  db: Queryable,
  practice: string,
  indicator: string,
  periodStart: string,
): Promise<boolean> {
  const [value] = await orm(db)
    .select({ n: count() })
    .from(indicatorValues)
    .where(
      and(
        eq(indicatorValues.orgCode, practice),
        eq(indicatorValues.indicatorCode, indicator),
        eq(indicatorValues.periodStart, periodStart),
        eq(indicatorValues.current, true),
      ),
    );
  return !!value && value.n > 0;
}

export interface NewAnnotation {
  practice: string;
  indicator: string;
  periodStart: string;
  note: string;
  actorUserId: number | null;
  actor: string;
  role: string | null;
  at: string;
}

export async function insertAnnotation(db: Queryable, a: NewAnnotation): Promise<number> {
  const [row] = await orm(db)
    .insert(valueAnnotations)
    .values({
      orgCode: a.practice,
      indicatorCode: a.indicator,
      periodStart: a.periodStart,
      note: a.note,
      actorUserId: a.actorUserId,
      actor: a.actor,
      role: a.role,
      at: a.at,
    })
    .returning({ id: valueAnnotations.id });
  return row!.id;
}

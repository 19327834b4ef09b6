/** The improvement API's contract: cases, their steps, and practices' notes on their values. */
import { z } from 'zod';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { timestamp } from '../api/route.js';
import { CLOSE_OUTCOMES, STAGES, STEPS } from './workflow.js';

export const Why = withoutNhsNumber(z.string().trim().min(3, 'must say why').max(5000));

export const ActionInput = z.object({
  action: withoutNhsNumber(z.string().trim().min(3).max(500)),
  owner: withoutNhsNumber(z.string().trim().min(2).max(200)),
  reviewBy: IsoDate,
});

export const StepBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), why: Why, onBehalf: z.boolean().optional() }),
  z.object({
    kind: z.literal('peer_review'),
    why: Why,
    attendees: withoutNhsNumber(z.string().trim().min(2).max(1000)),
    conclusions: withoutNhsNumber(z.string().trim().min(3).max(5000)),
  }),
  z.object({ kind: z.literal('buddy'), why: Why, buddy: OrgCode.shape.code }),
  z.object({ kind: z.literal('support_plan'), why: Why, actions: z.array(ActionInput).min(1).max(30) }),
  z.object({ kind: z.literal('agree_plan'), why: Why }),
  z.object({
    kind: z.literal('review'),
    why: Why,
    progress: z.enum(['improving', 'no_change', 'worse']),
    nextReview: IsoDate.optional(),
  }),
  z.object({ kind: z.literal('escalate'), why: Why }),
  z.object({ kind: z.literal('close'), why: Why, outcome: z.enum(CLOSE_OUTCOMES) }),
  z.object({ kind: z.literal('note'), why: Why }),
]);

const stage = z.enum(STAGES);
const stepKind = z.enum([...STEPS, 'share']);
const party = z.enum(['commissioner', 'practice', 'peer_group']);

/** An improvement case as lists and its page show it. */
export const caseSummary = z.object({
  id: z.number().int(),
  practiceCode: z.string(),
  practiceName: z.string(),
  indicators: z.array(z.string()),
  indicatorTitles: z.record(z.string(), z.string()),
  ruleVersion: z.number().int().nullable(),
  tierAtOpening: z.string().nullable(),
  tierAtOpeningLabel: z.string().nullable(),
  buddyCode: z.string().nullable(),
  buddyName: z.string().nullable(),
  reviewDue: z.string().nullable(),
  outcome: z.string().nullable(),
  openedBy: z.string(),
  openedAt: timestamp(),
  closedAt: timestamp().nullable(),
  stage,
  stageLabel: z.string(),
  replied: z.boolean(),
  planAgreed: z.boolean(),
  /** a review past its date */
  overdue: z.boolean(),
});

export const caseList = z.object({
  today: z.string(),
  cases: z.array(caseSummary),
  /** for one practice, to whoever may open a case: the indicators a case can be about */
  choices: z.array(z.object({ code: z.string(), title: z.string(), worse: z.boolean() })).optional(),
});

export const casePage = z.object({
  case: caseSummary,
  steps: z.array(
    z.object({
      id: z.number().int(),
      at: timestamp(),
      kind: stepKind,
      kindLabel: z.string(),
      fromStage: stage.nullable(),
      toStage: stage,
      /** who acted: named to the commissioner team only */
      actor: z.string().nullable(),
      role: z.string().nullable(),
      party,
      why: z.string(),
      details: z.record(z.string(), z.unknown()),
      evidence: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  parties: z.array(party),
  /** the steps open to the viewer */
  allowed: z.array(z.enum(STEPS)),
  stages: z.record(stage, z.string()),
  closeOutcomes: z.array(z.enum(CLOSE_OUTCOMES)).readonly(),
});

export const caseStepTaken = z.object({ case: caseSummary });

/** A new record's number (a case opened, a note added). */
export const created = z.object({ id: z.number().int() });

export const annotationList = z.object({
  practice: z.string(),
  annotations: z.array(
    z.object({
      id: z.number().int(),
      indicator: z.string(),
      periodStart: z.string(),
      note: z.string(),
      role: z.string().nullable(),
      at: timestamp(),
    }),
  ),
});

export const buddyAnswer = z.object({
  indicators: z.array(z.string()),
  indicatorTitles: z.record(z.string(), z.string()),
  method: z.string(),
  /** at most 3 similar practices doing well, best first */
  suggestions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      similarityRank: z.number().int(),
      distance: z.number(),
      score: z.number(),
      results: z.array(
        z.object({
          indicator: z.string(),
          periodStart: z.string(),
          value: z.number(),
          expected: z.number(),
          zAdjusted: z.number(),
        }),
      ),
    }),
  ),
});

export const CaseListQuery = z.object({
  practice: OrgCode.shape.code.optional(),
  state: z.enum(['open', 'all']).default('open'),
  overdue: z.enum(['true', 'false']).default('false'),
});

export const PackQuery = z.object({ format: z.enum(['html', 'pdf', 'json']).default('html') });

export const OpenCaseBody = z.object({
  why: Why,
  indicators: z
    .array(z.string().regex(/^[a-z0-9_]+$/))
    .max(50)
    .optional(),
});

export const AnnotationBody = z.object({
  indicator: z.string().regex(/^[a-z0-9_]+$/, 'must be an indicator code'),
  periodStart: IsoDate,
  note: withoutNhsNumber(z.string().trim().min(3).max(2000)),
});

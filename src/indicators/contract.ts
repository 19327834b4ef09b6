/** The indicators API's contract: the catalogue (lifecycle, funnel and deciles are in their own contracts). */
import { z } from 'zod';
import { NUMERATOR_KINDS } from '../domain/indicators.js';
import { timestamp } from '../api/route.js';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { LIFECYCLE_STATES } from '../variation/lifecycle.js';
import { IndicatorCodeParams, tierMove } from '../variation/contract.js';
import { NO_FUNNEL_REASONS } from '../variation/funnel.js';

/** An indicator's latest definition with its coverage in England. */
export const catalogueEntry = z.object({
  code: z.string(),
  version: z.number().int(),
  title: z.string(),
  domain: z.string(),
  direction: z.string(),
  unit: z.string(),
  method: z.string(),
  multiplier: z.number(),
  orgType: z.string(),
  source: z.string(),
  howToRead: z.string(),
  numeratorDescription: z.string().nullable(),
  denominatorDescription: z.string().nullable(),
  published: z.boolean(),
  numeratorKind: z.enum(NUMERATOR_KINDS),
  family: z.string(),
  /** the most practices with a usable value in any one period: what a funnel needs */
  practices: z.number().int(),
  /** organisations with figures: those practices, or for an indicator with figures for CCGs only, those */
  organisations: z.number().int(),
  firstPeriod: z.string().nullable(),
  lastPeriod: z.string().nullable(),
});

/** A catalogue entry with how its practices are compared, and why it has no funnel when the catalogue can tell. */
const catalogueItem = catalogueEntry.extend({
  comparison: z.enum(['proportion', 'rate', 'ratio', 'continuous']).nullable(),
  noFunnel: z.enum(NO_FUNNEL_REASONS).nullable(),
});

export const indicatorCatalogue = z.object({
  indicators: z.array(catalogueItem),
  /** the fewest practices with counts a funnel is drawn for */
  minFunnelPractices: z.number().int(),
});

const lifecycleState = z.enum(LIFECYCLE_STATES);
const lifecycleLabels = z.record(lifecycleState, z.string());

/** A practice indicator's place in the lifecycle, and the practices' agreement so far. */
export const lifecycleRow = z.object({
  code: z.string(),
  title: z.string(),
  domain: z.string(),
  direction: z.string(),
  state: lifecycleState,
  closesOn: z.string().nullable(),
  /** while comments are open: the first day it can be adopted */
  adoptableFrom: z.string().nullable(),
  tally: z.object({ agree: z.number().int(), disagree: z.number().int(), commentOnly: z.number().int() }),
  /** the states it may move to next */
  allowed: z.array(lifecycleState).readonly(),
});

export const lifecycleList = z.object({ labels: lifecycleLabels, indicators: z.array(lifecycleRow) });

const practiceSay = z.object({
  practice: z.string(),
  name: z.string().nullable(),
  agree: z.boolean().nullable(),
  comment: z.string(),
  at: timestamp(),
});

/** One indicator's lifecycle: its moves with why, and every practice comment (and each practice's latest). */
export const indicatorLifecycle = lifecycleRow.extend({
  events: z.array(
    z.object({
      fromState: z.string(),
      toState: z.string(),
      why: z.string(),
      ruleVersion: z.number().int().nullable(),
      role: z.string().nullable(),
      at: timestamp(),
    }),
  ),
  comments: z.array(practiceSay),
  latest: z.array(practiceSay.extend({ indicator: z.string() })),
});

export const indicatorLifecyclePage = indicatorLifecycle.extend({ labels: lifecycleLabels });

export const indicatorMoved = indicatorLifecycle.extend({
  /** the tier rule set written by adopting or retiring (null otherwise) */
  ruleVersion: z.number().int().nullable(),
  moved: z.array(tierMove),
});

/** `{ code }`: an indicator's code. */
export const IndicatorCode = IndicatorCodeParams;

export const LifecycleMoveBody = z.object({
  to: z.enum(LIFECYCLE_STATES).exclude(['not_proposed']),
  why: withoutNhsNumber(z.string().trim().min(3).max(2000)),
  closesOn: IsoDate.optional(),
});

export const IndicatorCommentBody = z.object({
  practice: OrgCode.shape.code.optional(),
  agree: z.boolean().nullable(),
  comment: withoutNhsNumber(z.string().trim().min(3).max(2000)),
});

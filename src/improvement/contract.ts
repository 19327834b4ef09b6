/** The improvement API's contract: cases, their steps, and practices' notes on their values. */
import { z } from 'zod';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { CLOSE_OUTCOMES } from './workflow.js';

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

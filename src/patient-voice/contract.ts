/** The patient-voice API's contract. */
import { z } from 'zod';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import {
  NO_PERSONAL_DETAILS,
  SENTIMENTS,
  SOURCE_DETAIL_MAX,
  SUMMARY_MAX,
  VOICE_SOURCE_IDS,
  VOICE_THEME_IDS,
} from './taxonomy.js';

export const FeedbackBody = z
  .object({
    subject: z.enum(['practice', 'provider']),
    org: OrgCode.shape.code,
    /** for a provider: the commissioning area recording it (default: the recorder's only area) */
    area: OrgCode.shape.code.optional(),
    source: z.enum(VOICE_SOURCE_IDS),
    sourceDetail: withoutNhsNumber(
      z.string().trim().max(SOURCE_DETAIL_MAX, `must be at most ${SOURCE_DETAIL_MAX} characters`),
    ).nullish(),
    receivedOn: IsoDate,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    themes: z
      .array(z.object({ theme: z.enum(VOICE_THEME_IDS), sentiment: z.enum(SENTIMENTS) }))
      .min(1, 'must name at least one theme')
      .max(VOICE_THEME_IDS.length)
      .refine((ts) => new Set(ts.map((t) => t.theme)).size === ts.length, 'must name each theme once'),
    summary: withoutNhsNumber(
      z
        .string()
        .trim()
        .min(10, 'must summarise the feedback (at least 10 characters)')
        .max(SUMMARY_MAX, `must be at most ${SUMMARY_MAX} characters`),
    ),
  })
  .describe(NO_PERSONAL_DETAILS);

const theme = z.enum(VOICE_THEME_IDS);
const sentiment = z.enum(SENTIMENTS);
const count = z.number().int().nullable();

/** One piece of feedback with its themes, in words as well as codes. */
export const feedbackItem = z.object({
  id: z.number().int(),
  subject: z.enum(['practice', 'provider']),
  orgCode: z.string(),
  areaCode: z.string(),
  source: z.enum(VOICE_SOURCE_IDS),
  sourceLabel: z.string(),
  sourceDetail: z.string().nullable(),
  receivedOn: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  summary: z.string(),
  recordedRole: z.string().nullable(),
  /** as the database writes it (e.g. 2026-05-01 09:30:00.123+00) */
  recordedAt: z.string(),
  themes: z.array(z.object({ theme, sentiment, label: z.string() })),
});

/** The last 12 months' counts by theme and sentiment, suppressed unless the viewer counts in full (null: hidden). */
export const voiceCountsAnswer = z.object({
  from: z.string(),
  to: z.string(),
  total: count,
  byTheme: z.array(z.object({ theme, label: z.string(), positive: count, mixed: count, negative: count })),
  suppressed: z.boolean(),
  covers: z.string(),
  note: z.string().nullable(),
});

/** The fixed lists, for the form. */
const lists = z.object({
  sources: z.array(z.object({ id: z.enum(VOICE_SOURCE_IDS), label: z.string() })),
  themes: z.array(z.object({ id: theme, label: z.string() })),
  sentiments: z.array(sentiment).readonly(),
  summaryMax: z.number().int(),
  sourceDetailMax: z.number().int(),
  warning: z.string(),
});

const feedbackPage = {
  organisation: z.object({ code: z.string(), name: z.string(), type: z.string() }),
  counts: voiceCountsAnswer,
  items: z.array(feedbackItem),
  mayRecord: z.boolean(),
  /** the viewer records only their own practice's PPG feedback */
  ppgOnly: z.boolean(),
  lists,
};

export const practiceFeedback = z.object(feedbackPage);
export const providerFeedback = z.object({
  ...feedbackPage,
  /** the areas the viewer may record feedback for (null: every area) */
  areas: z.array(z.string()).nullable(),
});

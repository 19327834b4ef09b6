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

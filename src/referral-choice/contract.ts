/** The referral-choice API's contract. */
import { z } from 'zod';
import { concernRate, snapshotMeasure } from '../providers/concern-summary-contract.js';

export const ReferralQuery = z.object({
  service: z
    .string()
    .regex(/^\d{3}$/, 'must be a treatment function code')
    .optional(),
  providers: z
    .string()
    .regex(/^[A-Za-z0-9]{3,9}(,[A-Za-z0-9]{3,9}){0,19}$/, 'must be up to 20 ODS codes separated by commas')
    .optional(),
});

export const referralChoice = z.object({
  service: z.object({ code: z.string(), label: z.string() }).nullable(),
  /** the measures compared, with their titles, in column order */
  columns: z.array(z.object({ code: z.string(), title: z.string() })),
  note: z.string(),
  providers: z.array(
    z.object({
      provider: z.object({ code: z.string(), name: z.string() }),
      measures: z.array(snapshotMeasure),
      concerns: z.object({
        total: z.number().int().nullable(),
        /** to those who see the counts in full only */
        perThousand: concernRate.nullable(),
        suppressed: z.boolean(),
        covers: z.string(),
      }),
    }),
  ),
  services: z.array(z.object({ code: z.string(), label: z.string() })),
});

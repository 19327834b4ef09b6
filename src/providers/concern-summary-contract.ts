/** The shapes a provider's concern counts and public measures take in answers (the scorecard and referral choice). */
import { z } from 'zod';

/** A concern rate per 1,000 of the provider's activity; the interval is withheld (null) from suppressed viewers. */
export const concernRate = z.object({
  value: z.number(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  per: z.string(),
  unit: z.string(),
  /** why the rate is unstable (too little activity), or null */
  unstable: z.string().nullable(),
});

/** A provider's published measure beside the middle trust in England, with its interval where it is a percentage. */
export const snapshotMeasure = z.object({
  code: z.string(),
  title: z.string(),
  unit: z.string(),
  direction: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  median: z.number().nullable(),
  trusts: z.number().int(),
  interval: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  period: z.string(),
});

const count = z.number().int().nullable();

/** The last 12 months' concerns about a provider, as the viewer may see them (counts null where suppressed). */
export const concernSummary = z.object({
  from: z.string(),
  to: z.string(),
  total: count,
  moderateOrWorse: count,
  /** the total's 95% interval: withheld (null) from suppressed viewers */
  interval: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  activity: z.object({ perMonth: z.number(), unit: z.string(), basis: z.string() }).nullable(),
  perThousand: concernRate.nullable(),
  byCategory: z.array(z.object({ id: z.string(), label: z.string(), count })),
  contractBreaches: z.array(z.object({ standard: z.string(), label: z.string(), count })),
  suppressed: z.boolean(),
  covers: z.string(),
  note: z.string().optional(),
});

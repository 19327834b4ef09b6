/** The indicators API's contract: the catalogue (lifecycle, funnel and deciles are in their own contracts). */
import { z } from 'zod';
import { NUMERATOR_KINDS } from '../domain/indicators.js';

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
  organisations: z.number().int(),
  firstPeriod: z.string().nullable(),
  lastPeriod: z.string().nullable(),
});

export const indicatorCatalogue = z.object({ indicators: z.array(catalogueEntry) });

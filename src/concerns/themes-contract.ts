/** The themes answer: concerns per provider × category × service, with the signals behind them. */
import { z } from 'zod';
import { concernSignal } from '../providers/contract.js';

const count = z.number().int().nullable();

export const concernThemes = z.object({
  asOf: z.string(),
  rows: z.array(
    z.object({
      providerCode: z.string(),
      providerName: z.string().nullable(),
      categoryId: z.string(),
      categoryLabel: z.string(),
      parentLabel: z.string(),
      service: z.string().nullable(),
      serviceLabel: z.string().nullable(),
      last30: count,
      last90: count,
      last365: count,
    }),
  ),
  suppressed: z.boolean(),
  covers: z.string(),
  signals: z.array(concernSignal.extend({ providerName: z.string().nullable() })),
});

/** Access beside continuity: GET /api/practices/:code/access-continuity. */
import { z } from 'zod';

const figures = z.object({
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  /** present when the figures are suppressed for this viewer */
  suppressed: z.literal(true).optional(),
});

export const accessContinuity = z.object({
  practice: z.object({ code: z.string(), name: z.string() }),
  /** the practice's sub-ICB now (null: none) */
  area: z.string().nullable(),
  synthetic: z.literal(true),
  syntheticNote: z.string(),
  continuity: z.object({
    source: z.string(),
    minAppointments: z.number().int(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    measures: z.array(
      z.object({ code: z.string(), title: z.string(), unit: z.string(), howToRead: z.string() }),
    ),
  }),
  access: z.object({
    source: z.string(),
    periodStart: z.string().nullable(),
    measures: z.array(z.object({ code: z.string(), title: z.string() })),
    absent: z.array(z.string()),
    weighting: z.string(),
  }),
  /** present when some local figures were suppressed for this viewer */
  suppression: z.string().optional(),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      selected: z.boolean(),
      slicc: figures.nullable(),
      upc: z.number().nullable(),
      coc: z.number().nullable(),
      appointmentGood: z.number().nullable(),
      overallGood: z.number().nullable(),
    }),
  ),
});

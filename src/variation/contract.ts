/** The variation API's contract: funnels, deciles, tiers and a practice's charts (requests and answers). */
import { z } from 'zod';
import { idParam, OrgCode } from '../api/params.js';

/** `{ code }`: an indicator's code. */
export const IndicatorCodeParams = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/, 'must be an indicator code'),
});

export const FunnelQuery = z.object({
  area: OrgCode.shape.code.optional(),
  period: z
    .string()
    .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be YYYY-MM or YYYY-MM-DD')
    .optional(),
  comparator: z.enum(['england', 'area', 'group']).default('england'),
  group: idParam('a group number').optional(),
  adjust: z.enum(['none', 'casemix']).default('none'),
  window: z.coerce
    .number()
    .int()
    .min(1)
    .max(36)
    .default(1)
    .describe(
      'periods pooled, ending at `period`: counts summed per practice (a tier pools its rule’s window)',
    ),
});

export const DecilesQuery = z.object({ area: OrgCode.shape.code.optional() });

export const AreaTiersQuery = z.object({ area: OrgCode.shape.code });

/** A number JSON could not carry (±∞, NaN) is sent as null, and `not_computed` says why. */
const figure = z.number().nullable();
const flag = z.enum(['high', 'low', '']);

/** One practice on a funnel: its counts, its expected value, z-scores, limits at its precision and flags. */
export const funnelRow = z.object({
  code: z.string(),
  name: z.string(),
  ccg: z.string().nullable(),
  icb: z.string().nullable(),
  numerator: figure,
  denominator: figure,
  value: figure,
  expected: figure,
  expected_events: figure,
  z: figure,
  z_adjusted: figure,
  p: figure,
  lower_95: figure,
  upper_95: figure,
  lower_99_8: figure,
  upper_99_8: figure,
  flag_95: flag,
  flag_99_8: flag,
  /** why each figure that is null is not a number (null when all are) */
  not_computed: z.record(z.string(), z.string()).nullable(),
});

const casemixModel = z.object({
  method: z.string(),
  adjustedFor: z.array(z.string()),
  terms: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      source: z.string(),
      shape: z.enum(['spline', 'linear']),
      low: z.number(),
      high: z.number(),
      rateRatio: z.number(),
      lower: z.number(),
      upper: z.number(),
    }),
  ),
  practices: z.number().int(),
  excluded: z.number().int(),
  outsideRange: z.array(z.string()),
  deviance: z.number(),
  nullDeviance: z.number(),
  devianceExplained: z.number(),
  dispersion: z.number(),
  aic: z.number(),
  residualCheck: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      tenths: z.array(
        z.object({ from: z.number(), to: z.number(), practices: z.number().int(), meanZ: z.number() }),
      ),
    }),
  ),
});

export const funnelAnswer = z.object({
  indicator: z.string(),
  title: z.string(),
  unit: z.string(),
  direction: z.string(),
  published: z.boolean(),
  definitionVersion: z.number().int(),
  periodStart: z.string(),
  periodEnd: z.string(),
  comparator: z.enum(['england', 'area', 'group']),
  area: z.string().nullable(),
  group: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }).nullable(),
  type: z.enum(['proportion', 'ratio', 'rate', 'continuous']),
  multiplier: z.number(),
  target: figure,
  phi: figure,
  tau2: figure,
  adjustment: z.string(),
  method: z.string(),
  excluded: z.number().int(),
  excludedForQuality: z.array(z.object({ code: z.string(), name: z.string(), reason: z.string() })),
  rows: z.array(funnelRow),
  curves: z.array(
    z.object({
      denominator: figure,
      lower_95: figure,
      upper_95: figure,
      lower_99_8: figure,
      upper_99_8: figure,
    }),
  ),
  not_computed: z.record(z.string(), z.string()).nullable(),
  /** the periods with counts for enough practices, newest first */
  periods: z.array(z.string()),
  /** the periods pooled, newest first */
  pooled: z.array(z.string()),
  casemix: casemixModel.nullable(),
  ruleVersion: z.number().int().nullable(),
});

export const decilesAnswer = z.object({
  indicator: z.string(),
  title: z.string(),
  unit: z.string(),
  area: z.string().nullable(),
  /** the fractions the deciles are drawn at (0.1 … 0.9) */
  deciles: z.array(z.number()),
  periods: z.array(
    z.object({ periodStart: z.string(), practices: z.number().int(), deciles: z.array(z.number()) }),
  ),
});

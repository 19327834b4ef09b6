/** The variation API's contract: funnels, deciles, tiers and a practice's charts (requests and answers). */
import { z } from 'zod';
import { idParam, IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { timestamp } from '../api/route.js';
import { RuleFields, TIERS } from './rules.js';
import { FUNNEL_SORTS } from './funnel.js';

const IndicatorCode = z.string().regex(/^[a-z0-9_]+$/, 'must be an indicator code');

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

/** A page of the funnel's table holds at most this many rows; every row is had by leaving `limit` out. */
const MAX_TABLE_ROWS = 1000;

/** The funnel's rows, sorted and cut for a page's table: the figures in full, without sending thousands of rows. */
export const FunnelTableQuery = FunnelQuery.extend({
  sort: z
    .enum(FUNNEL_SORTS)
    .optional()
    .describe(
      'rows sorted by this column (figures not computed last, whichever the order); by default in order of practice code',
    ),
  order: z.enum(['asc', 'desc']).default('asc').describe('of the `sort`'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TABLE_ROWS)
    .optional()
    .describe(
      `at most this many rows, after sorting (a page of a table: up to ${MAX_TABLE_ROWS}; leave it out for every row); \`practices\` counts them all`,
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
  /** the practices on the funnel: every one is in `rows` unless `limit` cut them */
  practices: z.number().int(),
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

/**
 * Every practice of a funnel as its plot draws it, in columns (the i-th of each is one practice): a national funnel
 * is 6,500 points, and the full rows of the funnel route are some 0.7 MB gzipped against about a tenth of that.
 */
export const funnelPointsAnswer = z.object({
  indicator: z.string(),
  periodStart: z.string(),
  points: z.object({
    code: z.array(z.string()),
    name: z.array(z.string()),
    /** the denominator (with case-mix adjustment, the expected count), to 6 significant figures */
    denominator: z.array(figure),
    /** the value (with case-mix adjustment, observed ÷ expected), to 6 significant figures */
    value: z.array(figure),
    flag_95: z.array(flag),
    flag_99_8: z.array(flag),
    /** why each figure of the practice's row that is null is not a number (null when all are) */
    not_computed: z.array(z.record(z.string(), z.string()).nullable()),
  }),
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

const practiceRef = z.object({ code: z.string(), name: z.string() });
const tier = z.enum(TIERS);

/** A recalculation point on a practice's SPC chart (who set it: to those who may set them, else null). */
export const spcBaseline = z.object({
  indicator: z.string(),
  fromPeriod: z.string(),
  reason: z.string(),
  setBy: z.string().nullable(),
  role: z.string().nullable(),
  setAt: timestamp(),
  /** whether its period is in the series (a revised load may have removed it) */
  inSeries: z.boolean(),
});

const spcChartCommon = {
  indicator: z.string(),
  title: z.string(),
  unit: z.string(),
  method: z.string(),
  baselines: z.array(spcBaseline),
  mayRebase: z.boolean(),
  minimum: z.number().int(),
  warnings: z.array(z.string()),
  assurance: z.enum(['consistent_pass', 'consistent_fail', 'inconsistent']).nullable(),
};

/** Without an indicator: those with enough periods for a chart; with one: its XmR chart (or too few points). */
export const practiceSpcAnswer = z.union([
  z.object({
    practice: practiceRef,
    indicators: z.array(z.object({ code: z.string(), title: z.string() })),
  }),
  z.object({
    practice: practiceRef,
    ...spcChartCommon,
    enough: z.literal(false),
    points: z.array(z.never()),
    segments: z.array(z.never()),
  }),
  z.object({
    practice: practiceRef,
    ...spcChartCommon,
    enough: z.literal(true),
    chart: z.string(),
    improvement: z.enum(['increase', 'decrease', 'neither']),
    segments: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        points: z.number().int(),
        // NaN (too few points for limits) leaves as null
        centre: z.number().nullable(),
        lower: z.number().nullable(),
        upper: z.number().nullable(),
        reason: z.string().nullable(),
      }),
    ),
    points: z.array(
      z.object({
        period: z.string(),
        value: z.number(),
        segment: z.number().int(),
        centre: z.number().nullable().optional(),
        lower: z.number().nullable().optional(),
        upper: z.number().nullable().optional(),
        specialCause: z.enum(['improvement', 'concern', 'neither']).nullable().optional(),
        rules: z.array(z.enum(['outside_limits', 'trend', 'two_of_three', 'shift'])).optional(),
      }),
    ),
  }),
]);

export const practiceSpineAnswer = z.object({
  practice: practiceRef,
  rows: z.array(
    z.object({
      indicator: z.string(),
      title: z.string(),
      unit: z.string(),
      direction: z.string(),
      periodStart: z.string(),
      value: z.number(),
      ccgCode: z.string().nullable(),
      ccgValue: z.number().nullable(),
      englandValue: z.number().nullable(),
      spread: z
        .object({
          code: z.string(),
          practices: z.number().int(),
          min: z.number(),
          p25: z.number(),
          median: z.number(),
          p75: z.number(),
          max: z.number(),
        })
        .nullable(),
      reading: z.enum(['worse_strict', 'worse_watch', 'within', 'better', 'higher', 'lower']).nullable(),
      noReading: z.string().nullable(),
      expected: z.number().nullable(),
    }),
  ),
});

const cusumSignal = z.enum(['higher', 'lower']).nullable();

export const practiceCusumAnswer = z.object({
  practice: practiceRef,
  method: z.string(),
  /** whether `lantern compute` has stored results yet */
  computed: z.boolean(),
  indicators: z.array(
    z.object({
      indicator: z.string(),
      title: z.string(),
      unit: z.string(),
      direction: z.string(),
      points: z.array(
        z.object({
          periodStart: z.string(),
          value: z.number(),
          expected: z.number(),
          z: z.number(),
          upper: z.number(),
          lower: z.number(),
          signal: cusumSignal,
        }),
      ),
      signals: z.array(z.object({ periodStart: z.string(), signal: cusumSignal, worse: z.boolean() })),
    }),
  ),
});

export const practicePeersAnswer = z.object({
  practice: z.string(),
  method: z.string().optional(),
  variables: z.array(
    z.object({ name: z.string(), label: z.string(), source: z.string(), value: z.number() }),
  ),
  peers: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      rank: z.number().int(),
      distance: z.number(),
      values: z.record(z.string(), z.number()),
    }),
  ),
  /** why there are no peers (null when there are) */
  reason: z.string().nullable(),
  comparison: z.array(
    z.object({
      indicator: z.string(),
      title: z.string(),
      unit: z.string(),
      direction: z.string(),
      period: z.string(),
      value: z.number(),
      peers: z.number().int(),
      peerMedian: z.number(),
      peerMin: z.number(),
      peerMax: z.number(),
      peersAbove: z.number().int(),
    }),
  ),
});

/** One indicator's result for one practice over the pooled periods: the evidence a tier rests on. */
export const indicatorResult = z.object({
  indicator: z.string(),
  family: z.string(),
  periodStart: z.string(),
  windowStart: z.string(),
  periods: z.number().int(),
  numerator: z.number(),
  denominator: z.number(),
  value: z.number(),
  expected: z.number(),
  expectedEvents: z.number(),
  lowerWatch: z.number(),
  upperWatch: z.number(),
  lowerStrict: z.number(),
  upperStrict: z.number(),
  zAdjusted: z.number(),
  p: z.number(),
  q: z.number(),
  judged: z.boolean(),
  notJudged: z.string().nullable(),
  adjustment: z.enum(['casemix', 'none']),
  adjustmentNote: z.string(),
  crude: z
    .object({
      value: z.number(),
      expected: z.number(),
      zAdjusted: z.number(),
      flag95: z.string(),
      flag998: z.string(),
    })
    .nullable(),
  worseWatch: z.boolean(),
  worseStrict: z.boolean(),
  better: z.boolean(),
});

const skipped = z.array(z.object({ indicator: z.string(), why: z.string() }));

export const practiceTierAnswer = z.object({
  code: z.string(),
  name: z.string(),
  tier: tier.nullable(),
  tierLabel: z.string().nullable(),
  reason: z.string(),
  ruleVersion: z.number().int(),
  rules: z.array(z.string()),
  about: z.string(),
  evidence: z.array(indicatorResult.extend({ title: z.string() })),
  skipped,
});

/** A practice that moved tier when the rules changed, and why. */
export const tierMove = z.object({
  code: z.string(),
  name: z.string(),
  from: tier.nullable(),
  to: tier,
  reason: z.string(),
});

const tierLabels = z.record(z.enum(TIERS), z.string());

export const tierRulesAnswer = z.object({
  rules: RuleFields.extend({ note: z.string().nullable(), createdBy: z.string(), createdAt: timestamp() }),
  /** the rules in plain English */
  text: z.array(z.string()),
  labels: tierLabels,
  about: z.string(),
  history: z.array(
    z.object({
      version: z.number().int(),
      /** the rule fields as stored with that version */
      rules: z.record(z.string(), z.unknown()),
      note: z.string().nullable(),
      createdBy: z.string(),
      createdAt: timestamp(),
    }),
  ),
  /** how sure the default rules are, by simulation (docs/methods.md) */
  power: z.object({
    scenario: z.string(),
    falseAlarms: z.object({
      areas: z.number(),
      belowTheLine: z.number(),
      couldDoBetter: z.number(),
      couldDoBetterNominal: z.number(),
    }),
    headline: z.object({
      list: z.number(),
      ratio: z.number(),
      months: z.number(),
      power: z.number(),
      trials: z.number(),
    }),
    curve: z.object({
      ratios: z.array(z.number()).readonly(),
      rows: z.array(z.object({ list: z.number(), power: z.array(z.number()).readonly() })).readonly(),
    }),
    spread: z.array(z.object({ tau: z.number(), power: z.number() })).readonly(),
  }),
});

export const TierRulesBody = RuleFields.omit({ version: true })
  .partial()
  .extend({ note: withoutNhsNumber(z.string().trim().min(3).max(500)) });

export const tierRulesAdopted = z.object({
  version: z.number().int(),
  text: z.array(z.string()),
  moved: z.array(tierMove),
});

const reading = z.enum(['worse_strict', 'worse_watch', 'better', 'within']);
/** A result as a point of a change: its pooled window (first and latest period's start), value and adjusted z */
const zPoint = z.object({
  windowStart: z.string(),
  periodStart: z.string(),
  value: z.number(),
  zAdjusted: z.number(),
});

export const areaTiersAnswer = z.object({
  area: z.object({ code: z.string(), name: z.string(), type: z.string() }),
  ruleVersion: z.number().int(),
  counts: z.record(z.enum(TIERS), z.number().int()),
  movement: z.object({
    better: z.number().int(),
    worse: z.number().int(),
    same: z.number().int(),
    unknown: z.number().int(),
  }),
  indicators: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      direction: z.string(),
      unit: z.string(),
      /** compared adjusted for case mix: its figures are observed ÷ expected (1 is as expected), not in its unit */
      adjusted: z.boolean(),
    }),
  ),
  labels: tierLabels,
  about: z.string(),
  /** open member practices without a tier (no result on the adopted indicators) */
  noTier: z.number().int(),
  practices: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** the day the practice closed, when it has closed since the results its tier is read from */
      closeDate: z.string().nullable(),
      ccg: z.string().nullable(),
      tier: tier.nullable(),
      previous: tier.nullable(),
      reason: z.string(),
      evidence: z.number().int(),
      /** each adopted indicator's latest result read against its limits */
      cells: z.record(
        z.string(),
        z.object({
          value: z.number(),
          expected: z.number(),
          q: z.number(),
          periodStart: z.string(),
          reading,
        }),
      ),
    }),
  ),
  changes: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      indicator: z.string(),
      from: zPoint,
      to: zPoint,
      change: z.number(),
    }),
  ),
});

/** A recalculation point set on a practice's SPC chart. */
export const spcRebaseSet = z.object({
  practice: z.string(),
  indicator: z.string(),
  fromPeriod: z.string(),
  reason: z.string(),
});

export const spcRebaseRemoved = z.object({
  practice: z.string(),
  indicator: z.string(),
  fromPeriod: z.string(),
  removed: z.object({ reason: z.string() }),
});

export const PracticeSpcQuery = z.object({
  indicator: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'must be an indicator code')
    .optional(),
});

export const SpcRebaseBody = z.object({
  indicator: IndicatorCode,
  fromPeriod: IsoDate,
  reason: withoutNhsNumber(z.string().trim().min(3).max(500)),
});

export const SpcRebaseRemoveQuery = z.object({ indicator: IndicatorCode, from: IsoDate });

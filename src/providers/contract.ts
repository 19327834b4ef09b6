/** The providers API's contract: deadline settings and surveillance status (signals and the scorecard: see their routes). */
import { z } from 'zod';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { SURVEILLANCE_LEVELS, type SurveillanceLevel } from '../concerns/surveillance.js';
import { incident } from '../incidents/contract.js';
import { voiceCountsAnswer } from '../patient-voice/contract.js';
import { concernSummary, snapshotMeasure } from './concern-summary-contract.js';

const level = z.enum(Object.keys(SURVEILLANCE_LEVELS) as [SurveillanceLevel, ...SurveillanceLevel[]]);

/** One area's decision about a provider's surveillance status. */
export const surveillanceEntry = z.object({
  id: z.number().int(),
  /** the commissioning area that decided it ('' before the status was per area) */
  areaCode: z.string(),
  areaName: z.string().nullable(),
  level,
  reason: z.string(),
  forum: z.string().nullable(),
  reviewOn: z.string().nullable(),
  decidedBy: z.string(),
  at: z.string(),
});

export const surveillanceHistory = z.object({ history: z.array(surveillanceEntry) });

export const SurveillanceBody = z.object({
  area: OrgCode.shape.code.optional(),
  level,
  reason: withoutNhsNumber(
    z.string().trim().min(10, 'must give the rationale (at least 10 characters)').max(5000),
  ),
  forum: withoutNhsNumber(z.string().trim().max(200)).nullish(),
  reviewOn: IsoDate.nullish(),
});

/** A provider's concern deadlines (working days) and serious-incident regime, as an area has set them. */
export const providerSettings = z.object({
  provider: z.string(),
  area: z.string(),
  acknowledge: z.number().int(),
  triage: z.number().int(),
  providerResponse: z.number().int(),
  commissionerReview: z.number().int(),
  incidentRegime: z.enum(['sif2015', 'psirf']),
  /** false: the defaults (the area has set none) */
  custom: z.boolean(),
});

export const ProviderSettingsBody = z.object({
  area: OrgCode.shape.code.optional(),
  acknowledge: z.number().int().min(1).max(60),
  triage: z.number().int().min(1).max(60),
  providerResponse: z.number().int().min(1).max(120),
  commissionerReview: z.number().int().min(1).max(120),
  incidentRegime: z.enum(['sif2015', 'psirf']),
});

/** A&E: attendances and the share seen within 4 hours by month, with its XmR chart against the 95% standard. */
const aeSeries = z
  .object({
    months: z.array(z.string()),
    attendances: z.array(z.number()),
    within4hPercent: z.array(z.number().nullable()),
    spc: z
      .object({
        chart: z.string(),
        // NaN (too few points) leaves as null
        centre: z.array(z.number().nullable()),
        lower: z.array(z.number().nullable()),
        upper: z.array(z.number().nullable()),
        specialCause: z.array(z.enum(['improvement', 'concern', 'neither']).nullable()),
        assurance: z.enum(['consistent_pass', 'consistent_fail', 'inconsistent']).nullable(),
        target: z.number(),
      })
      .nullable(),
  })
  .nullable();

const surveillanceLabelled = surveillanceEntry.extend({ label: z.string() });

export const providerScorecard = z.object({
  provider: z.object({ code: z.string(), name: z.string(), type: z.string() }),
  ae: aeSeries,
  snapshot: z.array(snapshotMeasure),
  /** to signed-in viewers only, counted and suppressed as their view says */
  concerns: concernSummary.nullable(),
  /** to signed-in viewers only */
  patientVoice: voiceCountsAnswer.nullable(),
  /** to those who may see the provider's incidents */
  incidents: z.array(incident).nullable(),
  surveillance: z.object({
    /** the most serious current status of any area */
    current: surveillanceEntry.nullable(),
    level,
    label: z.string(),
    byArea: z.array(surveillanceLabelled),
    history: z.array(surveillanceEntry),
  }),
});

const series = z.array(z.number().nullable());

/** A monthly u- or c-chart of concerns with its CUSUM (counts null where suppressed; the CUSUM withheld then). */
const monthlyAnalysis = z
  .object({
    chart: z.enum(['u', 'c']),
    months: z.array(z.string()),
    counts: series,
    rate: series,
    centre: series,
    upper: series,
    lower: series,
    specialCause: z.array(z.string().nullable()),
    /** months above the upper limit */
    above: z.array(z.number().int()),
    falseAlarmPerMonth: z.number(),
    cusum: z.object({
      high: series,
      h: z.number(),
      signals: z.array(z.number().int()),
      expected: series,
      runStart: z.array(z.number().int()),
    }),
  })
  .nullable();

/** A rise or cluster of concerns about a provider, linked to the concerns the viewer may open. */
export const concernSignal = z.object({
  method: z.enum(['cluster', 'spc', 'cusum']),
  providerCode: z.string(),
  categoryId: z.string().nullable(),
  categoryLabel: z.string(),
  from: z.string(),
  to: z.string(),
  summary: z.string(),
  falseAlarm: z.string(),
  count: z.number().int().nullable(),
  concernIds: z.array(z.number().int()),
});

export const providerSignals = z.object({
  provider: z.object({ code: z.string(), name: z.string() }),
  asOf: z.string(),
  providerCode: z.string(),
  activity: z.object({ perMonth: z.number(), unit: z.string(), basis: z.string() }).nullable(),
  months: z.array(z.string()),
  overall: monthlyAnalysis,
  byCategory: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      analysis: monthlyAnalysis,
      total: z.number().int().nullable(),
    }),
  ),
  signals: z.array(concernSignal),
  suppressed: z.boolean(),
  covers: z.string(),
  note: z.string().nullable(),
});

export const SignalsQuery = z.object({ months: z.coerce.number().int().min(6).max(120).default(24) });

/** The commissioning area a reading or change is for (default: the viewer's only area). */
export const AreaQuery = z.object({ area: OrgCode.shape.code.optional() });

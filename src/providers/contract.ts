/** The providers API's contract: deadline settings and surveillance status (signals and the scorecard: see their routes). */
import { z } from 'zod';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { SURVEILLANCE_LEVELS, type SurveillanceLevel } from '../concerns/service.js';

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

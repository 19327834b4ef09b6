/** The incidents API's contract: recording and updating serious incidents and PSIRF responses. */
import { z } from 'zod';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';
import { INCIDENT_STATUSES } from '../concerns/incidents.js';
import { HARM_IDS } from '../concerns/taxonomy.js';

/** An incident with its never-event label and, under the 2015 framework, its deadlines. */
export const incident = z.object({
  id: z.number().int(),
  providerCode: z.string(),
  /** the commissioning area that recorded it ('' before incidents had one) */
  areaCode: z.string(),
  providerName: z.string().nullable(),
  regime: z.enum(['sif2015', 'psirf']),
  title: z.string(),
  description: z.string(),
  harm: z.enum(HARM_IDS).nullable(),
  identifiedOn: z.string(),
  reportedOn: z.string().nullable(),
  neverEvent: z.string().nullable(),
  neverEventLabel: z.string().nullable(),
  dutyOfCandourOn: z.string().nullable(),
  responseType: z.string().nullable(),
  status: z.enum(INCIDENT_STATUSES),
  documents: z.array(z.object({ title: z.string(), reference: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** empty under PSIRF, which sets no fixed clock */
  deadlines: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      due: z.string(),
      metOn: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
});

export const incidentList = z.object({ incidents: z.array(incident) });

export const NewIncidentBody = z.object({
  provider: OrgCode.shape.code,
  area: OrgCode.shape.code.optional(),
  title: withoutNhsNumber(z.string().trim().min(3).max(300)),
  description: withoutNhsNumber(z.string().trim().min(3).max(5000)),
  harm: z.enum(HARM_IDS).nullish(),
  identifiedOn: IsoDate,
  reportedOn: IsoDate.nullish(),
  neverEvent: z.string().max(200).nullish(),
  dutyOfCandourOn: IsoDate.nullish(),
  responseType: z
    .enum(['psii', 'after_action_review', 'mdt_review', 'swarm_huddle', 'thematic_review', 'none'])
    .nullish(),
  regime: z.enum(['sif2015', 'psirf']).optional(),
});

export const IncidentUpdateBody = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  reportedOn: IsoDate.optional(),
  dutyOfCandourOn: IsoDate.optional(),
  responseType: z.string().max(60).optional(),
  document: z
    .object({
      title: withoutNhsNumber(z.string().trim().min(2).max(200)),
      reference: z.string().trim().min(2).max(500),
    })
    .optional(),
});

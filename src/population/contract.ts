/** The patient lists' contract: a practice's patients aged 75 and over or at highest risk, one patient, and care records. */
import { z } from 'zod';
import { timestamp } from '../api/route.js';
import { IsoDate, OrgCode, withoutNhsNumber } from '../api/params.js';

/** Why the clinician opens patient-level data: recorded with every view (the audit trail's purpose of processing). */
export const PURPOSES = {
  direct_care: 'direct care of the patients listed',
  care_planning: 'proactive care planning',
  case_finding: 'case finding for those most at risk',
} as const;
export const Purpose = z.enum(Object.keys(PURPOSES) as [keyof typeof PURPOSES, ...(keyof typeof PURPOSES)[]]);

const practiceRef = z.object({ code: z.string(), name: z.string() });

/** A patient as the practice's own clinicians see them. */
const patient = z.object({
  id: z.number().int(),
  /** decrypted for the practice's own clinicians */
  nhsNumber: z.string().nullable(),
  patientRef: z.string(),
  age: z.number().int(),
  sex: z.enum(['male', 'female']),
  conditions: z.array(z.string()),
  frailty: z.object({
    deficits: z.number().int(),
    score: z.number(),
    band: z.enum(['fit', 'mild', 'moderate', 'severe']),
  }),
  /** predicted emergency-admission risk (0–1) */
  risk: z.number().nullable(),
  namedGp: z.string().nullable(),
  carePlan: z.object({
    agreed: z.string().nullable(),
    reviewed: z.string().nullable(),
    current: z.boolean(),
  }),
});

export const patientList = z.object({
  practice: practiceRef,
  list: z.enum(['over75', 'high_risk']),
  purpose: z.string(),
  highRiskShare: z.number(),
  model: z
    .object({
      version: z.string(),
      source: z.string(),
      auc: z.number().nullable(),
      n: z.number().int().nullable(),
    })
    .nullable(),
  page: z.number().int(),
  pageSize: z.number().int(),
  extract: z
    .object({ synthetic: z.boolean(), asAt: z.string(), source: z.string(), patients: z.number().int() })
    .nullable(),
  summary: z
    .object({
      patients: z.number().int(),
      over75: z.number().int(),
      over75NamedGp: z.number().int(),
      aged65: z.number().int(),
      fit: z.number().int(),
      mild: z.number().int(),
      moderate: z.number().int(),
      severe: z.number().int(),
    })
    .nullable(),
  total: z.number().int(),
  patients: z.array(patient),
});

export const patientRecord = z.object({
  practice: practiceRef,
  synthetic: z.boolean(),
  asAt: z.string(),
  patient: patient.extend({
    admissionsPrior: z.number().int(),
    appointmentsPrior: z.number().int(),
    conditionNames: z.array(z.string()),
    deficitNames: z.array(z.string()),
  }),
  history: z.array(
    z.object({
      kind: z.enum(['named_gp', 'care_plan_agreed', 'care_plan_reviewed']),
      value: z.string().nullable(),
      onDate: z.string().nullable(),
      actor: z.string(),
      at: timestamp(),
    }),
  ),
});

export const namedGpRecorded = z.object({ id: z.number().int(), namedGp: z.string() });
export const carePlanRecorded = z.object({
  id: z.number().int(),
  event: z.enum(['agreed', 'reviewed']),
  date: z.string(),
});

export const PatientListQuery = z.object({
  list: z.enum(['over75', 'high_risk']).default('over75'),
  purpose: Purpose,
  page: z.coerce.number().int().positive().default(1),
});

export const PatientQuery = z.object({ purpose: Purpose });

export const NamedGpBody = z.object({
  namedGp: withoutNhsNumber(
    z
      .string()
      .trim()
      .min(2, 'must name the GP (at least 2 characters)')
      .max(80)
      .regex(
        /^[\p{L}\p{N} .,'’()-]+$/u,
        "must be a name or staff label (letters, digits, spaces, . , ' - ( ))",
      ),
  ),
});

export const CarePlanBody = z.object({ event: z.enum(['agreed', 'reviewed']), date: IsoDate });

/** `{ code, id }`: a practice and one of its patients. */
export const PatientParams = OrgCode.extend({ id: z.coerce.number().int().positive() });

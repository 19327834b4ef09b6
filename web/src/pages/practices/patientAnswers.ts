/** What the proactive-care routes answer (hand-written until the API's types are generated). */
import type { CareEvent, frailtyBandCounts, PatientList } from '../../../../src/db/repos/population';
import { type Band } from './patientWords';
import type { Purpose } from './usePurpose';

/** A patient as the route sends them. */
export interface PatientSummary {
  id: number;
  nhsNumber: string | null;
  patientRef: string;
  age: number;
  sex: 'male' | 'female';
  conditions: string[];
  frailty: { deficits: number; score: number; band: Band };
  risk: number | null;
  namedGp: string | null;
  carePlan: { agreed: string | null; reviewed: string | null; current: boolean };
}

export interface ListAnswer {
  practice: { code: string; name: string };
  list: PatientList;
  purpose: Purpose;
  highRiskShare: number;
  model: { version: string; source: string; auc: number | null; n: number | null } | null;
  page: number;
  pageSize: number;
  extract: { synthetic: boolean; asAt: string; source: string; patients: number } | null;
  summary: Awaited<ReturnType<typeof frailtyBandCounts>> | null;
  total: number;
  patients: PatientSummary[];
}

export interface PatientAnswer {
  practice: { code: string; name: string };
  synthetic: boolean;
  asAt: string;
  patient: PatientSummary & {
    admissionsPrior: number;
    appointmentsPrior: number;
    conditionNames: string[];
    deficitNames: string[];
  };
  history: CareEvent[];
}

import type { Reader } from '../reader.js';
import { ccgToIcb, eccg, epraccur, nhsTrusts, practiceMapping } from './ods.js';
import { quarterlyListSize, registeredPatientsTotal } from './populations.js';
import {
  qofCcgPrevalence,
  qofCvd2324,
  qofDomainTables,
  qofOrganisationReference,
  qofPrevalenceFile,
  qofVaccination2324,
  qofValidationOutcomes,
} from './qof.js';
import {
  antibacterialItemsCost,
  antibioticsPerStarpu,
  cqcRatings,
  fingertipsExport,
  gpPatientSurvey,
  gpPayments,
  gpWorkforce,
  imdByPractice,
} from './practice-measures.js';
import {
  aeMonthly,
  aeSnapshot,
  bedsSnapshot,
  cancerSnapshot,
  diagnosticsSnapshot,
  referralsSnapshot,
  rttSnapshot,
} from './provider.js';
import { genericIndicator } from './generic.js';

/** Every reader, in the order used for detection and for loading a folder (reference data first). */
export const READERS: Reader[] = [
  eccg,
  epraccur,
  nhsTrusts,
  practiceMapping,
  ccgToIcb,
  quarterlyListSize,
  registeredPatientsTotal,
  qofPrevalenceFile,
  qofOrganisationReference,
  qofValidationOutcomes,
  qofDomainTables,
  qofCvd2324,
  qofVaccination2324,
  qofCcgPrevalence,
  gpPatientSurvey,
  antibioticsPerStarpu,
  antibacterialItemsCost,
  imdByPractice,
  fingertipsExport,
  cqcRatings,
  gpWorkforce,
  gpPayments,
  aeMonthly,
  aeSnapshot,
  rttSnapshot,
  cancerSnapshot,
  diagnosticsSnapshot,
  referralsSnapshot,
  bedsSnapshot,
  genericIndicator,
];

export function readerBySource(source: string): Reader | undefined {
  return READERS.find((r) => r.source === source);
}

export function detectReader(first: string[], fileName: string): Reader | undefined {
  return READERS.find((r) => r.detect(first, fileName));
}

/** How proactive care writes its patients: bands, labels, numbers, dates and addresses. */
import { FRAILTY_BANDS, type FrailtyBand } from '../../../../src/population/efi';
import type { CareKind, PatientList } from './patientAnswers';
import type { PatientSummary } from './patientAnswers';

export type Band = FrailtyBand;

export const BAND_LABEL = Object.fromEntries(FRAILTY_BANDS.map((b) => [b.band, b.label])) as Record<
  Band,
  string
>;

export const BAND_TAG: Record<Band, string> = {
  fit: 'nhsuk-tag--green',
  mild: 'nhsuk-tag--yellow',
  moderate: 'nhsuk-tag--orange',
  severe: 'nhsuk-tag--red',
};

export const CARE_LABEL: Record<CareKind, string> = {
  named_gp: 'Named GP',
  care_plan_agreed: 'Care plan agreed',
  care_plan_reviewed: 'Care plan reviewed',
};

export const SEX_LABEL: Record<string, string> = { male: 'Male', female: 'Female' };

export const proactiveCareHref = (code: string, list?: PatientList, page?: number) => {
  const qs = new URLSearchParams();
  if (list && list !== 'over75') qs.set('list', list);
  if (page && page > 1) qs.set('page', String(page));
  return `/practices/${encodeURIComponent(code)}/proactive-care${qs.size ? `?${qs}` : ''}`;
};

export const patientHref = (code: string, id: number) =>
  `/practices/${encodeURIComponent(code)}/proactive-care/${id}`;

export const dateGb = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '';

export const whole = (n: number) => n.toLocaleString('en-GB');

export const pct = (part: number, of: number) => (of > 0 ? `${((100 * part) / of).toFixed(1)}%` : '–');

/** An NHS number as it is written: 3, 3 and 4 digits. */
export const nhsNumber = (p: Pick<PatientSummary, 'nhsNumber' | 'patientRef'>) =>
  p.nhsNumber ? p.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3') : `Ref ${p.patientRef}`;

export const riskText = (r: number | null) => (r === null ? 'Not scored' : `${(r * 100).toFixed(1)}%`);

export const listTitle = (list: PatientList, share: number) =>
  list === 'over75' ? 'Aged 75 and over' : `Highest risk (top ${Math.round(share * 100)}% of adults)`;

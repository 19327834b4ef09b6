/**
 * What a concern can be about: the default two-level category taxonomy (each item mapped to one of the 15 NRLS
 * incident categories), harm grades, contract standards, services and the workflow's deadlines. The categories
 * are seeded into the database from here and an administrator can add, rename or retire them.
 */
export const NRLS_CATEGORIES = {
  access: 'Access, admission, transfer, discharge',
  clinical_assessment: 'Clinical assessment',
  communication: 'Consent, communication, confidentiality',
  behaviour: 'Disruptive, aggressive behaviour',
  documentation: 'Documentation',
  monitoring: 'Implementation of care and ongoing monitoring/review',
  infection: 'Infection control incident',
  infrastructure: 'Infrastructure',
  device: 'Medical device/equipment',
  medication: 'Medication',
  abuse: 'Patient abuse',
  accident: 'Patient accident',
  self_harm: 'Self-harming behaviour',
  treatment: 'Treatment, procedure',
  other: 'Other',
} as const;
export type NrlsCategory = keyof typeof NRLS_CATEGORIES;

export interface CategorySeed {
  id: string;
  label: string;
  items: Array<{ id: string; label: string; nrls: NrlsCategory; contractStandard?: ContractStandard }>;
}

export const DEFAULT_TAXONOMY: CategorySeed[] = [
  {
    id: 'communication',
    label: 'Communication and correspondence',
    items: [
      {
        id: 'discharge_summary_late',
        label: 'Discharge summary late (over 24 hours) or missing',
        nrls: 'documentation',
        contractStandard: 'discharge_summary_24h',
      },
      {
        id: 'discharge_summary_inaccurate',
        label: 'Discharge summary inaccurate or missing medication changes',
        nrls: 'documentation',
      },
      {
        id: 'clinic_letter_late',
        label: 'Clinic letter late (over 7 days) or missing',
        nrls: 'documentation',
        contractStandard: 'clinic_letter_7d',
      },
      { id: 'clinic_letter_unclear', label: 'Clinic letter with unclear actions', nrls: 'communication' },
      { id: 'results_not_communicated', label: 'Results not communicated', nrls: 'communication' },
    ],
  },
  {
    id: 'workload',
    label: 'Workload transfer and contract interface',
    items: [
      { id: 'tests_passed_to_gp', label: 'GP asked to request or chase tests', nrls: 'access' },
      { id: 'onward_referral_to_gp', label: 'GP asked to make an onward referral', nrls: 'access' },
      { id: 'fit_note_to_gp', label: 'GP asked to issue a fit note', nrls: 'access' },
      {
        id: 'shared_care_unagreed',
        label: 'Prescribing passed to the GP without agreed shared care',
        nrls: 'medication',
        contractStandard: 'no_unagreed_shared_care',
      },
      {
        id: 'blanket_dna_discharge',
        label: 'Discharged after one missed appointment',
        nrls: 'access',
        contractStandard: 'no_blanket_dna_discharge',
      },
      {
        id: 'advice_guidance_late',
        label: 'Advice and guidance reply over 5 working days',
        nrls: 'access',
        contractStandard: 'advice_guidance_5wd',
      },
      {
        id: 'patient_redirected',
        label: 'Patient sent back to the GP with a query the provider should answer',
        nrls: 'other',
      },
    ],
  },
  {
    id: 'medication',
    label: 'Medication',
    items: [
      {
        id: 'discharge_medication_error',
        label: 'Discharge medication error (omission, dose, not reconciled)',
        nrls: 'medication',
      },
      { id: 'insufficient_supply', label: 'Insufficient supply on discharge', nrls: 'medication' },
      { id: 'prescribing_error', label: 'Prescribing error', nrls: 'medication' },
    ],
  },
  {
    id: 'referral_access',
    label: 'Referral and access',
    items: [
      { id: 'referral_rejected_lost', label: 'Referral rejected or lost', nrls: 'access' },
      { id: 'urgent_referral_delay', label: 'Urgent or suspected-cancer referral delayed', nrls: 'access' },
      { id: 'booking_problem', label: 'Booking or appointment problem', nrls: 'access' },
      { id: 'transport', label: 'Patient transport', nrls: 'access' },
    ],
  },
  {
    id: 'diagnosis_results',
    label: 'Diagnosis and results',
    items: [
      {
        id: 'result_unactioned',
        label: 'Result delayed, missed or not acted on',
        nrls: 'clinical_assessment',
      },
      { id: 'reporting_delay', label: 'Imaging or pathology reporting delay', nrls: 'clinical_assessment' },
    ],
  },
  {
    id: 'discharge',
    label: 'Discharge process',
    items: [
      { id: 'unsafe_discharge', label: 'Unsafe or premature discharge', nrls: 'access' },
      { id: 'no_follow_up', label: 'No follow-up or care package arranged', nrls: 'access' },
    ],
  },
  {
    id: 'clinical_care',
    label: 'Clinical care and treatment',
    items: [
      { id: 'treatment_problem', label: 'Treatment or procedure problem', nrls: 'treatment' },
      { id: 'monitoring_failure', label: 'Monitoring failure', nrls: 'monitoring' },
      { id: 'nursing_nutrition', label: 'Nursing care or nutrition', nrls: 'monitoring' },
    ],
  },
  {
    id: 'experience',
    label: 'Patient experience and dignity',
    items: [{ id: 'experience_dignity', label: 'Poor experience or lack of dignity', nrls: 'other' }],
  },
  {
    id: 'information_governance',
    label: 'Information governance',
    items: [
      { id: 'misdirected_correspondence', label: 'Misdirected correspondence', nrls: 'communication' },
      { id: 'confidentiality_breach', label: 'Confidentiality breach', nrls: 'communication' },
    ],
  },
  {
    id: 'infection',
    label: 'Infection control',
    items: [{ id: 'infection_control', label: 'Infection control', nrls: 'infection' }],
  },
  {
    id: 'equipment',
    label: 'Equipment and devices',
    items: [{ id: 'equipment_device', label: 'Equipment or device', nrls: 'device' }],
  },
  { id: 'other', label: 'Other', items: [{ id: 'other', label: 'Other', nrls: 'other' }] },
];

export const HARM_GRADES = [
  { id: 'no_harm', label: 'No harm', description: 'No harm, or harm was prevented (near miss).' },
  { id: 'low', label: 'Low', description: 'Needed extra observation or minor treatment.' },
  {
    id: 'moderate',
    label: 'Moderate',
    description: 'Moderate increase in treatment; significant but not permanent harm.',
  },
  { id: 'severe', label: 'Severe', description: 'Appears to have caused permanent harm.' },
  { id: 'death', label: 'Death', description: 'Caused the death of one or more people.' },
] as const;
export type Harm = (typeof HARM_GRADES)[number]['id'];
export const HARM_IDS = HARM_GRADES.map((h) => h.id) as [Harm, ...Harm[]];

export const CONTRACT_STANDARDS = {
  discharge_summary_24h: 'Discharge summary sent within 24 hours',
  clinic_letter_7d: 'Clinic letter sent within 7 days',
  advice_guidance_5wd: 'Advice and guidance reply within 5 working days',
  no_blanket_dna_discharge: 'No blanket discharge after a missed appointment',
  no_unagreed_shared_care: 'No shared-care prescribing without the GP’s agreement',
} as const;
export type ContractStandard = keyof typeof CONTRACT_STANDARDS;
export const CONTRACT_STANDARD_IDS = Object.keys(CONTRACT_STANDARDS) as [
  ContractStandard,
  ...ContractStandard[],
];

/**
 * Services by NHS treatment function code, named as in the NHS Data Dictionary's treatment function codes (a subset:
 * the specialties GPs refer to most). Every service code Lantern shows is named from this one table.
 */
export const SERVICES: Record<string, string> = {
  '100': 'General surgery',
  '101': 'Urology',
  '110': 'Trauma and orthopaedics',
  '120': 'Ear, nose and throat',
  '130': 'Ophthalmology',
  '180': 'Emergency medicine',
  '300': 'General internal medicine',
  '301': 'Gastroenterology',
  '320': 'Cardiology',
  '330': 'Dermatology',
  '340': 'Respiratory medicine',
  '400': 'Neurology',
  '410': 'Rheumatology',
  '420': 'Paediatrics',
  '430': 'Elderly medicine',
  '501': 'Obstetrics',
  '502': 'Gynaecology',
  '370': 'Medical oncology',
  '710': 'Adult mental illness',
  '800': 'Clinical oncology',
  '812': 'Diagnostic imaging',
};

/** Default deadlines in working days; each provider may have its own. */
export const DEFAULT_DEADLINES = { acknowledge: 2, triage: 5, providerResponse: 10, commissionerReview: 10 };
export type Deadlines = typeof DEFAULT_DEADLINES;
export const DEADLINE_LABEL: Record<keyof Deadlines, string> = {
  acknowledge: 'Acknowledge',
  triage: 'Triage',
  providerResponse: 'Provider response',
  commissionerReview: 'Commissioner review',
};

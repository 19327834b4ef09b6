/** Indicator definitions: what is counted, which way is better, how to read it. Versioned; values keep their version. */
import { z } from 'zod';

export const DOMAINS = [
  'safety',
  'effectiveness',
  'experience',
  'access',
  'prescribing',
  'referral',
  'workforce',
  'context',
  'performance',
  'finance',
] as const;
export const DIRECTIONS = ['higher_better', 'lower_better', 'neither'] as const;
export const METHODS = ['proportion', 'rate', 'ratio', 'count', 'value', 'mean'] as const;
/**
 * What the numerator is, which decides the comparison that fits it: `events` are counts of things that happen to
 * patients or are done for them (items prescribed, patients on a register, attendances), compared on binomial or
 * Poisson funnels; `continuous` is an amount (£, full-time equivalents, patients per FTE), whose spread does not
 * follow from a count and whose unit is arbitrary, compared on the log scale with a robust spread and never tier
 * evidence.
 */
export const NUMERATOR_KINDS = ['events', 'continuous'] as const;
export type NumeratorKind = (typeof NUMERATOR_KINDS)[number];

export const IndicatorDefinition = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and underscores'),
  version: z.number().int().positive(),
  title: z.string().min(3),
  domain: z.enum(DOMAINS),
  direction: z.enum(DIRECTIONS),
  unit: z.string(),
  /** value = numerator / denominator × multiplier for proportions and rates */
  multiplier: z.number().positive(),
  method: z.enum(METHODS),
  numeratorDescription: z.string().nullable(),
  denominatorDescription: z.string().nullable(),
  orgType: z.string(),
  source: z.string(),
  howToRead: z.string(),
  /** published open data (kept at its published precision); local indicators are not, and are suppressed for non-members */
  published: z.boolean().default(true),
  /** counts of events, or a continuous amount (see NUMERATOR_KINDS) */
  numeratorKind: z.enum(NUMERATOR_KINDS).default('events'),
  /**
   * The behaviour measured: indicators of one family (antibiotic items per 1,000 and per STAR-PU share a numerator)
   * count once towards a tier rule's "at least N". Null: a family of its own.
   */
  family: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and underscores')
    .nullable()
    .default(null),
});
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

type Def = Omit<IndicatorDefinition, 'version' | 'published' | 'numeratorKind' | 'family'> &
  Partial<Pick<IndicatorDefinition, 'version' | 'numeratorKind' | 'family'>>;
/** Built-in definitions describe published open data; a count of events of a family of its own unless said. */
const def = (d: Def): IndicatorDefinition => ({
  version: 1,
  published: true,
  numeratorKind: 'events',
  family: null,
  ...d,
});

/** A GP Patient Survey question: a weighted percentage answering good, without respondent counts in this extract. */
const gpps = (code: string, title: string, domain: IndicatorDefinition['domain'], howToRead: string) =>
  def({
    code,
    title,
    domain,
    direction: 'higher_better',
    unit: '%',
    multiplier: 1,
    method: 'value',
    numeratorDescription: 'weighted respondents answering very or fairly good',
    denominatorDescription: 'weighted respondents (not published in this extract)',
    orgType: 'practice',
    source: 'NHS England, GP Patient Survey',
    howToRead,
  });

/** QOF clinical groups: code → name. */
export const QOF_GROUPS: Record<string, string> = {
  AF: 'Atrial fibrillation',
  AST: 'Asthma',
  CAN: 'Cancer',
  CHD: 'Coronary heart disease',
  CKD: 'Chronic kidney disease (18+)',
  COPD: 'COPD',
  CVDPP: 'Cardiovascular disease: primary prevention',
  DEM: 'Dementia',
  DEP: 'Depression (18+)',
  DM: 'Diabetes mellitus (17+)',
  EP: 'Epilepsy (18+)',
  HF: 'Heart failure',
  HYP: 'Hypertension',
  LD: 'Learning disability',
  MH: 'Mental health',
  NDH: 'Non-diabetic hyperglycaemia',
  OB: 'Obesity (18+)',
  OST: 'Osteoporosis (50+)',
  PAD: 'Peripheral arterial disease',
  PC: 'Palliative care',
  RA: 'Rheumatoid arthritis (16+)',
  STIA: 'Stroke and TIA',
  // the register's own wording in the 2013-14 file is "Smoking Indicators" and "Thyroid" (hypothyroidism)
  SMOK: 'Smoking',
  THY: 'Hypothyroidism',
  LVSD: 'Heart failure due to LVSD',
  BP: 'Blood pressure',
  CHOL: 'Cholesterol',
};

const prevalenceCache = new Map<string, IndicatorDefinition>();

export function qofPrevalence(group: string): IndicatorDefinition {
  let d = prevalenceCache.get(group);
  if (!d) prevalenceCache.set(group, (d = prevalenceDefinition(group)));
  return d;
}

function prevalenceDefinition(group: string): IndicatorDefinition {
  return def({
    code: `qof_prevalence_${group.toLowerCase()}`,
    title: `${QOF_GROUPS[group] ?? group}: recorded prevalence`,
    domain: 'effectiveness',
    direction: 'neither',
    unit: '%',
    multiplier: 100,
    method: 'proportion',
    numeratorDescription: `patients on the QOF ${QOF_GROUPS[group] ?? group} register`,
    denominatorDescription: "registered patients in the register's age group",
    orgType: 'practice',
    source: 'NHS Digital, Quality and Outcomes Framework',
    howToRead:
      'The share of registered patients recorded with the condition. Neither high nor low is good in itself: a low figure beside similar practices can mean under-diagnosis.',
  });
}

export function qofAchievement(group: string): IndicatorDefinition {
  return def({
    code: `qof_achievement_${group.toLowerCase()}`,
    title: `${QOF_GROUPS[group] ?? group}: QOF achievement`,
    domain: 'effectiveness',
    direction: 'higher_better',
    unit: '%',
    multiplier: 1,
    method: 'value',
    numeratorDescription: null,
    denominatorDescription: null,
    orgType: 'practice',
    source:
      'NHS Digital, QOF 2023-24 cardiovascular domain (percentage achievement after personalised care adjustments)',
    howToRead:
      'The share of eligible patients for whom the QOF indicators in this group were met. Higher is better.',
  });
}

export const CATALOGUE: IndicatorDefinition[] = [
  def({
    code: 'qof_vaccination_achievement',
    title: 'Vaccination and immunisation: QOF achievement',
    domain: 'effectiveness',
    direction: 'higher_better',
    unit: '%',
    multiplier: 1,
    method: 'value',
    numeratorDescription: null,
    denominatorDescription: null,
    orgType: 'practice',
    source: 'NHS Digital, QOF 2023-24 vaccination domain',
    howToRead:
      'Percentage achievement of the childhood and shingles vaccination indicators. Higher is better.',
  }),
  def({
    code: 'qof_max_points',
    title: 'QOF maximum available points',
    domain: 'context',
    direction: 'neither',
    unit: 'points',
    multiplier: 1,
    method: 'value',
    numeratorDescription: null,
    denominatorDescription: null,
    orgType: 'practice',
    source: 'NHS Digital, QOF organisation reference',
    howToRead: 'Points available to the practice after any revision. Context for achievement.',
  }),
  def({
    code: 'qof_validation_rules_failed',
    title: 'QOF data validation rules failed',
    domain: 'safety',
    direction: 'lower_better',
    unit: 'rules',
    multiplier: 1,
    method: 'count',
    numeratorDescription: 'validation rules the practice failed',
    denominatorDescription: null,
    orgType: 'practice',
    source: 'NHS Digital, QOF practice validation outcomes',
    howToRead:
      'A practice listed here failed NHS Digital checks on its QOF return; treat its QOF figures with caution.',
  }),
  gpps(
    'gpps_overall_good',
    'GP Patient Survey: good overall experience of the practice',
    'experience',
    'Weighted percentage of respondents describing their overall experience as good. Higher is better.',
  ),
  gpps(
    'gpps_appointment_good',
    'GP Patient Survey: good experience of making an appointment',
    'access',
    'Weighted percentage describing their experience of making an appointment as good. Higher is better.',
  ),
  def({
    code: 'antibiotic_items_per_starpu',
    family: 'antibiotic_prescribing',
    title: 'Antibiotic items per antibacterial STAR-PU',
    domain: 'prescribing',
    direction: 'lower_better',
    unit: 'items per STAR-PU',
    multiplier: 1,
    method: 'ratio',
    numeratorDescription: 'oral antibacterial items prescribed',
    denominatorDescription: 'antibacterial STAR-PU (list size weighted by age and sex)',
    orgType: 'practice',
    source: 'OpenPrescribing measure ktt9_antibiotics (NHS BSA prescribing data)',
    howToRead:
      "Items per age-sex weighted patient: already adjusted for the practice's age and sex mix. Lower is better (antimicrobial stewardship).",
  }),
  def({
    code: 'antibacterial_items_per_1000',
    family: 'antibiotic_prescribing',
    title: 'Antibacterial items per 1,000 registered patients',
    domain: 'prescribing',
    direction: 'lower_better',
    unit: 'per 1,000 patients',
    multiplier: 1000,
    method: 'rate',
    numeratorDescription: 'BNF 5.1 antibacterial items',
    denominatorDescription: 'registered patients',
    orgType: 'practice',
    source: 'OpenPrescribing (NHS BSA prescribing data)',
    howToRead: 'Crude rate, not adjusted for age: compare with similar practices. Lower is better.',
  }),
  def({
    code: 'antibacterial_cost_per_1000',
    family: 'antibiotic_prescribing',
    numeratorKind: 'continuous',
    title: 'Antibacterial cost per 1,000 registered patients',
    domain: 'prescribing',
    direction: 'lower_better',
    unit: '£ per 1,000 patients',
    multiplier: 1000,
    method: 'rate',
    numeratorDescription: 'actual cost of BNF 5.1 antibacterials (£)',
    denominatorDescription: 'registered patients',
    orgType: 'practice',
    source: 'OpenPrescribing (NHS BSA prescribing data)',
    howToRead: 'Crude cost rate. Lower is usually better.',
  }),
  def({
    code: 'imd_score',
    title: 'Deprivation score (IMD) of registered patients',
    domain: 'context',
    direction: 'neither',
    unit: 'score',
    multiplier: 1,
    method: 'value',
    numeratorDescription: null,
    denominatorDescription: null,
    orgType: 'practice',
    source: 'OHID Fingertips indicator 93553 (population-weighted Index of Multiple Deprivation)',
    howToRead: 'Higher means more deprived patients. Context for comparisons, not a measure of quality.',
  }),
  def({
    code: 'cqc_overall_rating',
    title: 'CQC overall rating',
    domain: 'safety',
    direction: 'higher_better',
    unit: 'rating (1 inadequate – 4 outstanding)',
    multiplier: 1,
    method: 'value',
    numeratorDescription: null,
    denominatorDescription: null,
    orgType: 'practice',
    source: 'Care Quality Commission ratings (April 2024)',
    howToRead:
      'The latest CQC overall rating, dated by the year it was given: 1 inadequate, 2 requires improvement, 3 good, 4 outstanding.',
  }),
  def({
    code: 'patients_per_gp_fte',
    family: 'workforce_capacity',
    numeratorKind: 'continuous',
    title: 'Registered patients per GP (full-time equivalent)',
    domain: 'workforce',
    direction: 'lower_better',
    unit: 'patients per GP FTE',
    multiplier: 1,
    method: 'ratio',
    numeratorDescription: 'registered patients (mean over the year)',
    denominatorDescription: 'GP full-time equivalents excluding locums and trainees',
    orgType: 'practice',
    source: 'NHS Digital, General Practice Workforce',
    howToRead: 'A higher figure means each GP serves more patients. Lower is generally better.',
  }),
  def({
    code: 'nurse_fte_per_1000',
    family: 'workforce_capacity',
    numeratorKind: 'continuous',
    title: 'Nurse FTE per 1,000 registered patients',
    domain: 'workforce',
    direction: 'higher_better',
    unit: 'FTE per 1,000 patients',
    multiplier: 1000,
    method: 'rate',
    numeratorDescription: 'nurse full-time equivalents',
    denominatorDescription: 'registered patients (mean over the year)',
    orgType: 'practice',
    source: 'NHS Digital, General Practice Workforce',
    howToRead: 'Nursing capacity relative to the list. Higher is generally better.',
  }),
  def({
    code: 'dpc_fte_per_1000',
    family: 'workforce_capacity',
    numeratorKind: 'continuous',
    title: 'Direct patient care staff FTE per 1,000 patients',
    domain: 'workforce',
    direction: 'higher_better',
    unit: 'FTE per 1,000 patients',
    multiplier: 1000,
    method: 'rate',
    numeratorDescription: 'direct patient care full-time equivalents',
    denominatorDescription: 'registered patients (mean over the year)',
    orgType: 'practice',
    source: 'NHS Digital, General Practice Workforce',
    howToRead:
      'Other clinical capacity relative to the list (pharmacists, physiotherapists, HCAs…). Higher is generally better.',
  }),
  def({
    code: 'nhs_payments_per_patient',
    numeratorKind: 'continuous',
    title: 'NHS payments per registered patient',
    domain: 'finance',
    direction: 'neither',
    unit: '£ per patient',
    multiplier: 1,
    method: 'ratio',
    numeratorDescription: 'total NHS payments to the practice (£)',
    denominatorDescription: 'registered patients',
    orgType: 'practice',
    source: 'NHS Digital, NHS Payments to General Practice',
    howToRead:
      'Context: includes dispensing and premises payments, so high values are not in themselves a concern.',
  }),
  def({
    code: 'qof_payments_per_patient',
    numeratorKind: 'continuous',
    title: 'QOF payments per registered patient',
    domain: 'finance',
    direction: 'neither',
    unit: '£ per patient',
    multiplier: 1,
    method: 'ratio',
    numeratorDescription: 'total QOF payments (£)',
    denominatorDescription: 'registered patients',
    orgType: 'practice',
    source: 'NHS Digital, NHS Payments to General Practice',
    howToRead: 'QOF income relative to list size; reflects achievement and prevalence.',
  }),
  ...(['type1', 'type2', 'other'] as const).flatMap((t) => {
    const label =
      t === 'type1'
        ? 'type 1 (major) A&E'
        : t === 'type2'
          ? 'type 2 (single specialty) A&E'
          : 'other A&E (urgent treatment, walk-in)';
    return [
      def({
        code: `ae_attendances_${t}`,
        title: `Attendances at ${label}`,
        domain: 'performance',
        direction: 'neither',
        unit: 'attendances',
        multiplier: 1,
        method: 'count',
        numeratorDescription: 'attendances in the month',
        denominatorDescription: null,
        orgType: 'trust',
        source: 'NHS England A&E attendances and emergency admissions (via NHSRdatasets)',
        howToRead: 'Monthly activity. Context for performance and concern rates.',
      }),
      def({
        code: `ae_within_4h_${t}`,
        title: `Patients seen within 4 hours at ${label}`,
        domain: 'performance',
        direction: 'higher_better',
        unit: '%',
        multiplier: 100,
        method: 'proportion',
        numeratorDescription: 'attendances admitted, transferred or discharged within 4 hours',
        denominatorDescription: 'attendances',
        orgType: 'trust',
        source: 'NHS England A&E attendances and emergency admissions (via NHSRdatasets)',
        howToRead: 'The 4-hour standard (operational standard 95%). Higher is better.',
      }),
    ];
  }),
  def({
    code: 'ae_within_4h_all',
    title: 'A&E patients seen within 4 hours (all types)',
    domain: 'performance',
    direction: 'higher_better',
    unit: '%',
    multiplier: 100,
    method: 'proportion',
    numeratorDescription: 'attendances within 4 hours',
    denominatorDescription: 'attendances',
    orgType: 'trust',
    source: 'NHS England A&E statistics',
    howToRead: 'All A&E types together. Higher is better.',
  }),
  def({
    code: 'ae_attendances_all',
    title: 'A&E attendances (all types)',
    domain: 'performance',
    direction: 'neither',
    unit: 'attendances',
    multiplier: 1,
    method: 'count',
    numeratorDescription: 'attendances',
    denominatorDescription: null,
    orgType: 'trust',
    source: 'NHS England A&E statistics',
    howToRead: 'Activity in the month.',
  }),
  def({
    code: 'ae_12h_decision_to_admit',
    title: 'Patients waiting 12+ hours from decision to admit',
    domain: 'safety',
    direction: 'lower_better',
    unit: 'patients',
    multiplier: 1,
    method: 'count',
    numeratorDescription: 'patients waiting 12 hours or more from decision to admit to admission',
    denominatorDescription: null,
    orgType: 'trust',
    source: 'NHS England A&E statistics (2022 snapshot via healthyr)',
    howToRead: '"Trolley waits". Lower is better.',
  }),
  def({
    code: 'rtt_incomplete_18w',
    title: 'Waiting list: patients waiting 18+ weeks (incomplete pathways)',
    domain: 'access',
    direction: 'lower_better',
    unit: '%',
    multiplier: 100,
    method: 'proportion',
    numeratorDescription: 'patients waiting 18 weeks or more',
    denominatorDescription: 'patients on the waiting list',
    orgType: 'trust',
    source: 'NHS England referral to treatment statistics (2022 snapshot via healthyr)',
    howToRead: 'Share of the waiting list beyond 18 weeks (standard: no more than 8%). Lower is better.',
  }),
  def({
    code: 'rtt_incomplete_52w',
    title: 'Waiting list: patients waiting 52+ weeks (incomplete pathways)',
    domain: 'access',
    direction: 'lower_better',
    unit: '%',
    multiplier: 100,
    method: 'proportion',
    numeratorDescription: 'patients waiting 52 weeks or more',
    denominatorDescription: 'patients on the waiting list',
    orgType: 'trust',
    source: 'NHS England referral to treatment statistics (2022 snapshot via healthyr)',
    howToRead: 'Share of the waiting list beyond a year. Lower is better.',
  }),
  def({
    code: 'diagnostics_6w',
    title: 'Diagnostic tests: patients waiting 6+ weeks',
    domain: 'access',
    direction: 'lower_better',
    unit: '%',
    multiplier: 100,
    method: 'proportion',
    numeratorDescription: 'patients waiting 6 weeks or more',
    denominatorDescription: 'diagnostic waiting list',
    orgType: 'trust',
    source: 'NHS England diagnostic waiting times (2022 snapshot via healthyr)',
    howToRead: 'Standard: under 1% waiting 6 weeks or more. Lower is better.',
  }),
  def({
    code: 'gp_referrals',
    title: 'GP referrals made (outpatients)',
    domain: 'referral',
    direction: 'neither',
    unit: 'referrals',
    multiplier: 1,
    method: 'count',
    numeratorDescription: 'GP referrals for a first outpatient appointment',
    denominatorDescription: null,
    orgType: 'trust',
    source: 'NHS England monthly outpatient referrals (2022 snapshot via healthyr)',
    howToRead: 'Volume of GP referrals received: the denominator for concern rates.',
  }),
  def({
    code: 'bed_occupancy_general_acute',
    title: 'General and acute beds occupied (overnight)',
    domain: 'performance',
    direction: 'lower_better',
    unit: '%',
    multiplier: 100,
    method: 'value',
    numeratorDescription: null,
    denominatorDescription: null,
    orgType: 'trust',
    source: 'NHS England KH03 bed availability and occupancy (2022 quarter via healthyr)',
    howToRead: 'Occupancy above about 92% is associated with delays and safety risks.',
  }),
];

/** Cancer waiting-time standards get one indicator each, defined from the standard's name in the file. */
export function cancerStandard(standard: string): IndicatorDefinition {
  const slug = standard
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return def({
    code: `cancer_${slug}`,
    title: `Cancer waiting times: ${standard}`,
    domain: 'access',
    direction: 'higher_better',
    unit: '%',
    multiplier: 100,
    method: 'proportion',
    numeratorDescription: 'patients treated within the standard',
    denominatorDescription: 'patients treated',
    orgType: 'trust',
    source: 'NHS England cancer waiting times (2022 snapshot via healthyr)',
    howToRead: 'Share of patients seen or treated within the standard. Higher is better.',
  });
}

export function catalogueEntry(code: string): IndicatorDefinition | undefined {
  return CATALOGUE.find((d) => d.code === code);
}

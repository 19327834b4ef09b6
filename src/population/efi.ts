/**
 * The electronic Frailty Index (eFI): Clegg A, et al. Development and validation of an electronic
 * frailty index using routine primary care electronic health record data. Age Ageing 2016;45(3):353–360
 * (doi:10.1093/ageing/afw039; open access as PMC4846793).
 *
 * The eFI is a cumulative-deficit frailty index: 36 deficits (Box 1 of the paper), each present or absent, and the
 * score is the number present divided by 36. Every deficit weighs the same. Lantern stores the deficits present by
 * number 1–36, in the paper's order (Box 1 lists them alphabetically), so the numbers below must never be reordered.
 */

export const EFI_DEFICIT_TOTAL = 36;

/** The 36 deficits of the eFI, numbered 1–36 in the order of Box 1 of Clegg et al. 2016. */
export const EFI_DEFICITS: ReadonlyArray<{ id: number; name: string }> = [
  'Activity limitation',
  'Anaemia and haematinic deficiency',
  'Arthritis',
  'Atrial fibrillation',
  'Cerebrovascular disease',
  'Chronic kidney disease',
  'Diabetes',
  'Dizziness',
  'Dyspnoea',
  'Falls',
  'Foot problems',
  'Fragility fracture',
  'Hearing impairment',
  'Heart failure',
  'Heart valve disease',
  'Housebound',
  'Hypertension',
  'Hypotension/syncope',
  'Ischaemic heart disease',
  'Memory and cognitive problems',
  'Mobility and transfer problems',
  'Osteoporosis',
  'Parkinsonism and tremor',
  'Peptic ulcer',
  'Peripheral vascular disease',
  'Polypharmacy',
  'Requirement for care',
  'Respiratory disease',
  'Skin ulcer',
  'Sleep disturbance',
  'Social vulnerability',
  'Thyroid disease',
  'Urinary incontinence',
  'Urinary system disease',
  'Visual impairment',
  'Weight loss and anorexia',
].map((name, i) => ({ id: i + 1, name }));

/** A deficit's number by its name in Box 1 (for readable code elsewhere: `EFI_ID['Heart failure']` is 14). */
export const EFI_ID: Readonly<Record<string, number>> = Object.fromEntries(
  EFI_DEFICITS.map((d) => [d.name, d.id]),
);

const isDeficitId = (id: number) => Number.isInteger(id) && id >= 1 && id <= EFI_DEFICIT_TOTAL;

/**
 * The number of distinct deficits present. A deficit listed twice counts once; anything that is not a whole number
 * from 1 to 36 is refused (RangeError naming it), so a bad extract cannot pass as a lower score.
 */
export function efiDeficitCount(deficitIds: readonly number[]): number {
  const seen = new Set<number>();
  for (const id of deficitIds) {
    if (!isDeficitId(id))
      throw new RangeError(`eFI deficit ${String(id)} is not one of the 36 (a whole number from 1 to 36)`);
    seen.add(id);
  }
  return seen.size;
}

/** The eFI score: distinct deficits present ÷ 36, from 0 to 1. */
export function efiScore(deficitIds: readonly number[]): number {
  return efiDeficitCount(deficitIds) / EFI_DEFICIT_TOTAL;
}

export type FrailtyBand = 'fit' | 'mild' | 'moderate' | 'severe';

/**
 * The deficit count at which each band starts. The paper's bands are on the score: fit ≤ 0.12, mild 0.13–0.24,
 * moderate 0.25–0.36, severe > 0.36. A score is always k/36, so the band is decided on the whole-number count k and
 * no floating-point comparison can land on an edge: 0.12 × 36 = 4.32, so fit is 0–4 deficits (4/36 = 0.111,
 * 5/36 = 0.139); 0.24 × 36 = 8.64, so mild is 5–8 (8/36 = 0.222, 9/36 = 0.25 exactly); 0.36 × 36 = 12.96, so
 * moderate is 9–12 and severe is 13 or more (13/36 = 0.361 > 0.36). Some guidance pages count 13 as moderate
 * ("moderate 9–13 deficits", "severe: more than 13"), reading 13/36 at two decimals as 0.36; on the score itself,
 * which is what the bands are defined on, 13/36 is above 0.36, so 13 deficits are severe here.
 */
export const BAND_FROM = { mild: 5, moderate: 9, severe: 13 } as const;

/** Moderate or severe frailty starts here: the GP contract's case-finding threshold (eFI > 0.24). */
export const MODERATE_FROM = BAND_FROM.moderate;

export const FRAILTY_BANDS: ReadonlyArray<{
  band: FrailtyBand;
  label: string;
  /** the band's deficit counts, inclusive (`to` null: open above) */
  from: number;
  to: number | null;
  /** the band on the eFI score, as the paper states it */
  score: string;
}> = [
  { band: 'fit', label: 'Fit', from: 0, to: BAND_FROM.mild - 1, score: '0–0.12' },
  {
    band: 'mild',
    label: 'Mild frailty',
    from: BAND_FROM.mild,
    to: BAND_FROM.moderate - 1,
    score: '0.13–0.24',
  },
  {
    band: 'moderate',
    label: 'Moderate frailty',
    from: BAND_FROM.moderate,
    to: BAND_FROM.severe - 1,
    score: '0.25–0.36',
  },
  { band: 'severe', label: 'Severe frailty', from: BAND_FROM.severe, to: null, score: 'above 0.36' },
];

/** The band of a number of distinct deficits (a whole number from 0 to 36; anything else is refused). */
export function frailtyBand(deficitCount: number): FrailtyBand {
  if (!Number.isInteger(deficitCount) || deficitCount < 0 || deficitCount > EFI_DEFICIT_TOTAL)
    throw new RangeError(`an eFI deficit count is a whole number from 0 to 36, got ${String(deficitCount)}`);
  if (deficitCount >= BAND_FROM.severe) return 'severe';
  if (deficitCount >= BAND_FROM.moderate) return 'moderate';
  if (deficitCount >= BAND_FROM.mild) return 'mild';
  return 'fit';
}

/** The band of a list of deficits (duplicates counted once). */
export const frailtyBandOf = (deficitIds: readonly number[]): FrailtyBand =>
  frailtyBand(efiDeficitCount(deficitIds));

/**
 * The published shares of each band among people aged 65–95, which the synthetic generator is calibrated to.
 *
 * - Overall: fit 50%, mild 35%, moderate 12%, severe 3%: the frailty toolkit's eFI page
 *   (https://www.frailtytoolkit.org/electronic-frailty-index-efi/) gives these as the estimated share of the
 *   population aged 65+ in each eFI category. They are usually attributed to the development cohort of Clegg et al.
 *   2016 (ResearchOne, aged 65–95 on 14 October 2008), whose abstract says the categories "were defined using
 *   population quartiles"; the abstract does not print the shares and the full text was not found, so the toolkit
 *   page is the source cited for the numbers.
 * - By age group: not found. Searches of the paper's abstract, NHS England's eFI and GP-contract frailty guidance,
 *   the frailty toolkit and later eFI cohort studies found no published band shares by age group for the 65–95
 *   cohort, so none are given here and the generator's age gradient is its own (documented in generator.ts), checked
 *   only for direction: frailty rises with age (Walsh B, et al. Age Ageing 2023;52(5):afad058 report transitions
 *   from fit rising from 130 to 214 to 380 per 1,000 person-years at 65–74, 75–84 and 85+).
 */
export const PUBLISHED_BAND_SHARES: {
  ages: { from: number; to: number };
  overall: Readonly<Record<FrailtyBand, number>>;
  byAgeGroup: null;
  source: string;
} = {
  ages: { from: 65, to: 95 },
  overall: { fit: 0.5, mild: 0.35, moderate: 0.12, severe: 0.03 },
  byAgeGroup: null,
  source:
    'eFI categories of Clegg A, et al. Age Ageing 2016;45(3):353–360; shares as given for the population aged 65+ by the frailty toolkit eFI page (frailtytoolkit.org/electronic-frailty-index-efi); no shares by age group were found',
};

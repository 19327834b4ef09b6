/**
 * Synthetic concerns for demos, tests and benchmarks: never real patient data. Concerns arrive as a Poisson
 * process per provider in proportion to its activity, with a realistic category and harm mix; clusters can be
 * planted (e.g. discharge-letter failures at one trust from 5 practices in 3 weeks).
 */
import { mulberry32, rpois } from '../stats/random.js';
import { addCalendarDays } from '../domain/working-days.js';
import { syntheticNhsNumber } from './nhs-number.js';
import type { Harm } from './taxonomy.js';

/** Relative frequency of categories among GP concerns (an illustrative mix, not a measured one). */
export const CATEGORY_MIX: Record<string, number> = {
  discharge_summary_late: 14,
  discharge_summary_inaccurate: 6,
  clinic_letter_late: 12,
  clinic_letter_unclear: 5,
  results_not_communicated: 4,
  tests_passed_to_gp: 9,
  onward_referral_to_gp: 4,
  fit_note_to_gp: 3,
  shared_care_unagreed: 3,
  blanket_dna_discharge: 2,
  advice_guidance_late: 4,
  patient_redirected: 3,
  discharge_medication_error: 7,
  insufficient_supply: 2,
  prescribing_error: 2,
  referral_rejected_lost: 5,
  urgent_referral_delay: 2,
  booking_problem: 3,
  result_unactioned: 3,
  unsafe_discharge: 2,
  no_follow_up: 2,
  treatment_problem: 1,
  experience_dignity: 1,
  misdirected_correspondence: 1,
};
const HARM_MIX: Array<[Harm, number]> = [
  ['no_harm', 62],
  ['low', 28],
  ['moderate', 8],
  ['severe', 1.6],
  ['death', 0.4],
];
const SERVICES = [
  '100',
  '101',
  '110',
  '120',
  '130',
  '300',
  '301',
  '320',
  '330',
  '340',
  '400',
  '420',
  '430',
  '502',
];

const DESCRIPTIONS: Record<string, string> = {
  discharge_summary_late:
    'Discharge summary not received within 24 hours; the practice learned of the admission from the patient.',
  discharge_summary_inaccurate: 'Discharge summary did not list the medication changes made on the ward.',
  clinic_letter_late: 'Clinic letter arrived more than 7 days after the appointment.',
  clinic_letter_unclear: 'Clinic letter did not say who should act on the recommended tests.',
  discharge_medication_error: 'Medication on discharge did not match the discharge summary.',
  tests_passed_to_gp: 'Practice asked to arrange blood tests the clinic had decided were needed.',
  referral_rejected_lost: 'Referral not found by the service three weeks after it was sent.',
};

function pick<T extends string>(rand: () => number, weights: Array<[T, number]>): T {
  const total = weights.reduce((a, [, w]) => a + w, 0);
  let r = rand() * total;
  for (const [k, w] of weights) if ((r -= w) < 0) return k;
  return weights[weights.length - 1][0];
}

export interface PlantedCluster {
  provider: string;
  category: string;
  practices: number;
  /** the cluster's concerns fall within this many days from `start` */
  days: number;
  start: string;
}

export interface SyntheticOptions {
  seed: number;
  providers: Array<{ code: string; concernsPerMonth: number }>;
  practices: string[];
  from: string;
  to: string;
  clusters?: PlantedCluster[];
  /** share of concerns that carry a (synthetic, 999-range) NHS number */
  withNhsNumber?: number;
}

export interface SyntheticConcern {
  provider: string;
  practice: string;
  category: string;
  harm: Harm;
  service: string;
  eventDate: string;
  description: string;
  nhsNumber: string | null;
  planted: boolean;
}

export function generateConcerns(o: SyntheticOptions): SyntheticConcern[] {
  const rand = mulberry32(o.seed);
  const categories = Object.entries(CATEGORY_MIX);
  const days = Math.round((Date.parse(o.to) - Date.parse(o.from)) / 86_400_000) + 1;
  const out: SyntheticConcern[] = [];
  const make = (
    provider: string,
    category: string,
    practice: string,
    eventDate: string,
    planted: boolean,
  ) => {
    out.push({
      provider,
      practice,
      category,
      harm: pick(rand, HARM_MIX),
      service: SERVICES[Math.floor(rand() * SERVICES.length)],
      eventDate,
      description: `${DESCRIPTIONS[category] ?? 'Concern raised by the practice about this service.'} (synthetic)`,
      nhsNumber: rand() < (o.withNhsNumber ?? 0) ? syntheticNhsNumber(rand) : null,
      planted,
    });
  };
  for (const p of o.providers) {
    const perDay = (p.concernsPerMonth * 12) / 365.25;
    for (let d = 0; d < days; d++) {
      const n = rpois(rand, perDay);
      for (let k = 0; k < n; k++)
        make(
          p.code,
          pick(rand, categories),
          o.practices[Math.floor(rand() * o.practices.length)],
          addCalendarDays(o.from, d),
          false,
        );
    }
  }
  for (const c of o.clusters ?? []) {
    const chosen = [...o.practices].sort(() => rand() - 0.5).slice(0, c.practices);
    if (chosen.length < c.practices)
      throw new RangeError(`a cluster of ${c.practices} practices needs that many practices`);
    chosen.forEach((practice, i) => {
      const offset = c.practices === 1 ? 0 : Math.round((i * (c.days - 1)) / (c.practices - 1));
      make(c.provider, c.category, practice, addCalendarDays(c.start, offset), true);
    });
  }
  return out.sort((a, b) => a.eventDate.localeCompare(b.eventDate));
}

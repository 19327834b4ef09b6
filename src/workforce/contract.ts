/** The workforce API's contract: a practice's workforce over time, and an area's practices' summaries. */
import { z } from 'zod';

const staffGroup = z.enum(['gp', 'nurse', 'dpc']);
const fte = z.number().nullable();

/** Said with every answer: where the figures come from, what "clinician" means, and that they are context. */
const about = {
  source: z.string(),
  staffGroups: z
    .array(z.object({ key: staffGroup, label: z.string(), column: z.string() }).readonly())
    .readonly(),
  clinicianFte: z.string(),
  use: z.string(),
  rules: z.object({ smallGpFte: z.number(), fallingGpFte: z.number(), highCentile: z.number() }).readonly(),
  limits: z.array(z.string()).readonly(),
  /** England's patients per GP FTE by year: the median and 90th centile */
  england: z.array(
    z.object({ periodStart: z.string(), practices: z.number().int(), median: z.number(), p90: z.number() }),
  ),
};

const workforceYear = z.object({
  year: z.string(),
  periodStart: z.string(),
  patients: fte,
  gpFte: fte,
  nurseFte: fte,
  dpcFte: fte,
  notReturned: z.array(staffGroup),
  patientsPerGpFte: fte,
  clinicianFte: fte,
  patientsPerClinicianFte: fte,
  mix: z.record(staffGroup, z.number()).nullable(),
});

const change = z
  .object({
    from: z.string(),
    to: z.string(),
    patients: fte,
    gpFte: fte,
    clinicianFte: fte,
    patientsPerGpFte: fte,
  })
  .nullable();

const flagCode = z.enum([
  'small_gp_capacity',
  'falling_gp_fte_rising_list',
  'high_patients_per_gp_fte',
  'not_returned',
]);

export const practiceWorkforce = z.object({
  code: z.string(),
  name: z.string(),
  ...about,
  years: z.array(workforceYear),
  change,
  flags: z.array(
    z.object({
      code: flagCode,
      title: z.string(),
      rule: z.string(),
      finding: z.string(),
      caveat: z.string(),
    }),
  ),
});

export const areaWorkforce = z.object({
  code: z.string(),
  name: z.string(),
  ...about,
  practices: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      latest: workforceYear.nullable(),
      change,
      flags: z.array(z.object({ code: flagCode, title: z.string(), finding: z.string() })),
    }),
  ),
});

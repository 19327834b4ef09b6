/** Organisation types, their ODS code shapes, and the parent relationships Lantern records over time. */
import { z } from 'zod';

export const ORG_TYPES = [
  'region',
  'area_team',
  'icb',
  'sub_icb',
  'pcn',
  'practice',
  'prescribing_setting',
  'trust',
  'trust_site',
  'provider',
  'country',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_TYPE_LABEL: Record<OrgType, string> = {
  country: 'Country',
  region: 'NHS England region',
  area_team: 'NHS England area team',
  icb: 'Integrated care board (STP before July 2022)',
  sub_icb: 'Sub-ICB location (CCG before July 2022)',
  pcn: 'Primary care network',
  practice: 'GP practice',
  prescribing_setting: 'Other prescribing setting',
  trust: 'NHS trust',
  trust_site: 'Trust site',
  provider: 'Other provider',
};

/** ODS code shapes by type (domain.md): a practice is a letter and 5 digits, a trust R + 2, its site R + 4, … */
export const CODE_PATTERN: Record<OrgType, RegExp> = {
  country: /^[A-Z]\d{8}$/,
  region: /^Y\d{2}$/,
  area_team: /^Q[A-Z0-9]{2}$/,
  icb: /^Q[A-Z0-9]{2}$/,
  sub_icb: /^([0-9][0-9A-Z][A-Z0-9]|[A-Z0-9]{5})$/,
  pcn: /^U\d{5}$/,
  practice: /^[A-Z]\d{5}$/,
  prescribing_setting: /^[A-Z0-9]{3,8}$/,
  trust: /^R[A-Z0-9]{2}$/,
  trust_site: /^R[A-Z0-9]{4}$/,
  provider: /^[A-Z0-9]{3,5}$/,
};

export const CODE_EXPECTATION: Record<OrgType, string> = {
  country: 'an ONS country code',
  region: 'a region code such as Y56',
  area_team: 'an area team code such as Q74',
  icb: 'an ICB code such as QHM',
  sub_icb: 'a CCG or sub-ICB code such as 14L',
  pcn: 'a PCN code such as U89141',
  practice: 'a GP practice code: a letter and 5 digits, such as B86030',
  prescribing_setting: 'an ODS code of 3 to 8 letters and digits',
  trust: 'an NHS trust code: R and 2 letters or digits, such as RR8',
  trust_site: 'a trust site code: R and 4 letters or digits, such as RR813',
  provider: 'a provider code of 3 to 5 letters and digits',
};

export function isCodeOfType(code: string, type: OrgType): boolean {
  return CODE_PATTERN[type].test(code);
}

/** Relationship names: child → parent. */
export const RELATIONSHIPS = {
  practice_sub_icb: 'commissioned by (CCG / sub-ICB)',
  practice_pcn: 'member of PCN',
  pcn_sub_icb: 'PCN within CCG / sub-ICB',
  sub_icb_icb: 'CCG / sub-ICB within ICB (STP)',
  sub_icb_area_team: 'CCG within NHS England area team',
  icb_region: 'ICB within NHS England region',
  area_team_region: 'area team within region',
  sub_icb_successor: 'CCG merged into',
  trust_icb: 'trust within ICB',
  trust_region: 'trust within region',
  practice_region: 'practice within region',
} as const;
export type Relationship = keyof typeof RELATIONSHIPS;

/** Which relationship leads from a child type up to its parent in the navigation tree. */
export const PARENT_RELATIONSHIP: Partial<Record<OrgType, Relationship[]>> = {
  practice: ['practice_sub_icb', 'practice_pcn'],
  pcn: ['pcn_sub_icb'],
  sub_icb: ['sub_icb_icb', 'sub_icb_successor', 'sub_icb_area_team'],
  icb: ['icb_region'],
  area_team: ['area_team_region'],
  trust: ['trust_icb', 'trust_region'],
};

export const OrganisationSummary = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(ORG_TYPES),
  postcode: z.string().nullable(),
  status: z.string(),
  openDate: z.string().nullable(),
  closeDate: z.string().nullable(),
});
export type OrganisationSummary = z.infer<typeof OrganisationSummary>;

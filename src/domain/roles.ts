/** Who may do what: the roles, what each one's grant covers, and who sees unsuppressed local figures. */
export const ROLES = [
  'admin',
  'commissioner_lead',
  'commissioner_analyst',
  'practice_user',
  'practice_clinician',
  'peer_group_lead',
  'provider_user',
  'partner',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Administrator',
  commissioner_lead: 'Commissioner quality lead',
  commissioner_analyst: 'Commissioner analyst',
  practice_user: 'Practice user',
  practice_clinician: 'Practice clinician (patient lists)',
  peer_group_lead: 'Peer group lead',
  provider_user: 'Provider user',
  partner: 'Partner (NHS England, CQC, Healthwatch)',
};

/**
 * The organisation types a role's grant may name. An ICB or sub-ICB grant covers the organisations below it;
 * a practice grant covers the practice; a trust grant its sites. Admin and partner grants name no organisation.
 */
export const GRANT_ORG_TYPES: Record<Role, readonly string[] | null> = {
  admin: null,
  partner: null,
  commissioner_lead: ['icb', 'sub_icb', 'region'],
  commissioner_analyst: ['icb', 'sub_icb', 'region'],
  practice_user: ['practice'],
  practice_clinician: ['practice'],
  peer_group_lead: ['pcn', 'sub_icb', 'icb'],
  provider_user: ['trust', 'provider'],
};

export interface Grant {
  id: number;
  role: Role;
  orgCode: string | null;
}

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

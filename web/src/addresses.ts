/** The page address of each organisation type: `/practices/P84019`, `/trusts/RW6`, `/icbs/QOP`, … */
import type { OrgType } from '../../src/domain/organisations';

export const ORG_SEGMENT: Record<OrgType, string> = {
  practice: 'practices',
  trust: 'trusts',
  trust_site: 'trust-sites',
  provider: 'providers',
  icb: 'icbs',
  sub_icb: 'ccgs',
  pcn: 'pcns',
  region: 'regions',
  area_team: 'area-teams',
  prescribing_setting: 'prescribing-settings',
  country: 'countries',
};

/**
 * An organisation's page. Without its type the address is `/organisations/CODE`, which looks the type up and
 * moves on to the typed address (the old addresses, in bookmarks and emails, work the same way).
 */
export function orgHref(code: string, type?: string | null, at?: string | null): string {
  const segment = type ? ORG_SEGMENT[type as OrgType] : undefined;
  return `/${segment ?? 'organisations'}/${encodeURIComponent(code)}${at ? `?at=${at}` : ''}`;
}

export const practiceHref = (code: string, at?: string | null) => orgHref(code, 'practice', at);

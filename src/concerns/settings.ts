/** The deadlines and incident regime that apply to a provider's concerns, as each commissioning area sets them. */
import type { Queryable } from '../db/connect.js';
import { today, nowIso } from '../domain/clock.js';
import {
  findProviderSettings,
  findSettingsForPractice,
  upsertProviderSettings,
} from '../db/repos/provider-settings.js';
import { DEFAULT_DEADLINES, type Deadlines } from './taxonomy.js';

export interface ProviderSettings extends Deadlines {
  incidentRegime: 'sif2015' | 'psirf';
  custom: boolean;
}

export const DEFAULT_SETTINGS: ProviderSettings = {
  ...DEFAULT_DEADLINES,
  incidentRegime: 'psirf',
  custom: false,
};

/** The settings an area has set for a provider (the defaults when it has set none). */
export async function providerSettings(
  db: Queryable,
  provider: string,
  area: string,
): Promise<ProviderSettings> {
  const s = await findProviderSettings(db, provider, area);
  return s ? { ...s, custom: true } : DEFAULT_SETTINGS;
}

/**
 * The settings that apply to a concern from this practice about this provider: those of the nearest area above the
 * practice (through links open today) that has set any, else a row made before settings were per area, else the
 * defaults.
 */
export async function settingsForPractice(
  db: Queryable,
  provider: string,
  practice: string,
): Promise<ProviderSettings> {
  const s = await findSettingsForPractice(db, provider, practice, today());
  return s ? { ...s, custom: true } : DEFAULT_SETTINGS;
}

/** Settings read once per provider and practice for a batch of concerns. */
export function settingsLookup(
  db: Queryable,
): (provider: string, practice: string) => Promise<ProviderSettings> {
  const seen = new Map<string, Promise<ProviderSettings>>();
  return (provider, practice) => {
    const key = `${provider}\u0000${practice}`;
    let s = seen.get(key);
    if (!s) seen.set(key, (s = settingsForPractice(db, provider, practice)));
    return s;
  };
}

export async function saveProviderSettings(
  db: Queryable,
  provider: string,
  area: string,
  s: Deadlines & { incidentRegime: 'sif2015' | 'psirf' },
  by: string,
): Promise<void> {
  await upsertProviderSettings(db, provider, area, s, by, nowIso());
}

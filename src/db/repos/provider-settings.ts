/** The deadlines and incident regime an area sets for a provider (table provider_settings). */
import type { Queryable } from '../connect.js';

export interface ProviderSettingsRecord {
  /** working days for each deadline */
  acknowledge: number;
  triage: number;
  providerResponse: number;
  commissionerReview: number;
  incidentRegime: 'sif2015' | 'psirf';
}

const SETTINGS_COLUMNS = `s.acknowledge_days AS acknowledge, s.triage_days AS triage, s.response_days AS "providerResponse",
  s.review_days AS "commissionerReview", s.incident_regime AS "incidentRegime"`;

/**
 * The provider_settings row that applies to a practice's concerns about a provider, as a subquery over the
 * columns `provider` and `practice` (SQL expressions) on `day` (a date expression): the nearest area above the
 * practice (through links open that day) that has set any, else a row made before settings were per area ('').
 */
export function applicableSettingsSql(provider: string, practice: string, day: string): string {
  return `WITH RECURSIVE up(code, depth) AS (
       SELECT ${practice}::text, 0
       UNION
       SELECT l.parent_code, up.depth + 1 FROM organisation_links l JOIN up ON l.child_code = up.code
        WHERE (l.valid_to IS NULL OR l.valid_to > ${day}::date) AND up.depth < 8)
     SELECT ${SETTINGS_COLUMNS} FROM provider_settings s
       JOIN (SELECT code, min(depth) AS depth FROM up GROUP BY code UNION ALL SELECT '', 99) a ON a.code = s.area_code
      WHERE s.provider_code = ${provider}
      ORDER BY a.depth LIMIT 1`;
}

/** The settings an area has set for a provider, or null when it has set none. */
export async function findProviderSettings(
  db: Queryable,
  provider: string,
  area: string,
): Promise<ProviderSettingsRecord | null> {
  const [s] = await db.query<ProviderSettingsRecord>(
    `SELECT ${SETTINGS_COLUMNS} FROM provider_settings s WHERE s.provider_code = $1 AND s.area_code = $2`,
    [provider, area],
  );
  return s ?? null;
}

/** The settings that apply to a practice's concerns about a provider on `day` (see applicableSettingsSql). */
export async function findSettingsForPractice(
  db: Queryable,
  provider: string,
  practice: string,
  day: string,
): Promise<ProviderSettingsRecord | null> {
  const [s] = await db.query<ProviderSettingsRecord>(applicableSettingsSql('$1', '$2', '$3'), [
    provider,
    practice,
    day,
  ]);
  return s ?? null;
}

export async function upsertProviderSettings(
  db: Queryable,
  provider: string,
  area: string,
  s: ProviderSettingsRecord,
  by: string,
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO provider_settings (provider_code, area_code, acknowledge_days, triage_days, response_days, review_days, incident_regime, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (provider_code, area_code) DO UPDATE SET acknowledge_days = $3, triage_days = $4, response_days = $5,
       review_days = $6, incident_regime = $7, updated_by = $8, updated_at = $9`,
    [
      provider,
      area,
      s.acknowledge,
      s.triage,
      s.providerResponse,
      s.commissionerReview,
      s.incidentRegime,
      by,
      at,
    ],
  );
}

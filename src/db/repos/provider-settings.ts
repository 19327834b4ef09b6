/** The deadlines and incident regime an area sets for a provider (table provider_settings). */
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { providerSettings } from '../schema.js';

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
  const [s] = await orm(db)
    .select({
      acknowledge: providerSettings.acknowledgeDays,
      triage: providerSettings.triageDays,
      providerResponse: providerSettings.responseDays,
      commissionerReview: providerSettings.reviewDays,
      incidentRegime: providerSettings.incidentRegime,
    })
    .from(providerSettings)
    .where(and(eq(providerSettings.providerCode, provider), eq(providerSettings.areaCode, area)));
  // the regime column holds only what the API lets in: 'sif2015' or 'psirf'
  return s ? (s as ProviderSettingsRecord) : null;
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
  const row = {
    acknowledgeDays: s.acknowledge,
    triageDays: s.triage,
    responseDays: s.providerResponse,
    reviewDays: s.commissionerReview,
    incidentRegime: s.incidentRegime,
    updatedBy: by,
    updatedAt: at,
  };
  await orm(db)
    .insert(providerSettings)
    .values({ providerCode: provider, areaCode: area, ...row })
    .onConflictDoUpdate({ target: [providerSettings.providerCode, providerSettings.areaCode], set: row });
}

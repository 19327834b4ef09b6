/** Patient feedback and its themes (tables patient_feedback and patient_feedback_themes, migration 0020). */
import type { Queryable } from '../connect.js';
import type { Sentiment, VoiceSource, VoiceTheme } from '../../patient-voice/taxonomy.js';

export interface FeedbackInput {
  subject: 'practice' | 'provider';
  org: string;
  area: string;
  source: VoiceSource;
  sourceDetail: string | null;
  receivedOn: string;
  periodFrom: string;
  periodTo: string;
  summary: string;
  themes: Array<{ theme: VoiceTheme; sentiment: Sentiment }>;
}

export interface FeedbackRow {
  id: number;
  subject: 'practice' | 'provider';
  orgCode: string;
  areaCode: string;
  source: VoiceSource;
  sourceDetail: string | null;
  receivedOn: string;
  periodFrom: string;
  periodTo: string;
  summary: string;
  recordedRole: string | null;
  recordedAt: string;
  themes: Array<{ theme: VoiceTheme; sentiment: Sentiment }>;
}

/** Store one piece of feedback with its themes; returns its id. Run inside the caller's (audited) transaction. */
export async function insertFeedback(
  db: Queryable,
  f: FeedbackInput,
  by: { userId: number | null; role: string | null },
  at: string,
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO patient_feedback (subject, org_code, area_code, source, source_detail, received_on, period_from, period_to,
       summary, recorded_by_user_id, recorded_role, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      f.subject,
      f.org,
      f.area,
      f.source,
      f.sourceDetail,
      f.receivedOn,
      f.periodFrom,
      f.periodTo,
      f.summary,
      by.userId,
      by.role,
      at,
    ],
  );
  for (const t of f.themes)
    await db.query(
      `INSERT INTO patient_feedback_themes (feedback_id, theme, sentiment) VALUES ($1, $2, $3)`,
      [row!.id, t.theme, t.sentiment],
    );
  return row!.id;
}

/**
 * Feedback about one organisation, newest first; `areas` narrows it to records of those areas (null: every
 * record).
 */
export async function listFeedback(
  db: Queryable,
  org: string,
  areas: string[] | null,
): Promise<FeedbackRow[]> {
  return db.query<FeedbackRow>(
    `SELECT f.id, f.subject, f.org_code AS "orgCode", f.area_code AS "areaCode", f.source, f.source_detail AS "sourceDetail",
            f.received_on::text AS "receivedOn", f.period_from::text AS "periodFrom", f.period_to::text AS "periodTo",
            f.summary, f.recorded_role AS "recordedRole", f.recorded_at::text AS "recordedAt",
            COALESCE((SELECT json_agg(json_build_object('theme', t.theme, 'sentiment', t.sentiment) ORDER BY t.theme)
                        FROM patient_feedback_themes t WHERE t.feedback_id = f.id), '[]'::json) AS themes
       FROM patient_feedback f
      WHERE f.org_code = $1 AND ($2::text[] IS NULL OR f.area_code = ANY($2))
      ORDER BY f.received_on DESC, f.id DESC`,
    [org, areas],
  );
}

/**
 * How many pieces of feedback about an organisation were received in (from, to], and how many named each theme
 * with each sentiment; `areas` as for listFeedback.
 */
export async function countFeedback(
  db: Queryable,
  org: string,
  from: string,
  to: string,
  areas: string[] | null,
): Promise<{ total: number; cells: Array<{ theme: VoiceTheme; sentiment: Sentiment; count: number }> }> {
  const where = `f.org_code = $1 AND f.received_on > $2 AND f.received_on <= $3 AND ($4::text[] IS NULL OR f.area_code = ANY($4))`;
  const params = [org, from, to, areas];
  const [total] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM patient_feedback f WHERE ${where}`,
    params,
  );
  const cells = await db.query<{ theme: VoiceTheme; sentiment: Sentiment; count: number }>(
    `SELECT t.theme, t.sentiment, count(*)::int AS count
       FROM patient_feedback f JOIN patient_feedback_themes t ON t.feedback_id = f.id
      WHERE ${where} GROUP BY t.theme, t.sentiment`,
    params,
  );
  return { total: total!.total, cells };
}

/** Recalculation points of practices' SPC charts (table spc_baselines). */
import type { Queryable } from '../connect.js';

export interface SpcBaseline {
  indicator: string;
  /** the first period of the new segment, YYYY-MM-DD */
  fromPeriod: string;
  reason: string;
  setBy: string;
  role: string | null;
  setAt: string;
}

/** The practice's recalculation points for one indicator, earliest first. */
export function listSpcBaselines(db: Queryable, practice: string, indicator: string): Promise<SpcBaseline[]> {
  return db.query<SpcBaseline>(
    `SELECT indicator_code AS indicator, from_period AS "fromPeriod", reason, set_by AS "setBy", role,
            set_at AS "setAt"
       FROM spc_baselines WHERE practice_code = $1 AND indicator_code = $2 ORDER BY from_period`,
    [practice, indicator],
  );
}

/** Add a recalculation point; false when the practice already has one at that period for the indicator. */
export async function addSpcBaseline(
  db: Queryable,
  practice: string,
  b: Omit<SpcBaseline, 'setBy' | 'role' | 'setAt'>,
  by: { userId: number | null; email: string; role: string | null; at: string },
): Promise<boolean> {
  const rows = await db.query<{ fromPeriod: string }>(
    `INSERT INTO spc_baselines (practice_code, indicator_code, from_period, reason, set_by, set_by_user_id, role, set_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING RETURNING from_period AS "fromPeriod"`,
    [practice, b.indicator, b.fromPeriod, b.reason, by.email, by.userId, by.role, by.at],
  );
  return rows.length === 1;
}

/** Remove a recalculation point; the removed point, or null when there was none. */
export async function removeSpcBaseline(
  db: Queryable,
  practice: string,
  indicator: string,
  fromPeriod: string,
): Promise<SpcBaseline | null> {
  const [row] = await db.query<SpcBaseline>(
    `DELETE FROM spc_baselines WHERE practice_code = $1 AND indicator_code = $2 AND from_period = $3
     RETURNING indicator_code AS indicator, from_period AS "fromPeriod", reason, set_by AS "setBy", role,
               set_at AS "setAt"`,
    [practice, indicator, fromPeriod],
  );
  return row ?? null;
}

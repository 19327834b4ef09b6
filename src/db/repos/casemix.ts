/**
 * The case-mix facts held for practices, each as at a date: registered patients by age and sex, deprivation (IMD
 * score) and need (weighted ÷ registered list). Each read takes the latest at or before the date, else the earliest
 * after.
 */
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { populations } from '../schema.js';

/** The date of the age and sex counts (STAR-PU bands) nearest to `asOf`, or null when none are loaded. */
export async function ageProfileDateNear(db: Queryable, asOf: string): Promise<string | null> {
  const [row] = await db.query<Pick<typeof populations.$inferSelect, 'date'>>(
    `SELECT date FROM populations WHERE scheme = 'starpu9'
      GROUP BY date ORDER BY (date <= $1) DESC, CASE WHEN date <= $1 THEN $1::date - date ELSE date - $1::date END LIMIT 1`,
    [asOf],
  );
  return row?.date ?? null;
}

export interface AgeProfileRow {
  org: string;
  band: string;
  sex: string;
  patients: number;
}

/** Every organisation's registered patients by age band and sex on that date. */
export function ageProfilesOn(db: Queryable, date: string): Promise<AgeProfileRow[]> {
  return orm(db)
    .select({
      org: populations.orgCode,
      band: populations.ageBand,
      sex: populations.sex,
      patients: populations.patients,
    })
    .from(populations)
    .where(and(eq(populations.scheme, 'starpu9'), eq(populations.date, date)));
}

export interface ImdScoreRow {
  org: string;
  value: number;
  period: string;
}

/** Each organisation's IMD score from the year nearest `asOf`. */
export function imdScoresNear(db: Queryable, asOf: string): Promise<ImdScoreRow[]> {
  return db.query<ImdScoreRow>(
    `SELECT DISTINCT ON (org_code) org_code AS org, value, period_start AS period FROM indicator_values
      WHERE indicator_code = 'imd_score' AND current AND value IS NOT NULL
      ORDER BY org_code, (period_start <= $1) DESC, abs(period_start - $1::date)`,
    [asOf],
  );
}

export interface NeedRatioRow {
  org: string;
  /** need-weighted list ÷ registered list (Carr-Hill) */
  ratio: number;
  date: string;
}

/** Each organisation's need-weighted ÷ registered list from the GP payments nearest `asOf`. */
export function needRatiosNear(db: Queryable, asOf: string): Promise<NeedRatioRow[]> {
  return db.query<NeedRatioRow>(
    `SELECT DISTINCT ON (w.org_code) w.org_code AS org, w.patients / nullif(r.patients, 0) AS ratio, w.date
       FROM populations w JOIN populations r ON r.org_code = w.org_code AND r.date = w.date AND r.scheme = 'payments_registered'
      WHERE w.scheme = 'payments_weighted' AND r.patients > 0
      ORDER BY w.org_code, (w.date <= $1) DESC, abs(w.date - $1::date)`,
    [asOf],
  );
}

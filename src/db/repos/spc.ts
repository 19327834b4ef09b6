/** A practice's values of an indicator over time, as its SPC chart reads them. */
import { and, asc, count, eq, gte, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { indicatorValues } from '../schema.js';

export interface SeriesPoint {
  periodStart: string;
  value: number;
}

/** The practice's current values of an indicator (those not null), oldest first. */
export function practiceSeries(db: Queryable, practice: string, indicator: string): Promise<SeriesPoint[]> {
  return db.query<SeriesPoint>(
    `SELECT period_start AS "periodStart", value FROM indicator_values
      WHERE org_code = $1 AND indicator_code = $2 AND current AND value IS NOT NULL
      ORDER BY period_start`,
    [practice, indicator],
  );
}

/** The indicators of which the practice has at least `minimum` current values, by code. */
export async function indicatorsWithSeries(
  db: Queryable,
  practice: string,
  minimum: number,
): Promise<string[]> {
  const v = indicatorValues;
  const rows = await orm(db)
    .select({ code: v.indicatorCode })
    .from(v)
    .where(and(eq(v.orgCode, practice), eq(v.current, true), isNotNull(v.value)))
    .groupBy(v.indicatorCode)
    .having(gte(count(), minimum))
    .orderBy(asc(v.indicatorCode));
  return rows.map((r) => r.code);
}

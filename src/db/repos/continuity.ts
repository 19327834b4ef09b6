/** What the SYNTHETIC continuity generator starts from, and the access and continuity figures of an area's practices. */
import type { Queryable } from '../connect.js';

/** Each practice's newest list size (sum of its newest age/sex counts) and newest IMD score, where known. */
export async function generatorInputs(
  db: Queryable,
  practices: readonly string[],
): Promise<Array<{ code: string; listSize: number; imdScore: number | null }>> {
  const out: Array<{ code: string; listSize: number; imdScore: number | null }> = [];
  for (const code of practices) {
    const [row] = await db.query<{ listSize: number | null; imdScore: number | null }>(
      `SELECT (SELECT sum(patients)::int FROM populations
                WHERE org_code = $1 AND scheme = 'starpu9'
                  AND date = (SELECT max(date) FROM populations WHERE org_code = $1 AND scheme = 'starpu9')) AS "listSize",
              (SELECT value FROM indicator_values WHERE org_code = $1 AND indicator_code = 'imd_score' AND current
                ORDER BY period_start DESC LIMIT 1) AS "imdScore"`,
      [code],
    );
    if (row?.listSize) out.push({ code, listSize: row.listSize, imdScore: row.imdScore });
  }
  return out;
}

export interface AreaValue {
  indicator: string;
  code: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  periodStart: string;
  periodEnd: string;
}

/** The newest current value of each of these indicators for each practice linked to the sub-ICB now. */
export async function newestValuesInArea(
  db: Queryable,
  subIcb: string,
  indicators: readonly string[],
): Promise<AreaValue[]> {
  const out: AreaValue[] = [];
  for (const indicator of indicators)
    out.push(
      ...(await db.query<AreaValue>(
        `SELECT DISTINCT ON (v.org_code) v.indicator_code AS indicator, v.org_code AS code, v.numerator,
                v.denominator, v.value, v.period_start::text AS "periodStart", v.period_end::text AS "periodEnd"
           FROM indicator_values v
           JOIN organisation_links p ON p.child_code = v.org_code AND p.relationship = 'practice_sub_icb'
            AND p.valid_to IS NULL AND p.parent_code = $1
          WHERE v.current AND v.indicator_code = $2 AND v.quality_issue IS NULL
          ORDER BY v.org_code, v.period_start DESC`,
        [subIcb, indicator],
      )),
    );
  return out;
}

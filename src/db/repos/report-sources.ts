/** The loads behind the figures of a report: which files, loaded when, for which indicators. */
import type { Queryable } from '../connect.js';

export interface ReportLoad {
  loadId: number;
  source: string;
  fileName: string;
  loadedAt: string;
  indicators: string[];
}

/** The loads holding the current values of these indicators for these organisations (null: every organisation). */
export async function loadsBehind(
  db: Queryable,
  indicators: string[],
  orgs: string[] | null,
): Promise<ReportLoad[]> {
  if (indicators.length === 0) return [];
  return db.query<ReportLoad>(
    `SELECT ld.id AS "loadId", ld.source, ld.file_name AS "fileName", ld.started_at AS "loadedAt",
            array_agg(DISTINCT v.indicator_code ORDER BY v.indicator_code) AS indicators
       FROM indicator_values v JOIN loads ld ON ld.id = v.load_id
      WHERE v.current AND v.indicator_code = ANY($1) AND ($2::text[] IS NULL OR v.org_code = ANY($2))
      GROUP BY ld.id, ld.source, ld.file_name, ld.started_at
      ORDER BY ld.started_at, ld.id`,
    [indicators, orgs],
  );
}

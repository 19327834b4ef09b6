/** Where a download's figures came from: the indicators' sources and the loads that wrote their current values. */
import type { Queryable } from '../connect.js';

export interface SourceLoad {
  id: number;
  source: string;
  fileName: string;
  loadedAt: string | null;
}

const LOAD_COLUMNS = `l.id, l.source, l.file_name AS "fileName", l.finished_at::text AS "loadedAt"`;

/** The loads behind the current values of these indicators (optionally of these periods' starts), oldest first. */
export async function loadsOfIndicators(
  db: Queryable,
  codes: readonly string[],
  periodStarts?: readonly string[],
): Promise<SourceLoad[]> {
  if (codes.length === 0) return [];
  return db.query<SourceLoad>(
    `SELECT ${LOAD_COLUMNS} FROM loads l
      WHERE l.id IN (SELECT DISTINCT v.load_id FROM indicator_values v
                      WHERE v.indicator_code = ANY($1) AND v.current
                        AND ($2::date[] IS NULL OR v.period_start = ANY($2::date[])))
      ORDER BY l.id`,
    [codes, periodStarts ?? null],
  );
}

/** The loads behind the organisation hierarchy (who belongs to which area). */
export async function loadsOfHierarchy(db: Queryable): Promise<SourceLoad[]> {
  return db.query<SourceLoad>(
    `SELECT ${LOAD_COLUMNS} FROM loads l
      WHERE l.id IN (SELECT DISTINCT load_id FROM organisation_links WHERE load_id IS NOT NULL)
      ORDER BY l.id`,
  );
}

/** Each indicator's published source, in words (its newest definition). */
export async function sourcesOfIndicators(db: Queryable, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.query<{ code: string; title: string; source: string }>(
    `SELECT DISTINCT ON (code) code, title, source FROM indicators WHERE code = ANY($1) ORDER BY code, version DESC`,
    [codes],
  );
  return rows.map((r) => `${r.title} (${r.code}): ${r.source}`);
}

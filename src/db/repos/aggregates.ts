import type { Queryable } from '../connect.js';

/** The code Lantern uses for England in aggregates (the ONS code for England). */
export const ENGLAND = 'E92000001';

/**
 * Recompute benchmark aggregates for the indicators a load touched (all when null). Practices are grouped by their
 * CCG as at the period start; England covers every organisation of the type that holds the values. Values with a
 * quality issue (src/domain/value-quality.ts) are left out.
 */
export async function refreshAggregates(
  tx: Queryable,
  only: Array<{ indicator: string; periodStart: string }> | null,
): Promise<void> {
  // restricted to the indicators and periods a load touched, or everything. Every indicator's touched periods are
  // taken for each touched indicator (a few more groups than needed, recomputed to the same figures): two lists the
  // (indicator_code, period_start) index answers, so a new month costs that month, not the indicator's whole history.
  // A load that outgrew the table's statistics has just analysed it (src/ingest/write.ts); see also the planner
  // settings below, for the loads that did not.
  const filter = only ? 'AND v.indicator_code = ANY($1::text[]) AND v.period_start = ANY($2::date[])' : '';
  const params = only
    ? [[...new Set(only.map((o) => o.indicator))], [...new Set(only.map((o) => o.periodStart))]]
    : [];
  await tx.query(
    `DELETE FROM indicator_aggregates ${only ? 'WHERE indicator_code = ANY($1::text[]) AND period_start = ANY($2::date[])' : ''}`,
    params,
  );
  const columns = `indicator_aggregates (indicator_code, period_start, period_end, area_code, statistic, numerator, denominator, value, units)`;
  const pooledMethods = `('proportion', 'rate', 'ratio')`;
  const latest = `(SELECT DISTINCT ON (code) code, method, multiplier FROM indicators ORDER BY code, version DESC) d`;
  // The touched values are read once per level, by the (indicator_code, period_start) index, before they meet the
  // organisations or links: left to itself the planner probed the unique index once per practice, and each probe
  // walked that practice's every month, so a new month's benchmarks cost more with every month stored before it.
  const touched = `t AS ${only ? '' : 'NOT '}MATERIALIZED (
         SELECT v.indicator_code, v.period_start, v.period_end, v.org_code, v.numerator, v.denominator
           FROM indicator_values v
          WHERE v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL ${filter})`;
  /**
   * One level of benchmarks in two passes. Pooled first (Σ numerators / Σ denominators) from plain sums; the
   * grouping keys compare byte-wise (COLLATE "C": codes are ASCII), which sorts several times faster than the
   * database's locale. It answers with the groups it could not pool (methods without a pooled value, or a unit
   * missing its counts), and only their values are read again for the median, whose ordered-set aggregate sorts
   * every value; most large files are counts, so that second pass is usually skipped.
   */
  const level = async (area: {
    group: string;
    code: string;
    join: string;
    where: string;
    conflict: string;
  }) => {
    const rest = await tx.query<{ indicator_code: string; period_start: string }>(
      `WITH ${touched}, g AS (
         SELECT v.indicator_code COLLATE "C" AS indicator_code, v.period_start, v.period_end, ${area.group} COLLATE "C" AS area,
                min(${area.code}) AS area_code,
                bool_and(v.numerator IS NOT NULL AND v.denominator IS NOT NULL) AS complete,
                sum(v.numerator) AS numerator, sum(v.denominator) AS denominator, count(*) AS units
           FROM t v ${area.join}
          WHERE true ${area.where}
          GROUP BY 1, 2, 3, 4
       ), s AS (
         SELECT g.*, d.multiplier, (g.complete AND g.denominator > 0 AND d.method IN ${pooledMethods}) AS pooled
           FROM g JOIN ${latest} ON d.code = g.indicator_code
       ), ins AS (
         INSERT INTO ${columns}
         SELECT indicator_code, period_start, period_end, area_code, 'pooled', numerator, denominator,
                numerator / denominator * multiplier, units
           FROM s WHERE pooled
         ${area.conflict}
       )
       SELECT DISTINCT indicator_code, period_start FROM s WHERE NOT pooled`,
      params,
    );
    if (rest.length === 0) return;
    await tx.query(
      `INSERT INTO ${columns}
       SELECT v.indicator_code, v.period_start, v.period_end, ${area.code}, 'median', sum(v.numerator), sum(v.denominator),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY v.value), count(*)
         FROM indicator_values v ${area.join} JOIN unnest($${params.length + 1}::text[], $${params.length + 2}::date[]) AS r(code, start)
              ON r.code = v.indicator_code AND r.start = v.period_start
        WHERE v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL ${area.where} ${filter}
          AND NOT EXISTS (SELECT 1 FROM indicator_aggregates a WHERE a.indicator_code = v.indicator_code
                AND a.period_start = v.period_start AND a.period_end = v.period_end AND a.area_code = ${area.code})
        GROUP BY v.indicator_code, v.period_start, v.period_end, ${area.group}
       ${area.conflict}`,
      [...params, rest.map((r) => r.indicator_code), rest.map((r) => r.period_start)],
    );
  };
  // The statistics may not know the periods a load has just added (the load analyses the table only when it
  // outgrows them, src/ingest/write.ts); they then estimate one row where there are tens of thousands, and the
  // planner joined each value to its organisation by a probe of an index and grouped them by sorting. Hash joins
  // and hash aggregation are right at any size here. The plans then carry the planner's penalty for the sort it
  // cannot avoid (the latest definitions), which PostgreSQL took for a costly query and compiled (JIT, 2 s): off too.
  const planner = only
    ? await setLocal(tx, { enable_nestloop: 'off', enable_sort: 'off', jit: 'off' })
    : null;
  // England: every practice (or every trust) holding the indicator; an indicator held by both keeps one row
  await level({
    group: 'o.type',
    code: `'${ENGLAND}'`,
    join: 'JOIN organisations o ON o.code = v.org_code',
    where: `AND o.type IN ('practice', 'trust')`,
    conflict: 'ON CONFLICT DO NOTHING',
  });
  // each CCG / sub-ICB location, from its practices as at the period start
  await level({
    group: 'l.parent_code',
    code: 'l.parent_code',
    join: `JOIN organisation_links l ON l.child_code = v.org_code AND l.relationship = 'practice_sub_icb'
            AND l.valid_from <= v.period_start AND (l.valid_to IS NULL OR l.valid_to > v.period_start)`,
    where: '',
    conflict: '',
  });
  if (planner !== null) await setLocal(tx, planner);
}

/** Set settings until the transaction ends; answers the values they had. */
async function setLocal(tx: Queryable, settings: Record<string, string>): Promise<Record<string, string>> {
  const names = Object.keys(settings);
  const rows = await tx.query<{ name: string; was: string }>(
    `SELECT s.name, current_setting(s.name) AS was, set_config(s.name, s.value, true) AS now
       FROM unnest($1::text[], $2::text[]) AS s(name, value)`,
    [names, names.map((n) => settings[n])],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.was]));
}

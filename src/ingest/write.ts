/**
 * Writing a parsed file: every check that needs the database, then all changes in one transaction.
 * A refused load writes nothing; a load of a file already loaded (same checksum and reader) changes nothing.
 */
import type { Database, Queryable } from '../db/connect.js';
import type { IndicatorDefinition } from '../domain/indicators.js';
import type { OrgType } from '../domain/organisations.js';
import { LoadRejected, type CellProblem } from './errors.js';
import type { LoadBuilder, OrgRecord } from './load-builder.js';
import { mergeTimeline, withinLifetimes, type Interval, type Lifetime } from './timeline.js';
import { clipLinksToLifetimes } from './link-lifetimes.js';
import { copyRows } from './copy.js';
import { refreshAggregates } from '../db/repos/aggregates.js';
import { saveIndicatorDefinition } from '../db/repos/indicators.js';
import { QUALITY_ISSUES, valueQualityIssue, type QualityIssue } from '../domain/value-quality.js';

/** Values written by one load above which the table's statistics are refreshed inside the load's transaction. */
const ANALYZE_AFTER_VALUES = 10_000;

export interface LoadReport {
  loadId: number | null;
  source: string;
  file: string;
  alreadyLoadedAs: number | null;
  rowsRead: number;
  rowsSkipped: number;
  organisations: { added: number; updated: number; unverified: number };
  links: { changed: number };
  populations: { inserted: number; updated: number; unchanged: number };
  values: { inserted: number; superseded: number; unchanged: number; flagged: number };
  warnings: string[];
}

export type Progress = (phase: string, done: number, total: number) => void;

/** Types that may stand for one another when a file mentions a code the reference already knows. */
const FAMILY: Record<OrgType, string> = {
  practice: 'gp',
  prescribing_setting: 'gp',
  trust: 'provider',
  trust_site: 'provider',
  provider: 'provider',
  sub_icb: 'sub_icb',
  icb: 'q',
  area_team: 'q',
  pcn: 'pcn',
  region: 'region',
  country: 'country',
};

/** Organisations compared in Lantern; an unverified one of these is worth a warning (a placeholder region is not). */
const UNITS = new Set<OrgType>(['practice', 'trust', 'trust_site', 'provider', 'pcn']);

interface ExistingOrg {
  code: string;
  type: OrgType;
  name: string;
}

export async function writeLoad(
  db: Database,
  b: LoadBuilder,
  meta: { source: string; file: string; checksum: string },
  progress?: Progress,
): Promise<LoadReport> {
  const report: LoadReport = {
    loadId: null,
    source: meta.source,
    file: meta.file,
    alreadyLoadedAs: null,
    rowsRead: b.rowsRead,
    rowsSkipped: b.rowsSkipped,
    organisations: { added: 0, updated: 0, unverified: 0 },
    links: { changed: 0 },
    populations: { inserted: 0, updated: 0, unchanged: 0 },
    values: { inserted: 0, superseded: 0, unchanged: 0, flagged: 0 },
    warnings: [...b.warnings],
  };
  const loadedAs = async (q: Queryable) =>
    (
      await q.query<{ id: number }>(
        'SELECT id FROM loads WHERE checksum = $1 AND source = $2 ORDER BY id LIMIT 1',
        [meta.checksum, meta.source],
      )
    )[0]?.id ?? null;
  // a quick answer outside the transaction for the common case (the file was loaded some time ago)
  report.alreadyLoadedAs = await loadedAs(db);
  if (report.alreadyLoadedAs !== null) return report;

  return db.transaction(async (tx) => {
    // Two loads of the same file at once (two uploads, `lantern ingest` beside a first start): the second waits here
    // for the first to commit or roll back, then finds its load. The lock is the transaction's, so it is released
    // however the transaction ends; a hash collision between two different files only makes one wait for the other.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`load:${meta.source}:${meta.checksum}`]);
    report.alreadyLoadedAs = await loadedAs(tx);
    if (report.alreadyLoadedAs !== null) return report;
    // the benchmark refresh groups every value a load wrote, by sorting them when the table has no statistics yet
    // (as just after a load); the default 4 MB would spill a large file's values to disk
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    // 1. checks that need the database
    const problems: CellProblem[] = [];
    const mentioned = new Set(b.organisations.keys());
    for (const l of b.links) mentioned.add(l.parent);
    const existing = await existingOrganisations(tx, [...mentioned]);
    for (const o of b.organisations.values()) {
      const e = existing.get(o.code);
      if (e && FAMILY[e.type] !== FAMILY[o.type] && problems.length < 25)
        problems.push({
          line: null,
          column: null,
          value: o.code,
          expected: `an organisation of type ${o.type}, but ${o.code} is already known as a ${e.type} (${e.name})`,
        });
    }
    const definitions = await resolveDefinitions(tx, b, problems);
    const values = prepareValues(b, definitions, problems);
    const periods = indicatorPeriods(values);
    if (problems.length > 0) throw new LoadRejected(meta.file, problems);
    report.values.flagged = flagWarnings(b, values, definitions, meta.file, report.warnings);

    // 2. the load itself
    const [{ id }] = await tx.query<{ id: number }>(
      'INSERT INTO loads (source, file_name, checksum, rows_read) VALUES ($1, $2, $3, $4) RETURNING id',
      [meta.source, meta.file, meta.checksum, b.rowsRead],
    );
    report.loadId = id;

    await writeDefinitions(tx, [...b.indicators.values()]);
    progress?.('organisations', 0, 1);
    await writeOrganisations(tx, [...b.organisations.values()], existing, id, report);
    progress?.('links', 0, 1);
    await writeLinks(tx, b, id, report);
    // a close date learnt from this file (or a merger found) ends links other files laid down
    if (report.links.changed > 0 || report.organisations.added + report.organisations.updated > 0)
      report.links.changed += await clipLinksToLifetimes(tx);
    await writePopulations(tx, b, id, report, progress);
    await writeValues(tx, values, periods, id, report, progress);
    // a large file changes the table's shape more than its statistics know (they are refreshed only after the
    // commit): without fresh ones PostgreSQL planned the benchmarks below as nested loops, 140 s for QOF 2019-20
    if (values.length >= ANALYZE_AFTER_VALUES) await tx.query('ANALYZE indicator_values');
    // benchmarks: all of them when CCG membership changed, else those of the indicators this file touched
    progress?.('benchmarks', 0, 1);
    if (report.links.changed > 0) await refreshAggregates(tx, null);
    else if (values.length > 0) await refreshAggregates(tx, periods);

    await tx.query(
      `UPDATE loads SET rows_accepted = $2, rows_unchanged = $3, rows_superseded = $4, warnings = $5::jsonb, finished_at = now() WHERE id = $1`,
      [
        id,
        b.rowsRead - b.rowsSkipped,
        report.values.unchanged + report.populations.unchanged,
        report.values.superseded + report.populations.updated,
        JSON.stringify(report.warnings),
      ],
    );
    return report;
  });
}

/**
 * Run a statement that RETURNs `inserted` per row it changed, answering the two counts instead of a row per change
 * (thousands of result rows cost PGlite more than the statement).
 */
async function changeCounts(
  tx: Queryable,
  statement: string,
  params: unknown[] = [],
): Promise<{ inserted: number; updated: number }> {
  const [r] = await tx.query<{ inserted: number; touched: number }>(
    `WITH changed AS (${statement}) SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, count(*)::int AS touched FROM changed`,
    params,
  );
  return { inserted: r.inserted, updated: r.touched - r.inserted };
}

async function existingOrganisations(tx: Queryable, codes: string[]): Promise<Map<string, ExistingOrg>> {
  const rows = codes.length
    ? await tx.query<ExistingOrg>('SELECT code, type, name FROM organisations WHERE code = ANY($1::text[])', [
        codes,
      ])
    : [];
  return new Map(rows.map((r) => [r.code, r]));
}

async function resolveDefinitions(
  tx: Queryable,
  b: LoadBuilder,
  problems: CellProblem[],
): Promise<Map<string, IndicatorDefinition>> {
  const defs = new Map(b.indicators);
  const codes = new Set<string>();
  for (const v of b.values) codes.add(v.indicator);
  const needed = [...codes].filter((c) => !defs.has(c));
  if (needed.length > 0) {
    const rows = await tx.query<IndicatorDefinition & { numerator_description: string | null }>(
      `SELECT DISTINCT ON (code) code, version, title, domain, direction, unit, multiplier, method, org_type AS "orgType", source, how_to_read AS "howToRead",
              numerator_description AS "numeratorDescription", denominator_description AS "denominatorDescription",
              published, numerator_kind AS "numeratorKind", family
         FROM indicators WHERE code = ANY($1::text[]) ORDER BY code, version DESC`,
      [needed],
    );
    for (const r of rows) defs.set(r.code, r);
    for (const code of needed)
      if (!defs.has(code)) {
        const line = b.valueLines[b.values.findIndex((v) => v.indicator === code)];
        problems.push({
          line,
          column: 'indicator_code',
          value: code,
          expected: 'an indicator Lantern knows: define it first with `lantern indicators define`',
        });
      }
  }
  return defs;
}

/** A value ready to write: every field present, so that the hot loops that copy them see one object shape. */
export interface PreparedValue {
  indicator: string;
  version: number;
  org: string;
  start: string;
  end: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  label: string | null;
  /** why the value cannot be right as published (kept, left out of comparisons), or null */
  quality: QualityIssue | null;
}

/** Method-specific checks (numerator ≤ denominator for proportions) and values computed where a file gives only counts. */
function prepareValues(
  b: LoadBuilder,
  defs: Map<string, IndicatorDefinition>,
  problems: CellProblem[],
): PreparedValue[] {
  const out: PreparedValue[] = [];
  for (let i = 0; i < b.values.length; i++) {
    const v = b.values[i];
    const def = defs.get(v.indicator);
    if (!def) continue;
    if (
      def.method === 'proportion' &&
      !v.exceedsDenominatorAsPublished &&
      v.numerator !== null &&
      v.denominator !== null &&
      v.numerator > v.denominator &&
      problems.length < 25
    )
      problems.push({
        line: b.valueLines[i],
        column: 'numerator',
        value: String(v.numerator),
        expected: `a numerator no larger than the denominator (${v.denominator}) for ${v.indicator}, a proportion`,
      });
    let value = v.value;
    if (value === null && v.numerator !== null) {
      if (v.denominator === null) value = def.method === 'count' ? v.numerator : null;
      else value = v.denominator > 0 ? (v.numerator / v.denominator) * def.multiplier : null;
    }
    out.push({
      indicator: v.indicator,
      version: def.version,
      org: v.org,
      start: v.period.start,
      end: v.period.end,
      numerator: v.numerator,
      denominator: v.denominator,
      value,
      label: v.label ?? null,
      quality: valueQualityIssue(def, v.numerator, v.denominator, value),
    });
  }
  return out;
}

/** Which of a value's figures each quality issue is about, for the load's warnings. */
const FLAGGED_FIGURE: Record<QualityIssue, (d: IndicatorDefinition, v: PreparedValue) => string> = {
  [QUALITY_ISSUES.aboveDenominator]: (d) => `numerator (${d.numeratorDescription ?? 'numerator'})`,
  [QUALITY_ISSUES.zeroFte]: (d, v) =>
    v.denominator === 0
      ? `denominator (${d.denominatorDescription ?? 'denominator'})`
      : `numerator (${d.numeratorDescription ?? 'numerator'})`,
  [QUALITY_ISSUES.negativeMoney]: (d) => `numerator (${d.numeratorDescription ?? 'numerator'})`,
  [QUALITY_ISSUES.nonPositiveDenominator]: (d) =>
    `denominator (${d.denominatorDescription ?? 'denominator'})`,
};
const EXAMPLES_PER_ISSUE = 5;

/**
 * One warning per quality issue found in the file: how many values, why, and the first few by line, column and
 * value. Answers the number of values flagged.
 */
function flagWarnings(
  b: LoadBuilder,
  values: PreparedValue[],
  defs: Map<string, IndicatorDefinition>,
  file: string,
  warnings: string[],
): number {
  const byIssue = new Map<QualityIssue, number[]>();
  for (let i = 0; i < values.length; i++) {
    const q = values[i]!.quality;
    if (q === null) continue;
    let list = byIssue.get(q);
    if (!list) byIssue.set(q, (list = []));
    list.push(i);
  }
  let flagged = 0;
  for (const [issue, list] of byIssue) {
    flagged += list.length;
    const examples = list.slice(0, EXAMPLES_PER_ISSUE).map((i) => {
      const v = values[i]!;
      const figure = FLAGGED_FIGURE[issue](defs.get(v.indicator)!, v);
      return `line ${b.valueLines[i]}, ${figure} of ${v.indicator} for ${v.org} ${v.start}: ${v.numerator ?? '—'} / ${v.denominator ?? '—'}`;
    });
    warnings.push(
      `${file}: ${list.length} value${list.length === 1 ? '' : 's'} kept as published but flagged and left out of comparisons: ${issue}; ${examples.join('; ')}${list.length > EXAMPLES_PER_ISSUE ? '; …' : ''}`,
    );
  }
  return flagged;
}

/** The (indicator, period start) pairs among the values, each once. */
function indicatorPeriods(values: PreparedValue[]): Array<{ indicator: string; periodStart: string }> {
  const seen = new Map<string, Set<string>>();
  const out: Array<{ indicator: string; periodStart: string }> = [];
  for (const v of values) {
    let starts = seen.get(v.indicator);
    if (!starts) seen.set(v.indicator, (starts = new Set()));
    if (starts.has(v.start)) continue;
    starts.add(v.start);
    out.push({ indicator: v.indicator, periodStart: v.start });
  }
  return out;
}

async function writeDefinitions(tx: Queryable, defs: IndicatorDefinition[]): Promise<void> {
  for (const d of defs) await saveIndicatorDefinition(tx, d, d.version);
}

async function writeOrganisations(
  tx: Queryable,
  orgs: OrgRecord[],
  existing: Map<string, ExistingOrg>,
  loadId: number,
  report: LoadReport,
): Promise<void> {
  const cols = (list: OrgRecord[]) => [
    list.map((o) => o.code),
    list.map((o) => o.name || o.code),
    list.map((o) => o.type),
    list.map((o) => o.postcode ?? null),
    list.map((o) => o.openDate ?? null),
    list.map((o) => o.closeDate ?? null),
    list.map((o) => o.status ?? (o.authority === 'reference' ? 'active' : 'unverified')),
    list.map((o) => JSON.stringify(o.attributes ?? {})),
  ];
  const reference = orgs.filter((o) => o.authority === 'reference');
  const mention = orgs.filter((o) => o.authority === 'mention');
  // attributes travel as text and are cast row by row: a jsonb[] parameter took PGlite three times as long
  const select = `SELECT c, n, t, p, o, cl, s, a::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::text[]) AS x(c, n, t, p, o, cl, s, a)`;
  if (reference.length) {
    const r = await changeCounts(
      tx,
      `INSERT INTO organisations (code, name, type, postcode, open_date, close_date, status, attributes, load_id)
       SELECT u.*, $9::int FROM (${select}) AS u
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, postcode = COALESCE(excluded.postcode, organisations.postcode),
         open_date = COALESCE(excluded.open_date, organisations.open_date), close_date = COALESCE(excluded.close_date, organisations.close_date), status = excluded.status,
         attributes = organisations.attributes || excluded.attributes, load_id = excluded.load_id
       WHERE (organisations.name, organisations.type, organisations.postcode, organisations.open_date, organisations.close_date, organisations.status, organisations.attributes)
         IS DISTINCT FROM (excluded.name, excluded.type, COALESCE(excluded.postcode, organisations.postcode), COALESCE(excluded.open_date, organisations.open_date), COALESCE(excluded.close_date, organisations.close_date), excluded.status, organisations.attributes || excluded.attributes)
       RETURNING (xmax = 0) AS inserted`,
      [...cols(reference), loadId],
    );
    report.organisations.added += r.inserted;
    report.organisations.updated += r.updated;
  }
  if (mention.length) {
    // a mention only fills gaps: a placeholder name (the code itself), a missing postcode, new attributes
    const r = await changeCounts(
      tx,
      `INSERT INTO organisations (code, name, type, postcode, open_date, close_date, status, attributes, load_id)
       SELECT u.*, $9::int FROM (${select}) AS u
       ON CONFLICT (code) DO UPDATE SET
         name = CASE WHEN organisations.name = organisations.code THEN excluded.name ELSE organisations.name END,
         postcode = COALESCE(organisations.postcode, excluded.postcode),
         attributes = organisations.attributes || excluded.attributes
       WHERE (organisations.name = organisations.code AND excluded.name <> excluded.code)
          OR (organisations.postcode IS NULL AND excluded.postcode IS NOT NULL)
          OR NOT (organisations.attributes @> excluded.attributes)
       RETURNING (xmax = 0) AS inserted`,
      [...cols(mention), loadId],
    );
    report.organisations.added += r.inserted;
    report.organisations.updated += r.updated;
    const unverified = mention.filter((o) => !existing.has(o.code) && UNITS.has(o.type)).map((o) => o.code);
    report.organisations.unverified = unverified.length;
    if (unverified.length > 0)
      report.warnings.push(
        `${unverified.length} organisation${unverified.length === 1 ? '' : 's'} not in any loaded ODS reference registered as unverified: ${unverified.slice(0, 8).join(', ')}${unverified.length > 8 ? ', …' : ''}`,
      );
  }
}

/** Intervals grouped by child and relationship (nested maps: no joined string key per link). */
type LinksByChild = Map<string, Map<string, Interval[]>>;

function addLink(into: LinksByChild, child: string, relationship: string, interval: Interval): void {
  let byRelationship = into.get(child);
  if (!byRelationship) into.set(child, (byRelationship = new Map()));
  let intervals = byRelationship.get(relationship);
  if (!intervals) byRelationship.set(relationship, (intervals = []));
  intervals.push(interval);
}

const intervalKey = (i: Interval) => `${i.parent}|${i.from}|${i.to ?? ''}`;

/**
 * Merge the file's links into each child's timeline and write only the difference: intervals no longer in the
 * timeline are deleted, new ones inserted (each insert costs foreign-key checks, so unchanged rows are left alone).
 */
async function writeLinks(tx: Queryable, b: LoadBuilder, loadId: number, report: LoadReport): Promise<void> {
  if (b.links.length === 0) return;
  const added: LinksByChild = new Map();
  for (const l of b.links)
    addLink(added, l.child, l.relationship, { parent: l.parent, from: l.from, to: l.to });
  const rows = await tx.query<{
    child_code: string;
    relationship: string;
    parent_code: string;
    valid_from: string;
    valid_to: string | null;
  }>(
    'SELECT child_code, relationship, parent_code, valid_from, valid_to FROM organisation_links WHERE child_code = ANY($1::text[])',
    [[...added.keys()]],
  );
  const current: LinksByChild = new Map();
  for (const r of rows)
    addLink(current, r.child_code, r.relationship, {
      parent: r.parent_code,
      from: r.valid_from,
      to: r.valid_to,
    });
  // each interval within the lifetimes of its ends before merging, so that a link asserted after its child closed
  // (a 2022 lookup listing a CCG closed in 2017) neither lands nor ends the link before it
  const codes = new Set<string>(added.keys());
  for (const l of b.links) codes.add(l.parent);
  for (const r of rows) codes.add(r.parent_code);
  const lifetimes = new Map<string, Lifetime>();
  for (const o of await tx.query<{ code: string; open: string | null; close: string | null }>(
    'SELECT code, open_date AS open, close_date AS close FROM organisations WHERE code = ANY($1::text[]) AND (open_date IS NOT NULL OR close_date IS NOT NULL)',
    [[...codes]],
  ))
    lifetimes.set(o.code, o);
  const unknown: Lifetime = { open: null, close: null };
  const within = (child: string, intervals: Interval[]) =>
    lifetimes.size === 0
      ? intervals
      : intervals.flatMap(
          (i) =>
            withinLifetimes(i, lifetimes.get(child) ?? unknown, lifetimes.get(i.parent) ?? unknown) ?? [],
        );
  const del: string[][] = [[], [], []];
  const ins: Array<Array<string | null>> = [[], [], [], [], []];
  let changedSubIcb = false;
  for (const [child, byRelationship] of added)
    for (const [rel, intervals] of byRelationship) {
      const before = current.get(child)?.get(rel) ?? [];
      let gone: Interval[] = [];
      let fresh = mergeTimeline(within(child, before.length ? [...before, ...intervals] : intervals));
      if (before.length) {
        const kept = new Set(fresh.map(intervalKey));
        const had = new Set(before.map(intervalKey));
        gone = before.filter((i) => !kept.has(intervalKey(i)));
        fresh = fresh.filter((i) => !had.has(intervalKey(i)));
      }
      if (gone.length === 0 && fresh.length === 0) continue;
      report.links.changed++;
      if (rel === 'practice_sub_icb') changedSubIcb = true;
      for (const g of gone) {
        del[0].push(child);
        del[1].push(rel);
        del[2].push(g.from);
      }
      for (const f of fresh) {
        ins[0].push(child);
        ins[1].push(rel);
        ins[2].push(f.parent);
        ins[3].push(f.from);
        ins[4].push(f.to);
      }
    }
  if (del[0].length)
    await tx.query(
      `DELETE FROM organisation_links l USING unnest($1::text[], $2::text[], $3::date[]) AS d(c, r, f)
        WHERE l.child_code = d.c AND l.relationship = d.r AND l.valid_from = d.f`,
      del,
    );
  // by COPY: the parameter arrays of an INSERT cost more than the rows for a large file's links
  await copyRows(
    tx,
    'organisation_links',
    ['child_code', 'relationship', 'parent_code', 'valid_from', 'valid_to', 'load_id'],
    ins[0].length,
    (i) => [ins[0][i], ins[1][i], ins[2][i], ins[3][i], ins[4][i], loadId],
  );
  if (changedSubIcb) await deriveMergers(tx, loadId);
}

/**
 * A CCG whose practices all left on one day, most of them for one other CCG, merged into it then: record the
 * successor link and close the CCG (00W, 01M and 01N into 14L on 1 April 2017; 09G, 09H, 09X into 70F in 2020).
 */
async function deriveMergers(tx: Queryable, loadId: number): Promise<void> {
  await tx.query(
    `WITH ended AS (
       SELECT parent_code AS ccg, max(valid_to) AS ended_on
         FROM organisation_links WHERE relationship = 'practice_sub_icb'
        GROUP BY parent_code
       HAVING bool_and(valid_to IS NOT NULL)
     ), moves AS (
       SELECT e.ccg, e.ended_on, l2.parent_code AS successor, count(*) AS n
         FROM ended e
         JOIN organisation_links l1 ON l1.relationship = 'practice_sub_icb' AND l1.parent_code = e.ccg AND l1.valid_to = e.ended_on
         JOIN organisation_links l2 ON l2.relationship = 'practice_sub_icb' AND l2.child_code = l1.child_code AND l2.valid_from = e.ended_on
        GROUP BY e.ccg, e.ended_on, l2.parent_code
     ), best AS (
       SELECT DISTINCT ON (ccg) ccg, ended_on, successor FROM moves ORDER BY ccg, n DESC, successor
     ), inserted AS (
       INSERT INTO organisation_links (child_code, relationship, parent_code, valid_from, valid_to, load_id)
       SELECT ccg, 'sub_icb_successor', successor, ended_on, NULL, $1::int FROM best
       ON CONFLICT DO NOTHING RETURNING child_code, valid_from
     )
     UPDATE organisations o SET close_date = (i.valid_from - 1), status = 'closed'
       FROM inserted i WHERE o.code = i.child_code AND o.close_date IS NULL`,
    [loadId],
  );
}

async function writePopulations(
  tx: Queryable,
  b: LoadBuilder,
  loadId: number,
  report: LoadReport,
  progress?: Progress,
): Promise<void> {
  const rows = b.populations;
  if (rows.length === 0) return;
  const schemesByDate = new Map<string, Set<string>>();
  for (const p of rows) {
    let schemes = schemesByDate.get(p.date);
    if (!schemes) schemesByDate.set(p.date, (schemes = new Set()));
    schemes.add(p.scheme);
  }
  const keys = [...schemesByDate].flatMap(([date, schemes]) => [...schemes].map((scheme) => [date, scheme]));
  const overlap = await tx.query(
    `SELECT 1 FROM populations p JOIN unnest($1::date[], $2::text[]) AS k(d, s) ON p.date = k.d AND p.scheme = k.s LIMIT 1`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  const columns = POPULATION_COLUMNS;
  progress?.('populations', 0, rows.length);
  const toCells = (i: number) => {
    const p = rows[i];
    return [p.org, p.date, p.scheme, p.sex, p.ageBand, p.patients, loadId];
  };
  if (overlap.length === 0) {
    await copyRows(tx, 'populations', columns, rows.length, toCells, (d) =>
      progress?.('populations', d, rows.length),
    );
    report.populations.inserted = rows.length;
    return;
  }
  await tx.query(
    `CREATE TEMP TABLE staging_populations (LIKE populations INCLUDING DEFAULTS) ON COMMIT DROP`,
  );
  await copyRows(tx, 'staging_populations', columns, rows.length, toCells, (d) =>
    progress?.('populations', d, rows.length),
  );
  await tx.query('ANALYZE staging_populations');
  const r = await changeCounts(
    tx,
    `INSERT INTO populations (${columns.join(',')}) SELECT ${columns.join(',')} FROM staging_populations
     ON CONFLICT (org_code, date, scheme, sex, age_band) DO UPDATE SET patients = excluded.patients, load_id = excluded.load_id
     WHERE populations.patients <> excluded.patients RETURNING (xmax = 0) AS inserted`,
  );
  report.populations.inserted = r.inserted;
  report.populations.updated = r.updated;
  report.populations.unchanged = rows.length - r.inserted - r.updated;
}

/** Columns of the two bulk tables, in the order the loader copies them. */
export const VALUE_COLUMNS = [
  'indicator_code',
  'definition_version',
  'org_code',
  'period_start',
  'period_end',
  'numerator',
  'denominator',
  'value',
  'value_label',
  'load_id',
];
export const POPULATION_COLUMNS = ['org_code', 'date', 'scheme', 'sex', 'age_band', 'patients', 'load_id'];

async function writeValues(
  tx: Queryable,
  values: PreparedValue[],
  periods: Array<{ indicator: string; periodStart: string }>,
  loadId: number,
  report: LoadReport,
  progress?: Progress,
): Promise<void> {
  if (values.length === 0) return;
  const overlap = await tx.query(
    `SELECT 1 FROM indicator_values v JOIN unnest($1::text[], $2::date[]) AS k(i, d) ON v.indicator_code = k.i AND v.period_start = k.d WHERE v.current LIMIT 1`,
    [periods.map((p) => p.indicator), periods.map((p) => p.periodStart)],
  );
  progress?.('values', 0, values.length);
  const columns = [...VALUE_COLUMNS, 'quality_issue'];
  const toCells = (i: number) => {
    const v = values[i];
    return [
      v.indicator,
      v.version,
      v.org,
      v.start,
      v.end,
      v.numerator,
      v.denominator,
      v.value,
      v.label,
      loadId,
      v.quality,
    ];
  };
  if (overlap.length === 0) {
    // nothing to supersede: straight into the table
    await copyRows(tx, 'indicator_values', columns, values.length, toCells, (d) =>
      progress?.('values', d, values.length),
    );
    report.values.inserted = values.length;
    return;
  }
  await tx.query(
    `CREATE TEMP TABLE staging_values (indicator_code text, definition_version int, org_code text, period_start date, period_end date,
       numerator float8, denominator float8, value float8, value_label text, load_id int, quality_issue text) ON COMMIT DROP`,
  );
  await copyRows(tx, 'staging_values', columns, values.length, toCells, (d) =>
    progress?.('values', d, values.length),
  );
  await tx.query('ANALYZE staging_values');
  const key =
    'v.indicator_code = s.indicator_code AND v.org_code = s.org_code AND v.period_start = s.period_start AND v.period_end = s.period_end';
  const superseded = (
    await changeCounts(
      tx,
      `UPDATE indicator_values v SET current = false, superseded_by_load = $1 FROM staging_values s
        WHERE v.current AND ${key}
          AND (v.numerator, v.denominator, v.value, v.value_label, v.definition_version) IS DISTINCT FROM (s.numerator, s.denominator, s.value, s.value_label, s.definition_version)
       RETURNING false AS inserted`,
      [loadId],
    )
  ).updated;
  const inserted = (
    await changeCounts(
      tx,
      `INSERT INTO indicator_values (${columns.join(',')}) SELECT ${columns.map((c) => `s.${c}`).join(',')} FROM staging_values s
        WHERE NOT EXISTS (SELECT 1 FROM indicator_values v WHERE v.current AND ${key}) RETURNING true AS inserted`,
    )
  ).inserted;
  report.values.superseded = superseded;
  report.values.inserted = inserted;
  report.values.unchanged = values.length - inserted;
  if (superseded > 0)
    report.warnings.push(
      `${superseded} value${superseded === 1 ? '' : 's'} from earlier loads superseded by this file (kept in the history)`,
    );
}

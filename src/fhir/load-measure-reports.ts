/**
 * Loading MeasureReports: each report (or each report of a Bundle of type batch, transaction or collection) becomes
 * one row of the generic indicator CSV, and the rows go through the same path as an uploaded CSV (ingestFile with
 * the generic reader: every check, one transaction, all or nothing; the same content again is the same load).
 * Every problem, whether found here in the FHIR structure or later by the reader and the load, is reported against
 * the element it came from, e.g. `Bundle.entry[3].resource.group[0].population[1].count`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/connect.js';
import { isValidIsoDate } from '../domain/periods.js';
import { AppError } from '../api/errors.js';
import { LoadRejected, type CellProblem } from '../ingest/errors.js';
import { ingestFile, type IngestOptions } from '../ingest/ingest-file.js';
import { GENERIC_COLUMNS } from '../ingest/readers/generic.js';
import type { LoadReport } from '../ingest/write.js';
import type { Issue } from './operation-outcome.js';
import { indicatorCodeOf, MEASURE_POPULATION_SYSTEM, ODS_SYSTEM } from './systems.js';

/** The name the load is recorded under, and that the reader's messages would use. */
export const FHIR_LOAD_NAME = 'fhir/MeasureReport';

/** A resource refused: 400, with one issue per problem. */
export class InvalidResource extends AppError {
  constructor(readonly issues: Issue[]) {
    super(400, 'bad_request', issues.map((i) => i.diagnostics).join('\n'), issues);
  }
}

type Column = (typeof GENERIC_COLUMNS)[number];
/** Where each cell of a row came from. */
type Origin = Record<Column, string> & { report: string };

interface Converted {
  rows: string[][];
  origins: Origin[];
  issues: Issue[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const shown = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

const MAX_ISSUES = 25;
const BUNDLE_TYPES = ['batch', 'transaction', 'collection'];
const MEASURE_REF = /(?:^|\/)Measure\/([A-Za-z0-9\-.]{1,64})(?:\|[^|]*)?$/;
const ODS_CODE = /^[A-Za-z0-9]{3,12}$/;

/** A date or dateTime's day (a period's start and end as the generic CSV takes them), or null. */
function dayOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/.exec(v);
  return m && isValidIsoDate(m[1]!) ? m[1]! : null;
}

/** The reports in the body, each with its FHIRPath, or the problem with the body's shape. */
function reportsIn(body: unknown, issues: Issue[]): Array<{ report: Record<string, unknown>; path: string }> {
  const problem = (expression: string, expected: string, got?: unknown) =>
    issues.push({
      severity: 'error',
      code: 'structure',
      diagnostics: `${expression}: expected ${expected}${got === undefined ? '' : `, got ${shown(got)}`}`,
      expression: [expression],
    });
  if (!isObject(body)) {
    issues.push({
      severity: 'error',
      code: 'structure',
      diagnostics: 'expected a MeasureReport, or a Bundle of MeasureReports, as JSON',
    });
    return [];
  }
  if (body.resourceType === 'MeasureReport') return [{ report: body, path: 'MeasureReport' }];
  if (body.resourceType !== 'Bundle') {
    problem('resourceType', 'MeasureReport or Bundle', body.resourceType);
    return [];
  }
  if (!BUNDLE_TYPES.includes(body.type as string))
    problem('Bundle.type', `one of ${BUNDLE_TYPES.join(', ')}`, body.type);
  if (!Array.isArray(body.entry) || body.entry.length === 0) {
    problem('Bundle.entry', 'at least one entry with a MeasureReport', body.entry);
    return [];
  }
  const out: Array<{ report: Record<string, unknown>; path: string }> = [];
  body.entry.forEach((e: unknown, i: number) => {
    const path = `Bundle.entry[${i}].resource`;
    const r = isObject(e) ? e.resource : undefined;
    if (!isObject(r) || r.resourceType !== 'MeasureReport')
      problem(`${path}.resourceType`, 'MeasureReport', isObject(r) ? r.resourceType : r);
    else out.push({ report: r, path });
  });
  return out;
}

/** One report → one generic row, or its problems. */
function rowOf(
  r: Record<string, unknown>,
  p: string,
  issues: Issue[],
): { row: string[]; origin: Origin } | null {
  const before = issues.length;
  const problem = (expression: string, expected: string, got: unknown, code: Issue['code'] = 'value') =>
    issues.push({
      severity: 'error',
      code,
      diagnostics: `${expression}: expected ${expected}, got ${got === undefined ? 'nothing' : shown(got)}`,
      expression: [expression],
    });
  if (r.status !== 'complete')
    problem(`${p}.status`, 'complete (a pending or errored report is not loaded)', r.status);
  if (r.type !== 'individual' && r.type !== 'summary') problem(`${p}.type`, 'individual or summary', r.type);

  const m = typeof r.measure === 'string' ? MEASURE_REF.exec(r.measure) : null;
  if (!m)
    problem(`${p}.measure`, 'a Measure of Lantern’s: Measure/{indicator} or its url', r.measure, 'required');

  let org: string | null = null;
  const s = r.subject;
  if (isObject(s)) {
    const byRef = typeof s.reference === 'string' ? /^Organization\/(.+)$/.exec(s.reference)?.[1] : undefined;
    const id = isObject(s.identifier) ? s.identifier : null;
    const byId = id && id.system === ODS_SYSTEM && typeof id.value === 'string' ? id.value : undefined;
    if (byRef && byId && byRef !== byId)
      problem(`${p}.subject`, 'the same organisation in reference and identifier', `${byRef} and ${byId}`);
    else org = byRef ?? byId ?? null;
    if (org !== null && !ODS_CODE.test(org)) {
      problem(`${p}.subject`, 'an ODS code (3 to 12 letters and digits)', org);
      org = null;
    }
  }
  if (org === null && issues.length === before)
    problem(`${p}.subject`, `Organization/{ods}, or an identifier of system ${ODS_SYSTEM}`, s, 'required');

  const period = isObject(r.period) ? r.period : null;
  const start = dayOf(period?.start);
  const end = dayOf(period?.end);
  if (!start) problem(`${p}.period.start`, 'a date as YYYY-MM-DD', period?.start, 'required');
  if (!end) problem(`${p}.period.end`, 'a date as YYYY-MM-DD', period?.end, 'required');
  if (start && end && end < start)
    problem(`${p}.period`, 'an end no earlier than the start', `${start} to ${end}`);

  const g = `${p}.group[0]`;
  const groups = Array.isArray(r.group) ? r.group : [];
  if (groups.length !== 1 || !isObject(groups[0]))
    problem(`${p}.group`, 'exactly one group (numerator, denominator and score)', r.group, 'structure');
  const group = isObject(groups[0]) ? groups[0] : {};
  const cells = { numerator: '', denominator: '' };
  const at: Record<'numerator' | 'denominator', string> = {
    numerator: `${g}.population`,
    denominator: `${g}.population`,
  };
  const populations = group.population === undefined ? [] : group.population;
  if (!Array.isArray(populations))
    problem(`${g}.population`, 'a list of populations', populations, 'structure');
  else
    populations.forEach((pop: unknown, k: number) => {
      const path = `${g}.population[${k}]`;
      const codings =
        isObject(pop) && isObject(pop.code) && Array.isArray(pop.code.coding) ? pop.code.coding : [];
      const code = codings
        .filter(isObject)
        .find(
          (c) =>
            c.system === MEASURE_POPULATION_SYSTEM && (c.code === 'numerator' || c.code === 'denominator'),
        )?.code as 'numerator' | 'denominator' | undefined;
      if (!code) {
        problem(
          `${path}.code`,
          `numerator or denominator of ${MEASURE_POPULATION_SYSTEM}`,
          isObject(pop) ? pop.code : pop,
        );
        return;
      }
      if (at[code] !== `${g}.population`) {
        problem(`${path}.code`, `one ${code} population (the first is ${at[code]})`, code);
        return;
      }
      at[code] = `${path}.count`;
      const n = isObject(pop) ? pop.count : undefined;
      if (n === undefined) return;
      if (typeof n !== 'number' || !Number.isInteger(n)) problem(`${path}.count`, 'a whole number', n);
      else cells[code] = String(n);
    });
  const scorePath = `${g}.measureScore.value`;
  const score = isObject(group.measureScore) ? group.measureScore.value : undefined;
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score)))
    problem(scorePath, 'a number', score);

  if (issues.length > before || !m || !org || !start || !end) return null;
  return {
    row: [
      indicatorCodeOf(m[1]!),
      org.toUpperCase(),
      `${start}/${end}`,
      cells.numerator,
      cells.denominator,
      score === undefined ? '' : String(score),
    ],
    origin: {
      report: p,
      indicator_code: `${p}.measure`,
      organisation_code: `${p}.subject`,
      period: `${p}.period`,
      numerator: at.numerator,
      denominator: at.denominator,
      value: scorePath,
    },
  };
}

/** The body as generic indicator rows, each with where its cells came from; or the problems found. */
export function measureReportsToRows(body: unknown): Converted {
  const issues: Issue[] = [];
  const rows: string[][] = [];
  const origins: Origin[] = [];
  for (const { report, path } of reportsIn(body, issues)) {
    const r = rowOf(report, path, issues);
    if (r) {
      rows.push(r.row);
      origins.push(r.origin);
    }
  }
  return { rows, origins, issues: issues.slice(0, MAX_ISSUES) };
}

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const rowsToCsv = (rows: string[][]) =>
  [GENERIC_COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';

/** A problem the reader or the load found, told against the element it came from (line 2 is the first report). */
function issueOf(p: CellProblem, origins: Origin[], rows: string[][], root: string): Issue {
  let origin = p.line !== null ? origins[p.line - 2] : undefined;
  // a problem found after parsing may name only the organisation (e.g. a code already known as another kind)
  if (!origin && p.value !== null) origin = origins[rows.findIndex((r) => r[1] === p.value)];
  const expression = origin
    ? p.column
      ? (origin[p.column as Column] ?? origin.report)
      : origin.report
    : root;
  const got =
    p.value === null
      ? ''
      : p.value === ''
        ? ', got nothing'
        : `, got "${p.value.length > 60 ? `${p.value.slice(0, 60)}…` : p.value}"`;
  return {
    severity: 'error',
    code: p.column ? 'value' : 'invalid',
    diagnostics: `${expression}: expected ${p.expected}${got}`,
    expression: [expression],
  };
}

/**
 * Load the reports: refused as a whole (InvalidResource, nothing stored) on any problem; `check` sees the parsed
 * rows before anything is written (the uploader's grants).
 */
export async function loadMeasureReports(
  db: Database,
  body: unknown,
  check: IngestOptions['check'],
): Promise<LoadReport> {
  const { rows, origins, issues } = measureReportsToRows(body);
  if (issues.length) throw new InvalidResource(issues);
  const root = isObject(body) && body.resourceType === 'Bundle' ? 'Bundle' : 'MeasureReport';
  const dir = mkdtempSync(join(tmpdir(), 'lantern-fhir-'));
  const path = join(dir, 'measure-reports.csv');
  try {
    writeFileSync(path, rowsToCsv(rows), { mode: 0o600 });
    return await ingestFile(db, path, { source: 'generic-indicator', displayName: FHIR_LOAD_NAME, check });
  } catch (e) {
    if (e instanceof LoadRejected)
      throw new InvalidResource(e.problems.map((p) => issueOf(p, origins, rows, root)));
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

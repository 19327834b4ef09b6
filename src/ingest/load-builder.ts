/**
 * What a reader produces from a file, and the checks every reader shares: cells read by column name with
 * errors that name line, column, value and expectation; duplicate keys; organisation code shapes.
 */
import { CODE_EXPECTATION, isCodeOfType, type OrgType, type Relationship } from '../domain/organisations.js';
import type { IndicatorDefinition } from '../domain/indicators.js';
import type { Period } from '../domain/periods.js';
import type { CellProblem } from './errors.js';
import type { CsvRecord } from './csv-file.js';

export interface OrgRecord {
  code: string;
  type: OrgType;
  name: string;
  /** reference files (ODS) are authoritative; other files only mention an organisation */
  authority: 'reference' | 'mention';
  postcode?: string | null;
  openDate?: string | null;
  closeDate?: string | null;
  status?: string;
  attributes?: Record<string, string>;
}

export interface LinkRecord {
  child: string;
  relationship: Relationship;
  parent: string;
  from: string;
  to: string | null;
}

export interface PopulationRecord {
  org: string;
  date: string;
  /** total, starpu9 or quinary bands; payments_registered and payments_weighted are the annual payment-file counts */
  scheme: 'total' | 'starpu9' | 'quinary' | 'payments_registered' | 'payments_weighted';
  sex: 'male' | 'female' | 'all';
  ageBand: string;
  patients: number;
}

export interface ValueRecord {
  indicator: string;
  org: string;
  period: Period;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  label?: string | null;
  /** a published statistic whose numerator exceeds its denominator, kept as published with a note */
  exceedsDenominatorAsPublished?: boolean;
}

const MAX_PROBLEMS = 25;
/** Blank-cell markers in the published files: NA (R exports), ':' not available and 'z' not applicable (NHS Digital), '-' and '*'. */
const MISSING = new Set(['', 'NA', '-', '*', ':', 'z']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export class LoadBuilder {
  readonly organisations = new Map<string, OrgRecord>();
  readonly links: LinkRecord[] = [];
  readonly populations: PopulationRecord[] = [];
  readonly values: ValueRecord[] = [];
  /** the file line each value came from, for messages raised after parsing */
  readonly valueLines: number[] = [];
  readonly indicators = new Map<string, IndicatorDefinition>();
  readonly problems: CellProblem[] = [];
  readonly warnings: string[] = [];
  /**
   * Set by the reader of a register, a file that lists every organisation of a type as at a date (ODS eccg for
   * CCGs): the organisations of that type it lists were on the register then, and one an earlier register listed
   * that a later one leaves out had closed by the later one's date.
   */
  register: { type: 'sub_icb'; asAt: string } | null = null;
  moreProblems = 0;
  rowsRead = 0;
  rowsSkipped = 0;
  private readonly seenKeys = new Map<string, number>();

  problem(p: CellProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    else this.moreProblems++;
  }

  /** Refuse a key seen earlier in the file. */
  unique(key: string, line: number, what: string): boolean {
    return this.first(this.seenKeys.get(key), line, what) && (this.seenKeys.set(key, line), true);
  }

  /**
   * The same for a key of several parts, kept as a tree of maps: on files of hundreds of thousands of rows this is
   * several times faster than joining the parts into one string per row (and hashing the long string). Readers
   * emit runs of keys that differ in the last part only (a practice's age bands, its indicators), so the node
   * reached for the previous key is reused while the leading parts are the same strings.
   */
  private readonly seenTree = new Map<string, unknown>();
  private lastParts: readonly string[] = [];
  private lastNode: Map<string, unknown> = this.seenTree;
  uniqueParts(parts: readonly string[], line: number, what: string): boolean {
    const n = parts.length - 1;
    let node = this.lastNode;
    let same = this.lastParts.length === parts.length;
    for (let i = 0; same && i < n; i++) same = parts[i] === this.lastParts[i];
    if (!same) {
      node = this.seenTree;
      for (let i = 0; i < n; i++) {
        let next = node.get(parts[i]!) as Map<string, unknown> | undefined;
        if (!next) node.set(parts[i]!, (next = new Map()));
        node = next;
      }
      this.lastParts = parts;
      this.lastNode = node;
    }
    const last = parts[n]!;
    if (!this.first(node.get(last) as number | undefined, line, what)) return false;
    node.set(last, line);
    return true;
  }

  private first(prev: number | undefined, line: number, what: string): boolean {
    if (prev !== undefined) {
      this.problem({
        line,
        column: null,
        value: null,
        expected: `each ${what} once, but line ${line} repeats line ${prev}`,
      });
      return false;
    }
    return true;
  }

  organisation(o: OrgRecord): void {
    const prev = this.organisations.get(o.code);
    if (!prev || (prev.authority === 'mention' && o.authority === 'reference'))
      this.organisations.set(o.code, o);
  }

  /** An organisation a file names by code (and perhaps a name) only; nothing is made when it is already known. */
  mention(code: string, type: OrgType, name = code): void {
    if (!this.organisations.has(code))
      this.organisations.set(code, { code, type, name, authority: 'mention' });
  }

  link(l: LinkRecord): void {
    this.links.push(l);
  }

  indicator(def: IndicatorDefinition): void {
    this.indicators.set(def.code, def);
  }

  value(v: ValueRecord, line: number): void {
    if (
      !this.uniqueParts(
        ['v', v.indicator, v.period.start, v.period.end, v.org],
        line,
        `${v.indicator} value per organisation and period`,
      )
    )
      return;
    this.values.push(v);
    this.valueLines.push(line);
  }

  /** A published value with no numerator or denominator (a percentage, a score, a rating). */
  valueOnly(
    indicator: string,
    org: string,
    period: Period,
    value: number,
    line: number,
    label: string | null = null,
  ): void {
    this.value({ indicator, org, period, numerator: null, denominator: null, value, label }, line);
  }

  /** A count of events, its own value. */
  count(indicator: string, org: string, period: Period, n: number, line: number): void {
    this.value({ indicator, org, period, numerator: n, denominator: null, value: n }, line);
  }

  /** numerator / denominator as a percentage; nothing when the denominator is 0. */
  percentage(
    indicator: string,
    org: string,
    period: Period,
    numerator: number,
    denominator: number,
    line: number,
  ): void {
    if (denominator > 0)
      this.value(
        { indicator, org, period, numerator, denominator, value: (numerator / denominator) * 100 },
        line,
      );
  }

  population(p: PopulationRecord, line: number): void {
    if (
      !this.uniqueParts(
        ['p', p.date, p.scheme, p.sex, p.ageBand, p.org],
        line,
        'population per practice, date, sex and age band',
      )
    )
      return;
    this.populations.push(p);
  }
}

interface NumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
  optional?: boolean;
  decimalComma?: boolean;
}
const COUNT: NumberOptions = { min: 0, integer: true };
const OPTIONAL_COUNT: NumberOptions = { min: 0, integer: true, optional: true };

/** What a number cell should have held, for the message (built only when a cell fails). */
function numberExpectation(opts: NumberOptions): string {
  return `${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}${opts.max !== undefined ? ` ≤ ${opts.max}` : ''}${opts.optional ? ' or blank' : ''}`;
}

/** One data row, read by column name. Each accessor records a problem and returns null when the cell is bad. */
export class Row {
  constructor(
    private readonly b: LoadBuilder,
    private readonly index: Map<string, number>,
    readonly record: CsvRecord,
  ) {}

  get line(): number {
    return this.record.line;
  }

  raw(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : (this.record.cells[i] ?? '');
  }

  text(column: string): string {
    return this.raw(column).trim();
  }

  /** Record that a cell is not what was expected. */
  fail(column: string, expected: string): null {
    return this.bad(column, expected);
  }

  private bad(column: string, expected: string): null {
    this.b.problem({ line: this.line, column, value: this.raw(column), expected });
    return null;
  }

  /** A number, or null for a blank/NA cell when optional. */
  number(column: string, opts: NumberOptions = {}): number | null {
    let s = this.text(column);
    if (opts.optional && MISSING.has(s)) return null;
    if (opts.decimalComma) s = s.replace(/\./g, '').replace(',', '.');
    if (!NUMBER.test(s)) return this.bad(column, numberExpectation(opts));
    const v = Number(s);
    if (
      (opts.min !== undefined && v < opts.min) ||
      (opts.max !== undefined && v > opts.max) ||
      (opts.integer && !Number.isInteger(v))
    )
      return this.bad(column, numberExpectation(opts));
    return v;
  }

  count(column: string, opts: { optional?: boolean; decimalComma?: boolean } = {}): number | null {
    return this.number(
      column,
      opts.decimalComma ? { min: 0, integer: true, ...opts } : opts.optional ? OPTIONAL_COUNT : COUNT,
    );
  }

  /** An ODS code of the given type (or any of several), upper-cased. */
  code(column: string, ...types: OrgType[]): string | null {
    const c = this.text(column).toUpperCase();
    // a loop, not types.some(…): this runs for every row of every file
    for (const t of types) if (isCodeOfType(c, t)) return c;
    return this.bad(column, types.map((t) => CODE_EXPECTATION[t]).join(' or '));
  }

  /** numerator ≤ denominator, for proportions. */
  proportion(numColumn: string, num: number | null, den: number | null): boolean {
    if (num === null || den === null) return false;
    if (num > den) {
      this.b.problem({
        line: this.line,
        column: numColumn,
        value: String(num),
        expected: `a count no larger than its denominator (${den})`,
      });
      return false;
    }
    return true;
  }
}

/** Map header names to positions, refusing a file that lacks a required column. */
export function headerIndex(
  b: LoadBuilder,
  header: string[],
  required: readonly string[],
): Map<string, number> | null {
  const index = new Map<string, number>();
  header.forEach((h, i) => index.set(h.trim(), i));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    b.problem({
      line: 1,
      column: missing[0],
      value: null,
      expected: `a header with the column "${missing.join('", "')}"; found ${header.map((h) => `"${h}"`).join(', ')}`,
    });
    return null;
  }
  return index;
}

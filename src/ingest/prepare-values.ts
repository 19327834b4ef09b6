/**
 * A file's values made ready to write: method-specific checks, values computed where a file gives only counts,
 * quality issues found and reported as warnings, and the (indicator, period) pairs they touch.
 */
import type { IndicatorDefinition } from '../domain/indicators.js';
import { QUALITY_ISSUES, valueQualityIssue, type QualityIssue } from '../domain/value-quality.js';
import type { CellProblem } from './errors.js';
import type { LoadBuilder } from './load-builder.js';

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
export function prepareValues(
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
export function flagWarnings(
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
export function indicatorPeriods(values: PreparedValue[]): Array<{ indicator: string; periodStart: string }> {
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

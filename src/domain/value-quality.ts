/**
 * Values that cannot be right as published. Each is kept as published (no accepted record is lost) but carries a
 * quality issue, the reason it is left out of comparisons (funnels, stored results, tiers, benchmarks) and shown
 * beside the value. The same rules run at every load (`src/ingest/write.ts`) and, for stores loaded before the rules
 * existed, once in migration 0012 (`drizzle/0012_value_quality.sql`), whose SQL must say the same; a test holds the
 * two to the same answers on the sample data.
 */
import type { IndicatorDefinition } from './indicators.js';

export const QUALITY_ISSUES = {
  /** a proportion above 100% (a QOF register larger than the practice's list) */
  aboveDenominator: 'numerator exceeds its denominator (above 100%)',
  /** the workforce collection records 0 where a practice returned no data for a staff group */
  zeroFte:
    'an FTE of 0 for a practice with registered patients: the workforce collection records 0 where a practice returned no data',
  /** a clawback or adjustment larger than the year's payments */
  negativeMoney: 'a negative payment (a recovery or adjustment), not a payment per patient',
  nonPositiveDenominator: 'a denominator of 0 or less',
} as const;
export type QualityIssue = (typeof QUALITY_ISSUES)[keyof typeof QUALITY_ISSUES];

type Rule = Pick<IndicatorDefinition, 'method' | 'unit' | 'numeratorDescription' | 'denominatorDescription'>;

const FTE = /full-time equivalent/i;
const RATIO_METHODS = new Set(['proportion', 'rate', 'ratio']);

/**
 * Why a value cannot be right, or null. `numerator`, `denominator` and `value` are as they will be stored.
 *
 * @example valueQualityIssue({ method: 'proportion', … }, 12, 10, 120) // 'numerator exceeds its denominator (above 100%)'
 */
export function valueQualityIssue(
  def: Rule,
  numerator: number | null,
  denominator: number | null,
  value: number | null,
): QualityIssue | null {
  const fteNumerator = FTE.test(def.numeratorDescription ?? '');
  const fteDenominator = FTE.test(def.denominatorDescription ?? '');
  if (fteDenominator && denominator === 0 && numerator !== null && numerator > 0)
    return QUALITY_ISSUES.zeroFte;
  if (fteNumerator && numerator === 0 && denominator !== null && denominator > 0)
    return QUALITY_ISSUES.zeroFte;
  if (def.unit.startsWith('£') && ((value !== null && value < 0) || (numerator !== null && numerator < 0)))
    return QUALITY_ISSUES.negativeMoney;
  if (
    def.method === 'proportion' &&
    numerator !== null &&
    denominator !== null &&
    denominator > 0 &&
    numerator > denominator
  )
    return QUALITY_ISSUES.aboveDenominator;
  if (RATIO_METHODS.has(def.method) && numerator !== null && denominator !== null && denominator <= 0)
    return QUALITY_ISSUES.nonPositiveDenominator;
  return null;
}

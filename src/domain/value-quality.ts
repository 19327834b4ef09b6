/**
 * Values that cannot be right as published. Each is kept as published (no accepted record is lost) but carries a
 * quality issue, the reason it is left out of comparisons (funnels, stored results, tiers, benchmarks) and shown
 * beside the value. The same rules run at every load (`src/ingest/write.ts`) and, for stores loaded before the rules
 * existed, once in migration 0012 (`drizzle/0014_value_quality.sql`), whose SQL must say the same; a test holds the
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

type Rule = Pick<IndicatorDefinition, 'code' | 'method' | 'unit'>;

/**
 * Staff groups every practice with patients has, whose FTE of 0 therefore means "not returned": GPs (where the
 * FTE is the denominator) and nurses (the numerator). In the FY2023–FY2025 workforce file GP FTE is 0 for 109
 * practice-years with patients, and nurse FTE for 150, 149 of them in the first year alone. Direct patient care
 * staff are left out: about 9% of practices report 0 every year, steadily, as expected where those staff are
 * employed by the primary care network rather than the practice.
 */
export const ZERO_FTE_NOT_RETURNED = {
  denominator: ['patients_per_gp_fte'],
  numerator: ['nurse_fte_per_1000'],
} as const;
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
  const fteNumerator = (ZERO_FTE_NOT_RETURNED.numerator as readonly string[]).includes(def.code);
  const fteDenominator = (ZERO_FTE_NOT_RETURNED.denominator as readonly string[]).includes(def.code);
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

/**
 * How a published figure is read for patients and the public: its 95% confidence interval from the published counts,
 * whether that interval lies above, below or across the comparator, and one plain-English line on what that means.
 * The words are chosen with care: a figure is described (higher, lower, about the same), never judged; where a
 * direction is generally seen as better, that is said, with why a difference is not necessarily good or bad.
 */
import { EXACT_POISSON_BELOW, rate, wilson } from '../stats/intervals.js';
import type { PublishedDefinition } from '../db/repos/public-figures.js';

export interface PublicInterval {
  lower: number;
  upper: number;
  /** how it was worked out, in words */
  method: string;
}

export type Comparison = 'higher' | 'lower' | 'similar';

type Def = Pick<PublishedDefinition, 'method' | 'multiplier' | 'numeratorKind' | 'direction'>;

/**
 * The 95% interval of a value from its published counts: Wilson's score interval for a proportion, Poisson limits on
 * the count for a rate or ratio of events (exact below 10 events, Byar's approximation from 10). An amount (£, staff)
 * or a figure published without counts has none; the reason is returned instead.
 */
export function publicInterval(
  def: Def,
  numerator: number | null,
  denominator: number | null,
): PublicInterval | { none: string } {
  const counted = numerator !== null && denominator !== null && denominator > 0 && numerator >= 0;
  if (def.method === 'proportion' && counted && numerator <= denominator) {
    const w = wilson(numerator, denominator);
    return {
      lower: w.lower * def.multiplier,
      upper: w.upper * def.multiplier,
      method: 'Wilson score interval',
    };
  }
  if ((def.method === 'rate' || def.method === 'ratio') && counted && def.numeratorKind === 'events') {
    const r = rate(numerator, denominator, 0.95, def.multiplier);
    return {
      lower: r.lower,
      upper: r.upper,
      method:
        numerator < EXACT_POISSON_BELOW
          ? 'exact Poisson limits on the count'
          : 'Poisson limits on the count (Byar’s approximation)',
    };
  }
  if (def.numeratorKind === 'continuous')
    return {
      none: 'This is an amount rather than a count of events, so it has no margin of error of its own.',
    };
  return {
    none: 'The figure is published without the counts needed to work out its margin of error.',
  };
}

/** Whether the interval lies wholly above or below the comparator, or includes it. */
export function compareInterval(i: PublicInterval, comparator: number): Comparison {
  if (i.lower > comparator) return 'higher';
  if (i.upper < comparator) return 'lower';
  return 'similar';
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * One line on what the comparison means. `against` names the comparator ("the England average"); `why` says what
 * else moves such a figure (the patients a practice serves, how busy or specialised a hospital is).
 */
export function meaningOf(
  def: Pick<Def, 'direction'>,
  comparison: Comparison | null,
  against: string,
  why: string,
): string {
  if (comparison === null)
    return `Shown for information: without a margin of error we do not say whether it differs from ${against}.`;
  if (comparison === 'similar')
    return `About the same as ${against}: the difference is small enough to be down to chance.`;
  const side = `${cap(comparison)} than ${against}.`;
  const better =
    def.direction === 'higher_better' ? 'higher' : def.direction === 'lower_better' ? 'lower' : null;
  if (better === null) return `${side} This is neither good nor bad in itself: it often reflects ${why}.`;
  if (better === comparison)
    return `${side} For this measure a ${better} figure is generally seen as better.`;
  return `${side} For this measure a ${better} figure is generally seen as better, but this is not necessarily bad: it can reflect ${why}.`;
}

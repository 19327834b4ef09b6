import { describe, expect, it } from 'vitest';
import { compareInterval, meaningOf, publicInterval } from './reading.js';

const WHY = 'the patients the practice serves';
const AGAINST = 'the England average';

describe('the public reading of a figure', () => {
  it('compares the whole interval with the comparator: above, below, or across it', () => {
    expect(compareInterval({ lower: 5, upper: 7, method: '' }, 4.9)).toBe('higher');
    expect(compareInterval({ lower: 5, upper: 7, method: '' }, 7.1)).toBe('lower');
    expect(compareInterval({ lower: 5, upper: 7, method: '' }, 5)).toBe('similar');
  });

  it('says which way is generally better, and why the other way is not necessarily bad', () => {
    const lowerBetter = { direction: 'lower_better' };
    expect(meaningOf(lowerBetter, 'lower', AGAINST, WHY)).toBe(
      'Lower than the England average. For this measure a lower figure is generally seen as better.',
    );
    expect(meaningOf(lowerBetter, 'higher', AGAINST, WHY)).toBe(
      `Higher than the England average. For this measure a lower figure is generally seen as better, but this is not necessarily bad: it can reflect ${WHY}.`,
    );
    expect(meaningOf({ direction: 'neither' }, 'higher', AGAINST, WHY)).toMatch(/neither good nor bad/);
    expect(meaningOf(lowerBetter, 'similar', AGAINST, WHY)).toMatch(/^About the same as the England average/);
    expect(meaningOf(lowerBetter, null, AGAINST, WHY)).toMatch(/^Shown for information/);
    for (const c of ['higher', 'lower', 'similar', null] as const)
      for (const direction of ['higher_better', 'lower_better', 'neither'])
        expect(meaningOf({ direction }, c, AGAINST, WHY)).not.toMatch(/fail|poor|worse|good practice/i);
  });

  it('gives no interval for an amount, a figure without counts, or counts that cannot be a proportion', () => {
    const def = { method: 'proportion', multiplier: 100, numeratorKind: 'events', direction: 'neither' };
    expect(publicInterval(def, 12, 10)).toHaveProperty('none');
    expect(publicInterval(def, null, 10)).toHaveProperty('none');
    expect(publicInterval({ ...def, method: 'rate', numeratorKind: 'continuous' }, 5, 10)).toEqual({
      none: 'This is an amount rather than a count of events, so it has no margin of error of its own.',
    });
    expect(publicInterval({ ...def, method: 'rate', multiplier: 1000 }, 4, 1000)).toMatchObject({
      method: 'exact Poisson limits on the count',
    });
  });
});

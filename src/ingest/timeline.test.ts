import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeIntervals, mergeTimeline, withinLifetimes } from './timeline.js';

describe('mergeTimeline', () => {
  it('a later parent ends the earlier link where it starts (a CCG merger)', () => {
    expect(
      mergeTimeline([
        { parent: '00W', from: '2013-04-01', to: null },
        { parent: '14L', from: '2017-04-01', to: null },
      ]),
    ).toEqual([
      { parent: '00W', from: '2013-04-01', to: '2017-04-01' },
      { parent: '14L', from: '2017-04-01', to: null },
    ]);
  });
  it('a stated end beats an open end for the same parent (a snapshot, then the close date)', () => {
    expect(
      mergeTimeline([
        { parent: '00W', from: '2013-04-01', to: null },
        { parent: '00W', from: '2013-04-01', to: '2016-10-01' },
      ]),
    ).toEqual([{ parent: '00W', from: '2013-04-01', to: '2016-10-01' }]);
  });
  it('touching intervals with the same parent join', () => {
    expect(
      mergeTimeline([
        { parent: 'A', from: '2014-04-01', to: '2015-04-01' },
        { parent: 'A', from: '2015-04-01', to: null },
      ]),
    ).toEqual([{ parent: 'A', from: '2014-04-01', to: null }]);
  });
  it('never overlaps and does not depend on the order the assertions arrive in (property)', () => {
    const interval = fc
      .record({
        parent: fc.constantFrom('A', 'B', 'C'),
        from: fc.integer({ min: 2013, max: 2022 }).map((y) => `${y}-04-01`),
        to: fc.option(
          fc.integer({ min: 2014, max: 2024 }).map((y) => `${y}-04-01`),
          { nil: null },
        ),
      })
      .filter((i) => i.to === null || i.to > i.from);
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 8 }), (xs) => {
        const merged = mergeTimeline(xs);
        for (let i = 1; i < merged.length; i++)
          if ((merged[i - 1].to ?? '9999') > merged[i].from) return false;
        return JSON.stringify(mergeTimeline([...xs].reverse())) === JSON.stringify(merged);
      }),
    );
  });
  it('the shortcut for one parent never ended gives what the general merge gives (property)', () => {
    const open = (parents: string[]) =>
      fc.record({
        parent: fc.constantFrom(...parents),
        from: fc.integer({ min: 2013, max: 2022 }).map((y) => `${y}-04-01`),
        to: fc.constant(null),
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(open(['A']), { minLength: 1, maxLength: 9 }),
          fc.array(open(['A', 'B']), { maxLength: 9 }),
        ),
        (xs) => JSON.stringify(mergeTimeline(xs)) === JSON.stringify(mergeIntervals(xs)),
      ),
    );
  });
});

describe('withinLifetimes', () => {
  const open = { open: null, close: null };
  it('ends a link the day after its child closed (a trust closed on 30 September 2021)', () => {
    expect(
      withinLifetimes(
        { parent: 'QOP', from: '2020-04-01', to: null },
        { open: '2002-04-01', close: '2021-09-30' },
        open,
      ),
    ).toEqual({ parent: 'QOP', from: '2020-04-01', to: '2021-10-01' });
  });
  it('drops a link asserted after its child closed (a 2022 lookup naming a CCG closed in 2017)', () => {
    expect(
      withinLifetimes(
        { parent: 'QOP', from: '2022-07-01', to: null },
        { open: '2013-04-01', close: '2017-03-31' },
        open,
      ),
    ).toBeNull();
  });
  it('starts a link no earlier than its parent opened, and leaves one within both lifetimes as it is', () => {
    expect(
      withinLifetimes(
        { parent: '14L', from: '2006-10-01', to: null },
        { open: '1974-04-01', close: null },
        { open: '2017-04-01', close: null },
      ),
    ).toEqual({ parent: '14L', from: '2017-04-01', to: null });
    const inside = { parent: 'A', from: '2014-04-01', to: '2015-04-01' };
    expect(withinLifetimes(inside, { open: '2013-04-01', close: '2020-03-31' }, open)).toEqual(inside);
  });
});

/**
 * The funnel page's table and plot read from the whole funnel: its rows sorted and cut by the server
 * (funnelTableRows), and every practice as a point with figures to 6 significant figures (forDrawing).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forDrawing, funnelPointsOf, funnelTableRows, type FunnelRowJson } from './funnel.js';

const row = (code: string, name: string, z: number | null, value: number | null = 1): FunnelRowJson => ({
  code,
  name,
  ccg: null,
  icb: null,
  numerator: 1,
  denominator: 10,
  value,
  expected: 1,
  expected_events: 1,
  z,
  z_adjusted: z,
  p: 0.5,
  lower_95: 0,
  upper_95: 2,
  lower_99_8: 0,
  upper_99_8: 3,
  flag_95: '',
  flag_99_8: '',
  not_computed: z === null ? { z_adjusted: 'why' } : null,
});

const rows = [
  row('A1', 'Beech', 1.5),
  row('A2', 'ash', null),
  row('A3', 'Cedar', -2),
  row('A4', 'alder', 1.5),
  row('A5', 'Birch', 0),
];
const codes = (rs: FunnelRowJson[]) => rs.map((r) => r.code);

describe('the funnel table: rows sorted by the server', () => {
  it('by a figure, either way, figures not computed last, ties in the rows’ order', () => {
    expect(codes(funnelTableRows(rows, { sort: 'z_adjusted', order: 'desc' }))).toEqual([
      'A1',
      'A4',
      'A5',
      'A3',
      'A2',
    ]);
    expect(codes(funnelTableRows(rows, { sort: 'z_adjusted', order: 'asc' }))).toEqual([
      'A3',
      'A5',
      'A1',
      'A4',
      'A2',
    ]);
  });

  it('by name as an English reader sorts them (case aside), and cut to the limit', () => {
    expect(codes(funnelTableRows(rows, { sort: 'name', order: 'asc', limit: 3 }))).toEqual([
      'A4',
      'A2',
      'A1',
    ]);
    expect(codes(funnelTableRows(rows, { sort: 'name', order: 'desc', limit: 2 }))).toEqual(['A3', 'A5']);
  });

  it('without a sort, in the rows’ order; a limit beyond the rows gives them all, as a new array', () => {
    const all = funnelTableRows(rows, { order: 'desc', limit: 99 });
    expect(codes(all)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(all).not.toBe(rows);
  });

  it('whatever the figures: a permutation of the rows, nulls after every number, numbers in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), {
          maxLength: 40,
        }),
        fc.constantFrom('asc' as const, 'desc' as const),
        (zs, order) => {
          const input = zs.map((z, i) => row(`P${i}`, `P${i}`, z));
          const out = funnelTableRows(input, { sort: 'z_adjusted', order });
          expect([...codes(out)].sort()).toEqual([...codes(input)].sort());
          const figures = out.map((r) => r.z_adjusted);
          const firstNull = figures.indexOf(null);
          if (firstNull >= 0) expect(figures.slice(firstNull).every((z) => z === null)).toBe(true);
          const numbers = figures.filter((z): z is number => z !== null);
          for (let i = 1; i < numbers.length; i++)
            expect(order === 'asc' ? numbers[i]! >= numbers[i - 1]! : numbers[i]! <= numbers[i - 1]!).toBe(
              true,
            );
        },
      ),
    );
  });
});

describe('the funnel plot: every practice as a point', () => {
  it('figures to 6 significant figures; counts whole, zero and null as they are', () => {
    expect(forDrawing(13.912345678)).toBe(13.9123);
    expect(forDrawing(-0.000123456789)).toBe(-0.000123457);
    expect(forDrawing(1e-7 / 3)).toBe(3.33333e-8);
    expect(forDrawing(999_999.5)).toBe(1_000_000);
    expect(forDrawing(1_234_567)).toBe(1_234_567);
    expect(forDrawing(0)).toBe(0);
    expect(forDrawing(null)).toBeNull();
  });

  it('within half a unit in the 6th figure of the figure it stands for', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (v) => {
        const d = forDrawing(v)!;
        expect(Math.abs(d - v)).toBeLessThanOrEqual(5e-6 * Math.abs(v) + Number.MIN_VALUE);
      }),
    );
  });

  it('columns in the rows’ order, with their flags and why figures are not computed', () => {
    const p = funnelPointsOf([row('A1', 'Beech', 1.5, 0.123456789), row('A2', 'ash', null, null)]);
    expect(p).toEqual({
      code: ['A1', 'A2'],
      name: ['Beech', 'ash'],
      denominator: [10, 10],
      value: [0.123457, null],
      flag_95: ['', ''],
      flag_99_8: ['', ''],
      not_computed: [null, { z_adjusted: 'why' }],
    });
  });
});

/** A chart drawn at the width its figure has (fitted): narrower than asked, never flatter than 3 : 2. */
import { describe, expect, it } from 'vitest';
import { fitted } from '../../web/src/charts/PlotFigure.js';

describe('a chart fitted to its figure', () => {
  it('keeps the options when the figure is as wide as the chart or wider, or not measured', () => {
    const o = { width: 900, height: 460 };
    expect(fitted(o, 960)).toBe(o);
    expect(fitted(o, 900)).toBe(o);
    expect(fitted(o, 0)).toBe(o);
  });
  it('draws a 900 × 460 funnel in a 343 px figure at 343 wide, its height no less than two thirds of that', () => {
    // in proportion 343 × 175.3; 3 : 2 is 343 × 228.7
    expect(fitted({ width: 900, height: 460 }, 343)).toEqual({ width: 343, height: 229 });
    // 700 wide: in proportion 357.8, 3 : 2 is 466.7
    expect(fitted({ width: 900, height: 460 }, 700)).toEqual({ width: 700, height: 467 });
    // a taller chart keeps its proportion: 900 × 800 in 450 px is 450 × 400 (3 : 2 would be 300)
    expect(fitted({ width: 900, height: 800 }, 450)).toEqual({ width: 450, height: 400 });
  });
  it('is never narrower than 280 px, and takes Plot’s default width of 640 when none is given', () => {
    expect(fitted({ width: 900, height: 460 }, 200)).toMatchObject({ width: 280 });
    expect(fitted({}, 320)).toEqual({ width: 320 });
  });
});

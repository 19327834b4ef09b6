/**
 * Statistical process control as in NHS England "Making Data Count" (2019) and NHSRplotthedots.
 * XmR: centre = mean, limits = mean ± 2.66 × mean moving range, moving ranges ≥ 3.267 × their mean screened out.
 * Attribute charts p and u (3σ per point), and Laney's p′ and u′ (Laney 2002) for large denominators.
 * Special-cause rules, in priority order: outside limits; a trend of 7 strictly rising or falling points (a tie
 * breaks it); 2 of 3 consecutive points beyond 2σ but within the limits (the "close to a limit" band) on the same
 * side, all three points on that side of the centre (the third may be anywhere on it, and only the two or three
 * near the limit are flagged); a run of 7 on one side of the centre (a point on the centre breaks it). Outside
 * limits, 2 of 3 and runs flag their points by side of the centre; a trend flags every point of it by its
 * direction, above or below the centre (NHSRplotthedots 0.2.2 `ptd_special_cause_type`, `ptd_point_type`).
 * With `rebaseAt`, each segment has its own centre, moving ranges and limits, and no rule spans two segments
 * (NHSRplotthedots `rebase`).
 */
export type ChartType = 'xmr' | 'p' | 'u' | 'pprime' | 'uprime';
export type Improvement = 'increase' | 'decrease' | 'neither';
export type SpecialCauseRule = 'outside_limits' | 'trend' | 'two_of_three' | 'shift';
export type SpecialCause = 'improvement' | 'concern' | 'neither' | null;
export type Assurance = 'consistent_pass' | 'consistent_fail' | 'inconsistent' | null;

export interface SpcOptions {
  chart: ChartType;
  improvement: Improvement;
  /** Indexes of points that start a new phase (limits recalculated from there). */
  rebaseAt: readonly number[];
  target?: number;
  /** Screen large moving ranges before recomputing their mean (NHSRplotthedots default). */
  screenOutliers: boolean;
}

export const SPC_DEFAULTS: SpcOptions = {
  chart: 'xmr',
  improvement: 'neither',
  rebaseAt: [],
  screenOutliers: true,
};

export interface SpcResult {
  value: Float64Array;
  centre: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  specialCause: SpecialCause[];
  /** Rules that fire at each point, in priority order. */
  rules: SpecialCauseRule[][];
  /** Assurance against the target, judged on the last phase's limits. */
  assurance: Assurance;
  /** Phases with fewer than 13 points give unreliable limits. */
  warnings: string[];
}

/** XmR constants (Making Data Count). */
export const XMR_LIMIT = 2.66;
export const MR_SCREEN = 3.267;
/** d2 for moving ranges of 2, used by Laney's σz. */
export const D2 = 1.128;

function phases(n: number, rebaseAt: readonly number[]): Array<[number, number]> {
  const starts = [0, ...rebaseAt.filter((i) => i > 0 && i < n)].sort((a, b) => a - b);
  const unique = starts.filter((s, i) => i === 0 || s !== starts[i - 1]);
  return unique.map((s, i) => [s, i + 1 < unique.length ? unique[i + 1] : n]);
}

function meanMovingRange(x: ArrayLike<number>, from: number, to: number, screen: boolean): number {
  let sum = 0;
  let count = 0;
  for (let i = from + 1; i < to; i++) {
    sum += Math.abs(x[i] - x[i - 1]);
    count++;
  }
  if (count === 0) return NaN;
  const amr = sum / count;
  // a constant series has no variation to screen (NHSRplotthedots would give NaN limits here)
  if (!screen || amr === 0) return amr;
  let s2 = 0;
  let c2 = 0;
  for (let i = from + 1; i < to; i++) {
    const mr = Math.abs(x[i] - x[i - 1]);
    if (mr < MR_SCREEN * amr) {
      s2 += mr;
      c2++;
    }
  }
  return c2 > 0 ? s2 / c2 : NaN;
}

/**
 * Compute an SPC chart. For xmr pass `values`; for p, u, p′, u′ pass numerators and denominators.
 * @example computeSpc({ values: [1,2,3] })
 */
export function computeSpc(
  data: { values?: ArrayLike<number>; numerator?: ArrayLike<number>; denominator?: ArrayLike<number> },
  options: Partial<SpcOptions> = {},
): SpcResult {
  const opts = { ...SPC_DEFAULTS, ...options };
  const chart = opts.chart;
  let n: number;
  const value = (() => {
    if (chart === 'xmr') {
      if (!data.values) throw new RangeError('an XmR chart needs values');
      n = data.values.length;
      return Float64Array.from(data.values as ArrayLike<number>);
    }
    const num = data.numerator;
    const den = data.denominator;
    if (!num || !den || num.length !== den.length)
      throw new RangeError(`a ${chart} chart needs numerators and denominators of equal length`);
    n = num.length;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!(den[i] > 0)) throw new RangeError(`point ${i + 1}: denominator must be > 0, got ${den[i]}`);
      if (num[i] < 0) throw new RangeError(`point ${i + 1}: numerator must be ≥ 0, got ${num[i]}`);
      if ((chart === 'p' || chart === 'pprime') && num[i] > den[i])
        throw new RangeError(
          `point ${i + 1}: numerator (${num[i]}) exceeds denominator (${den[i]}) on a ${chart} chart`,
        );
      v[i] = num[i] / den[i];
    }
    return v;
  })();
  n = value.length;
  const centre = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const nearLower = new Float64Array(n);
  const nearUpper = new Float64Array(n);
  const warnings: string[] = [];
  const segs = phases(n, opts.rebaseAt);

  for (const [from, to] of segs) {
    if (to - from < 13)
      warnings.push(`points ${from + 1}–${to}: fewer than 13 points; limits are unreliable`);
    if (chart === 'xmr') {
      let sum = 0;
      for (let i = from; i < to; i++) sum += value[i];
      const mean = sum / (to - from);
      const amr = meanMovingRange(value, from, to, opts.screenOutliers);
      for (let i = from; i < to; i++) {
        centre[i] = mean;
        upper[i] = mean + XMR_LIMIT * amr;
        lower[i] = mean - XMR_LIMIT * amr;
        nearUpper[i] = mean + ((2 * XMR_LIMIT) / 3) * amr;
        nearLower[i] = mean - ((2 * XMR_LIMIT) / 3) * amr;
      }
      continue;
    }
    const num = data.numerator!;
    const den = data.denominator!;
    let sx = 0;
    let sn = 0;
    for (let i = from; i < to; i++) {
      sx += num[i];
      sn += den[i];
    }
    const bar = sx / sn;
    const isP = chart === 'p' || chart === 'pprime';
    const sigma = (i: number) => Math.sqrt(isP ? (bar * (1 - bar)) / den[i] : bar / den[i]);
    // Laney: scale σ by the variation of the z-scores between points (σz = mean moving range of z / d2)
    let sigmaZ = 1;
    if (chart === 'pprime' || chart === 'uprime') {
      const zs = new Float64Array(to - from);
      for (let i = from; i < to; i++) zs[i - from] = sigma(i) > 0 ? (value[i] - bar) / sigma(i) : 0;
      sigmaZ = meanMovingRange(zs, 0, zs.length, false) / D2;
    }
    for (let i = from; i < to; i++) {
      const s = sigma(i) * sigmaZ;
      centre[i] = bar;
      upper[i] = isP ? Math.min(1, bar + 3 * s) : bar + 3 * s;
      lower[i] = Math.max(0, bar - 3 * s);
      nearUpper[i] = bar + 2 * s;
      nearLower[i] = bar - 2 * s;
    }
  }

  const { rules, side, trendDirection } = detectRules(
    value,
    centre,
    lower,
    upper,
    nearLower,
    nearUpper,
    segs,
  );
  // A point's meaning is the direction of its first rule: a point outside the limits, 2 of 3 near a limit or a
  // shift by its side of the centre; a trend by whether it rises or falls, whichever side its points are on
  // (NHSRplotthedots ptd_special_cause_type and ptd_point_type).
  const specialCause: SpecialCause[] = rules.map((r, i) => {
    if (r.length === 0) return null;
    if (opts.improvement === 'neither') return 'neither';
    const wanted = opts.improvement === 'increase' ? 1 : -1;
    const direction = r[0] === 'trend' ? trendDirection[i] : side[i];
    return direction === wanted ? 'improvement' : 'concern';
  });

  let assurance: Assurance = null;
  if (opts.target !== undefined && opts.improvement !== 'neither' && n > 0) {
    const t = opts.target;
    const up = upper[n - 1];
    const lo = lower[n - 1];
    const increasing = opts.improvement === 'increase';
    assurance =
      t > up
        ? increasing
          ? 'consistent_fail'
          : 'consistent_pass'
        : t < lo
          ? increasing
            ? 'consistent_pass'
            : 'consistent_fail'
          : 'inconsistent';
  }
  return { value, centre, lower, upper, specialCause, rules, assurance, warnings };
}

/** Mark every point of a qualifying window [end − len + 1, end]. */
function markWindow(marks: Uint8Array, end: number, len: number): void {
  for (let j = end - len + 1; j <= end; j++) marks[j] = 1;
}

function detectRules(
  y: Float64Array,
  centre: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  nearLower: Float64Array,
  nearUpper: Float64Array,
  segs: Array<[number, number]>,
): { rules: SpecialCauseRule[][]; side: Int8Array; trendDirection: Int8Array } {
  const n = y.length;
  const side = new Int8Array(n);
  const outside = new Uint8Array(n);
  const close = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    side[i] = Math.sign(y[i] - centre[i]);
    outside[i] = y[i] > upper[i] || y[i] < lower[i] ? 1 : 0;
    close[i] = !outside[i] && (y[i] > nearUpper[i] || y[i] < nearLower[i]) ? 1 : 0;
  }
  const shift = new Uint8Array(n);
  const trend = new Uint8Array(n);
  const twoOfThree = new Uint8Array(n);
  const trendDirection = new Int8Array(n);
  for (const [from, to] of segs) {
    for (let i = from + 6; i < to; i++) {
      let sameSide = side[i] !== 0;
      let up = true;
      let down = true;
      for (let j = i - 5; j <= i && (sameSide || up || down); j++) {
        if (side[j] !== side[i]) sameSide = false;
        if (!(y[j] > y[j - 1])) up = false;
        if (!(y[j] < y[j - 1])) down = false;
      }
      if (sameSide && side[i - 6] === side[i]) markWindow(shift, i, 7);
      if (up || down) markWindow(trend, i, 7);
    }
    // a trend point rises or falls towards the next point when that is in a trend too (so the peak between a rise
    // and a fall belongs to the fall, as NHSRplotthedots), else from the point before
    for (let i = from; i < to; i++) {
      if (!trend[i]) continue;
      const right = i + 1 < to && trend[i + 1] ? Math.sign(y[i + 1] - y[i]) : 0;
      trendDirection[i] = right !== 0 ? right : Math.sign(y[i] - y[i - 1]);
    }
    for (let i = from; i + 2 < to; i++) {
      const s = side[i] + side[i + 1] + side[i + 2];
      if (Math.abs(s) === 3 && close[i] + close[i + 1] + close[i + 2] >= 2) {
        for (let j = i; j <= i + 2; j++) if (close[j]) twoOfThree[j] = 1;
      }
    }
  }
  const rules: SpecialCauseRule[][] = [];
  for (let i = 0; i < n; i++) {
    const r: SpecialCauseRule[] = [];
    if (outside[i]) r.push('outside_limits');
    if (trend[i]) r.push('trend');
    if (twoOfThree[i]) r.push('two_of_three');
    if (shift[i]) r.push('shift');
    rules.push(r);
  }
  return { rules, side, trendDirection };
}

/**
 * `lantern stats <method>`: the CSV contract of docs/methods.md over the pure methods in src/stats.
 * Each method takes the parsed table and options and returns the output table, or throws InputError.
 */
import {
  adjustPValues,
  computeFunnel,
  computeSpc,
  directlyStandardisedRate,
  indirectlyStandardisedRatio,
  levelLabel,
  nearestPeers,
  poissonCount,
  poissonCusum,
  solvePoissonCusumH,
  suppressCount,
  wilsonAtZ,
  zForLevel,
  type ChartType,
  type FunnelType,
  type Improvement,
  type Overdispersion,
} from '../../stats/index.js';
import {
  AppendedTable,
  InputError,
  columnIndex,
  formatNumber as f,
  groupRows,
  numberColumn,
  rowCount,
  textColumn,
  type OutputTable,
  type Table,
} from './csv-table.js';

export interface StatsOptions {
  confidence: number[];
  by: string[];
  multiplier?: number;
  type?: FunnelType;
  target?: number;
  overdispersion?: Overdispersion;
  winsorise?: number;
  dispersion?: 'reference' | 'consistent';
  chart?: ChartType;
  improvement?: Improvement;
  rebase?: string[];
  ratio?: number;
  h?: number;
  arl?: number;
  columns?: string[];
  k?: number;
  features?: string[];
}

export type { OutputTable };

export const STATS_METHODS = [
  'proportion',
  'rate',
  'isr',
  'dsr',
  'funnel',
  'spc',
  'cusum',
  'fdr',
  'suppress',
  'peers',
] as const;
export type StatsMethod = (typeof STATS_METHODS)[number];

/** Refuse the first row whose numerator exceeds its denominator. */
function requireNumeratorsWithin(t: Table, x: Float64Array, n: Float64Array, what: string): void {
  x.forEach((xi, i) => {
    if (xi > n[i])
      throw new InputError(
        t.file,
        i + 2,
        'numerator',
        `expected a numerator ≤ the denominator (${n[i]}) ${what}, got ${xi}`,
      );
  });
}

const intervalColumns = (levels: number[]) =>
  levels.flatMap((l) => [`lower_${levelLabel(l)}`, `upper_${levelLabel(l)}`]);

/**
 * Append computed columns to every input row, keeping input order; cells(i) gives row i's, joined by commas.
 * Computed now unless `asWritten`, for cells that cannot fail, formatted as the output is written.
 */
function appendColumns(
  t: Table,
  names: string[],
  cells: (i: number) => string,
  asWritten = false,
): OutputTable {
  if (asWritten) return new AppendedTable(t, names, cells);
  const tails = new Array<string>(rowCount(t));
  for (let i = 0; i < tails.length; i++) tails[i] = cells(i);
  return new AppendedTable(t, names, (i) => tails[i]);
}

function runProportion(t: Table, o: StatsOptions): OutputTable {
  const x = numberColumn(t, 'numerator', { min: 0 });
  const n = numberColumn(t, 'denominator', { above: 0 });
  const m = o.multiplier ?? 100;
  requireNumeratorsWithin(t, x, n, 'for a proportion');
  const z = o.confidence.map(zForLevel);
  // every numerator and denominator is checked above, so the intervals cannot fail as they are written
  return appendColumns(
    t,
    ['value', ...intervalColumns(o.confidence)],
    (i) => {
      let cells = f((x[i] / n[i]) * m);
      for (const zl of z) {
        const r = wilsonAtZ(x[i], n[i], zl);
        cells += `,${f(r.lower * m)},${f(r.upper * m)}`;
      }
      return cells;
    },
    true,
  );
}

function runRate(t: Table, o: StatsOptions): OutputTable {
  const x = numberColumn(t, 'numerator', { min: 0 });
  const n = numberColumn(t, 'denominator', { above: 0 });
  const m = o.multiplier ?? 100000;
  return appendColumns(t, ['value', ...intervalColumns(o.confidence)], (i) =>
    [
      f((x[i] / n[i]) * m),
      ...o.confidence.flatMap((l) => {
        const r = poissonCount(x[i], l);
        return [f((r.lower / n[i]) * m), f((r.upper / n[i]) * m)];
      }),
    ].join(','),
  );
}

/** Rows grouped by --by and then by unit, in order of first appearance. */
function unitsWithin(t: Table, o: StatsOptions): Array<{ key: string[]; unit: string; rows: number[] }> {
  const u = textColumn(t, columnIndex(t, 'unit'));
  const byCols = o.by.map((b) => textColumn(t, columnIndex(t, b)));
  const out: Array<{ key: string[]; unit: string; rows: number[] }> = [];
  for (const g of groupRows(t, o.by)) {
    const units = new Map<string, number[]>();
    for (const i of g) {
      const key = u[i];
      if (!units.has(key)) units.set(key, []);
      units.get(key)!.push(i);
    }
    for (const [unit, rows] of units) out.push({ key: byCols.map((c) => c[g[0]]), unit, rows });
  }
  return out;
}

/** One output row per unit for a standardisation method computed at each confidence level. */
function perUnit<S>(
  t: Table,
  o: StatsOptions,
  strataOf: (rows: number[]) => S[],
  compute: (
    strata: S[],
    level: number,
  ) => { lower: number; upper: number; value: number; observed: number } & Record<string, number>,
  middle: 'expected' | 'population',
): OutputTable {
  const rows = unitsWithin(t, o).map(({ key, unit, rows }) => {
    const strata = strataOf(rows);
    const base = compute(strata, o.confidence[0]);
    return [
      ...key,
      unit,
      f(base.observed),
      f(base[middle]),
      f(base.value),
      ...o.confidence.flatMap((l) => {
        const r = compute(strata, l);
        return [f(r.lower), f(r.upper)];
      }),
    ];
  });
  return { header: [...o.by, 'unit', 'observed', middle, 'value', ...intervalColumns(o.confidence)], rows };
}

function runIsr(t: Table, o: StatsOptions): OutputTable {
  columnIndex(t, 'stratum');
  const obs = numberColumn(t, 'observed', { min: 0 });
  const pop = numberColumn(t, 'population', { min: 0 });
  const ro = numberColumn(t, 'reference_observed', { min: 0 });
  const rp = numberColumn(t, 'reference_population', { above: 0 });
  const m = o.multiplier ?? 1;
  return perUnit(
    t,
    o,
    (rows) =>
      rows.map((i) => ({
        observed: obs[i],
        population: pop[i],
        referenceObserved: ro[i],
        referencePopulation: rp[i],
      })),
    (strata, level) => indirectlyStandardisedRatio(strata, level, m),
    'expected',
  );
}

function runDsr(t: Table, o: StatsOptions): OutputTable {
  columnIndex(t, 'stratum');
  const obs = numberColumn(t, 'observed', { min: 0 });
  const pop = numberColumn(t, 'population', { above: 0 });
  const std = numberColumn(t, 'standard_population', { min: 0 });
  const m = o.multiplier ?? 100000;
  return perUnit(
    t,
    o,
    (rows) => rows.map((i) => ({ observed: obs[i], population: pop[i], standardPopulation: std[i] })),
    (strata, level) => directlyStandardisedRate(strata, level, m),
    'population',
  );
}

const FUNNEL_MULTIPLIER: Record<FunnelType, number> = { proportion: 100, ratio: 1, rate: 1000 };

function runFunnel(t: Table, o: StatsOptions): OutputTable {
  columnIndex(t, 'unit');
  const type = o.type ?? 'proportion';
  const x = numberColumn(t, 'numerator', { min: 0 });
  const n = numberColumn(t, 'denominator', { above: 0 });
  if (type === 'proportion') requireNumeratorsWithin(t, x, n, 'for a proportion');
  const cells: string[] = new Array(rowCount(t));
  for (const g of groupRows(t, o.by)) {
    const r = computeFunnel(
      g.map((i) => x[i]),
      g.map((i) => n[i]),
      {
        type,
        target: o.target,
        overdispersion: o.overdispersion ?? 'additive',
        winsorise: o.winsorise ?? 0.1,
        dispersion: o.dispersion ?? 'reference',
        levels: o.confidence,
        multiplier: o.multiplier ?? FUNNEL_MULTIPLIER[type],
      },
    );
    const target = r.target * r.multiplier;
    g.forEach((row, j) => {
      cells[row] = [
        f(r.value[j]),
        f(target),
        f(r.z[j]),
        f(r.zAdjusted[j]),
        f(r.p[j]),
        ...o.confidence.flatMap((_, l) => [f(r.lower[l][j]), f(r.upper[l][j])]),
        f(r.phi),
        f(r.tau2),
        ...o.confidence.map((_, l) => (r.flag[l][j] > 0 ? 'high' : r.flag[l][j] < 0 ? 'low' : '')),
      ].join(',');
    });
  }
  const flags = o.confidence.map((l) => `flag_${levelLabel(l)}`);
  return appendColumns(
    t,
    ['value', 'target', 'z', 'z_adjusted', 'p', ...intervalColumns(o.confidence), 'phi', 'tau2', ...flags],
    (i) => cells[i],
  );
}

/** Order rows within a group by period (numerically when every period is a number). */
function byPeriod(t: Table, g: number[]): number[] {
  const p = textColumn(t, columnIndex(t, 'period'));
  const numeric = g.every((i) => /^[+-]?\d+(\.\d+)?$/.test(p[i]));
  return [...g].sort((a, b) => {
    const pa = p[a];
    const pb = p[b];
    return numeric ? Number(pa) - Number(pb) : pa < pb ? -1 : pa > pb ? 1 : 0;
  });
}

function checkUniquePeriods(t: Table, ordered: number[]): void {
  const p = textColumn(t, columnIndex(t, 'period'));
  for (let j = 1; j < ordered.length; j++)
    if (p[ordered[j]] === p[ordered[j - 1]])
      throw new InputError(
        t.file,
        ordered[j] + 2,
        'period',
        `expected each period once per series, got "${p[ordered[j]]}" again (use --by to separate series)`,
      );
}

function runSpc(t: Table, o: StatsOptions): OutputTable {
  const chart = o.chart ?? 'xmr';
  const p = textColumn(t, columnIndex(t, 'period'));
  const values = chart === 'xmr' ? numberColumn(t, 'value') : null;
  const num = chart === 'xmr' ? null : numberColumn(t, 'numerator', { min: 0 });
  const den = chart === 'xmr' ? null : numberColumn(t, 'denominator', { above: 0 });
  if (num && den && (chart === 'p' || chart === 'pprime'))
    requireNumeratorsWithin(t, num, den, `on a ${chart} chart`);
  // each row's results are kept as numbers and formatted as the output is written
  const n = rowCount(t);
  const centre = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const cause = new Array<string>(n);
  const rules = new Array<string>(n);
  const assurance = new Array<string>(n);
  for (const g of groupRows(t, o.by)) {
    const ordered = byPeriod(t, g);
    checkUniquePeriods(t, ordered);
    const rebaseAt = (o.rebase ?? []).map((r) => ordered.findIndex((i) => p[i] === r)).filter((i) => i > 0);
    const r = computeSpc(
      values
        ? { values: ordered.map((i) => values[i]) }
        : { numerator: ordered.map((i) => num![i]), denominator: ordered.map((i) => den![i]) },
      { chart, improvement: o.improvement ?? 'neither', rebaseAt, target: o.target },
    );
    const a = r.assurance ?? '';
    ordered.forEach((row, j) => {
      centre[row] = r.centre[j];
      lower[row] = r.lower[j];
      upper[row] = r.upper[j];
      cause[row] = r.specialCause[j] ?? '';
      rules[row] = r.rules[j].length === 0 ? '' : r.rules[j].join(';');
      assurance[row] = a;
    });
  }
  return appendColumns(
    t,
    ['centre', 'lower', 'upper', 'special_cause', 'rules', 'assurance'],
    (i) => `${f(centre[i])},${f(lower[i])},${f(upper[i])},${cause[i]},${rules[i]},${assurance[i]}`,
    true,
  );
}

function runCusum(t: Table, o: StatsOptions): OutputTable {
  columnIndex(t, 'period');
  const obs = numberColumn(t, 'observed', { min: 0 });
  const exp = numberColumn(t, 'expected', { above: 0 });
  const ratio = o.ratio ?? 2;
  const cells: string[] = new Array(rowCount(t));
  for (const g of groupRows(t, o.by)) {
    const ordered = byPeriod(t, g);
    checkUniquePeriods(t, ordered);
    const meanE = ordered.reduce((s, i) => s + exp[i], 0) / ordered.length;
    const h = o.h ?? solvePoissonCusumH(meanE, ratio, o.arl ?? 100);
    const r = poissonCusum(
      ordered.map((i) => obs[i]),
      ordered.map((i) => exp[i]),
      ratio,
      h,
    );
    ordered.forEach((row, j) => {
      cells[row] = [
        f(r.high[j]),
        f(r.low[j]),
        r.signalHigh[j] ? 'true' : 'false',
        r.signalLow[j] ? 'true' : 'false',
        f(h),
      ].join(',');
    });
  }
  return appendColumns(t, ['cusum_high', 'cusum_low', 'signal_high', 'signal_low', 'h'], (i) => cells[i]);
}

function runFdr(t: Table, o: StatsOptions): OutputTable {
  const p = numberColumn(t, 'p', { min: 0, optional: true });
  p.forEach((v, i) => {
    if (v > 1) throw new InputError(t.file, i + 2, 'p', `expected a p-value between 0 and 1, got ${v}`);
  });
  const bh = new Float64Array(p.length);
  const by = new Float64Array(p.length);
  const bonferroni = new Float64Array(p.length);
  for (const g of groupRows(t, o.by)) {
    const r = adjustPValues(g.map((i) => p[i]));
    g.forEach((row, j) => {
      bh[row] = r.bh[j];
      by[row] = r.by[j];
      bonferroni[row] = r.bonferroni[j];
    });
  }
  return appendColumns(
    t,
    ['q_bh', 'q_by', 'p_bonferroni'],
    (i) => `${f(bh[i])},${f(by[i])},${f(bonferroni[i])}`,
    true,
  );
}

function runSuppress(t: Table, o: StatsOptions): OutputTable {
  const names = o.columns ?? [];
  if (names.length === 0)
    throw new InputError(t.file, null, null, 'name the count columns to suppress with --columns a,b');
  const cols = names.map((n) => ({
    name: n,
    index: columnIndex(t, n),
    values: numberColumn(t, n, { min: 0, integer: true }),
  }));
  return {
    header: [...t.header, 'suppressed'],
    rows: t.rows.map((row, i) => {
      const out = [...row];
      let any = false;
      for (const c of cols) {
        const r = suppressCount(c.values[i]);
        if (r.kind === 'suppressed') any = true;
        out[c.index] = r.kind === 'value' ? String(r.value) : '';
      }
      return [...out, any ? 'true' : 'false'];
    }),
  };
}

function runPeers(t: Table, o: StatsOptions): OutputTable {
  const u = columnIndex(t, 'unit');
  const skip = new Set(['unit', ...o.by]);
  const features =
    o.features ??
    t.header.filter(
      (h) =>
        !skip.has(h) &&
        t.rows.every(
          (r) => r[t.header.indexOf(h)].trim() !== '' && !Number.isNaN(Number(r[t.header.indexOf(h)])),
        ),
    );
  if (features.length === 0)
    throw new InputError(t.file, 1, null, 'expected at least one numeric feature column besides unit');
  const cols = features.map((name) => numberColumn(t, name));
  const rows: string[][] = [];
  const byCols = o.by.map((b) => columnIndex(t, b));
  for (const g of groupRows(t, o.by)) {
    const matches = nearestPeers(
      g.map((i) => cols.map((c) => c[i])),
      o.k ?? 10,
    );
    for (const m of matches)
      rows.push([
        ...byCols.map((c) => t.rows[g[m.unit]][c]),
        t.rows[g[m.unit]][u],
        t.rows[g[m.peer]][u],
        String(m.rank),
        f(m.distance),
      ]);
  }
  return { header: [...o.by, 'unit', 'peer', 'rank', 'distance'], rows };
}

const RUNNERS: Record<StatsMethod, (t: Table, o: StatsOptions) => OutputTable> = {
  proportion: runProportion,
  rate: runRate,
  isr: runIsr,
  dsr: runDsr,
  funnel: runFunnel,
  spc: runSpc,
  cusum: runCusum,
  fdr: runFdr,
  suppress: runSuppress,
  peers: runPeers,
};

export function runStatsMethod(method: StatsMethod, table: Table, options: StatsOptions): OutputTable {
  try {
    return RUNNERS[method](table, options);
  } catch (e) {
    // a method's own argument check (e.g. a band with population 0) becomes a file-level message
    if (e instanceof RangeError) throw new InputError(table.file, null, null, e.message);
    throw e;
  }
}

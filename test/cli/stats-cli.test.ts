import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { reference, expectAllClose } from '../reference.js';
import { runStatsMethod, type StatsOptions } from '../../src/cli/stats/methods.js';
import type { Table } from '../../src/cli/stats/csv-table.js';

const dir = mkdtempSync(join(tmpdir(), 'lantern-stats-'));
const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
const defaults: StatsOptions = { confidence: [0.95, 0.998], by: [] };

function table(csv: string): Table {
  const [header, ...rows] = parse(csv.trim()) as string[][];
  return { file: 'input.csv', header, rows };
}

function run(args: string[], input: string) {
  const inFile = join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
  const outFile = `${inFile}.out.csv`;
  writeFileSync(inFile, input);
  const r = spawnSync(process.execPath, [bin, 'stats', ...args, '--in', inFile, '--out', outFile], {
    encoding: 'utf8',
  });
  return {
    status: r.status,
    stderr: r.stderr,
    out: existsSync(outFile) ? readFileSync(outFile, 'utf8') : null,
  };
}

describe('lantern stats: contract', () => {
  it('funnel keeps input columns in order and appends the contract columns, values as the reference', () => {
    const c = reference.funnel_proportion;
    const csv =
      'unit,numerator,denominator,region\n' +
      c.numerator.map((x: number, i: number) => `U${i},${x},${c.denominator[i]},north`).join('\n');
    const out = runStatsMethod('funnel', table(csv), { ...defaults, multiplier: 1 });
    expect(out.header).toEqual([
      'unit',
      'numerator',
      'denominator',
      'region',
      'value',
      'target',
      'z',
      'z_adjusted',
      'p',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'phi',
      'tau2',
      'flag_95',
      'flag_99_8',
    ]);
    expectAllClose(
      out.rows.map((r) => Number(r[12])),
      c.upper_99_8,
      'upper_99_8',
    );
    expect(out.rows[0].slice(0, 4)).toEqual([
      'U0',
      String(c.numerator[0]),
      String(c.denominator[0]),
      'north',
    ]);
  });
  it('--by processes each group independently and keeps input order', () => {
    const csv =
      'period,unit,numerator,denominator\n1,A,10,100\n2,A,12,100\n1,B,50,100\n2,B,40,100\n1,C,20,100\n2,C,25,100';
    const out = runStatsMethod('funnel', table(csv), { ...defaults, by: ['period'] });
    expect(out.rows.map((r) => r[0] + r[1])).toEqual(['1A', '2A', '1B', '2B', '1C', '2C']);
    const t1 = Number(out.rows[0][5]);
    const t2 = Number(out.rows[1][5]);
    expect(t1).toBeCloseTo((80 / 300) * 100, 10);
    expect(t2).toBeCloseTo((77 / 300) * 100, 10);
  });
  it('spc orders by period within each series and writes rules and special causes', () => {
    const values = [5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6];
    const csv =
      'series,period,value\n' +
      values
        .map((v, i) => `s,2020-${String(i + 1).padStart(2, '0')},${v}`)
        .reverse()
        .join('\n');
    const out = runStatsMethod('spc', table(csv), { ...defaults, by: ['series'], improvement: 'increase' });
    const last = out.rows.find((r) => r[1] === '2020-14')!;
    expect(last[out.header.indexOf('rules')].split(';')).toContain('shift');
    expect(last[out.header.indexOf('special_cause')]).toBe('improvement');
  });
  it('fdr appends q-values as R p.adjust', () => {
    const c = reference.fdr;
    const out = runStatsMethod('fdr', table('p\n' + c.p.join('\n')), defaults);
    expectAllClose(
      out.rows.map((r) => Number(r[1])),
      c.bh,
      'q_bh',
    );
    expectAllClose(
      out.rows.map((r) => Number(r[2])),
      c.by,
      'q_by',
    );
  });
  it('isr gives one row per unit', () => {
    const c = reference.isr;
    const csv =
      'unit,stratum,observed,population,reference_observed,reference_population\n' +
      c.observed
        .map(
          (o: number, i: number) =>
            `P1,${i},${o},${c.population[i]},${c.reference_observed[i]},${c.reference_population[i]}`,
        )
        .join('\n');
    const out = runStatsMethod('isr', table(csv), defaults);
    expect(out.header).toEqual([
      'unit',
      'observed',
      'expected',
      'value',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
    ]);
    expect(out.rows).toHaveLength(1);
    expectAllClose([Number(out.rows[0][3]), Number(out.rows[0][4])], [c.value, c.limits[0].lower], 'isr');
  });
  it('suppress rounds in place and marks suppressed rows', () => {
    const out = runStatsMethod('suppress', table('org,count,total\nA,3,100\nB,12,99\nC,0,0'), {
      ...defaults,
      columns: ['count', 'total'],
    });
    expect(out.rows).toEqual([
      ['A', '', '100', 'true'],
      ['B', '10', '100', 'false'],
      ['C', '0', '0', 'false'],
    ]);
  });
  it('peers lists k neighbours per unit', () => {
    const out = runStatsMethod('peers', table('unit,a,b\nA,1,2\nB,2,1\nC,3,5\nD,8,1\nE,2,2'), {
      ...defaults,
      k: 2,
    });
    expect(out.header).toEqual(['unit', 'peer', 'rank', 'distance']);
    expect(out.rows.filter((r) => r[0] === 'A')).toHaveLength(2);
  });
  it('cusum solves h for the ARL and reports it on every row', () => {
    const out = runStatsMethod('cusum', table('period,observed,expected\n1,5,5\n2,9,5\n3,12,5\n4,4,5'), {
      ...defaults,
      arl: 100,
    });
    const h = Number(out.rows[0][out.header.indexOf('h')]);
    expect(h).toBeGreaterThan(1);
    expect(out.rows.every((r) => Number(r[out.header.indexOf('h')]) === h)).toBe(true);
  });
});

describe('lantern stats: bad input is refused with row and column, and no output is written', () => {
  const cases: Array<[string, string[], string, RegExp]> = [
    [
      'non-numeric',
      ['proportion'],
      'numerator,denominator\n1,10\nx,10\n',
      /line 3, column numerator: expected a number ≥ 0, got "x"/,
    ],
    [
      'negative count',
      ['rate'],
      'numerator,denominator\n-1,10\n',
      /line 2, column numerator: expected a number ≥ 0, got -1/,
    ],
    [
      'numerator > denominator',
      ['proportion'],
      'numerator,denominator\n11,10\n',
      /line 2, column numerator: expected a numerator ≤ the denominator \(10\)/,
    ],
    [
      'missing column',
      ['funnel'],
      'unit,numerator\nA,1\n',
      /line 1, column denominator: missing column "denominator"/,
    ],
    ['empty file', ['fdr'], '', /the file is empty/],
    ['header only', ['fdr'], 'p\n', /no data rows/],
    ['ragged row', ['proportion'], 'numerator,denominator\n1,2,3\n', /line 2.*not valid CSV/],
    ['ragged row, quoted', ['proportion'], 'numerator,denominator\n"1",2,3\n', /line 2.*not valid CSV/],
    [
      'ragged row after an empty line',
      ['proportion'],
      'numerator,denominator\n1,2\n\n1\n',
      /line 4.*not valid CSV: expected 2 fields as in the header, got 1/,
    ],
    [
      'a count read as ∞ (found as the output is written)',
      ['proportion'],
      'numerator,denominator\n1,10\n1e400,1e400\n',
      /numerator must be a finite number ≥ 0, got Infinity/,
    ],
    [
      'duplicate period',
      ['spc'],
      'period,value\n1,2\n1,3\n',
      /line 3, column period: expected each period once/,
    ],
  ];
  for (const [name, args, input, message] of cases) {
    it(`${name}`, () => {
      const r = run(args, input);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.out).toBeNull();
    });
  }
  it('a good run exits 0 and writes the file', () => {
    const r = run(['proportion'], 'numerator,denominator\n3,10\n');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^numerator,denominator,value,lower_95/);
  });
  it('a quoted file with CRLF line endings gives the same output as the plain one', () => {
    const plain = run(['proportion'], 'unit,numerator,denominator\nA,3,10\n\nB,0,7\n');
    const quoted = run(['proportion'], 'unit,numerator,denominator\r\n"A",3,10\r\nB,"0",7\r\n');
    expect(plain.status).toBe(0);
    expect(quoted.out).toBe(plain.out);
  });
  it('every subcommand has --help', () => {
    expect(execFileSync(process.execPath, [bin, 'stats', '--help'], { encoding: 'utf8' })).toMatch(
      /--confidence/,
    );
  });
});

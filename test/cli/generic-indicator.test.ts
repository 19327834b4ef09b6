/** A commissioner's local indicator end to end through the CLI: define it, load the generic CSV, refuse bad rows. */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';

const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lantern-generic-'));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANTERN_DATA_DIR: join(dir, 'store'), DATABASE_URL: '' },
  });

it('defines a local indicator, loads it from the generic CSV, and refuses a numerator above its denominator', () => {
  const area = writeSyntheticArea(join(dir, 'area'));
  expect(run('ingest', join(area, 'epraccur_synthetic.csv')).status).toBe(0);
  const unknown = join(dir, 'unknown.csv');
  writeFileSync(
    unknown,
    'indicator_code,organisation_code,period,numerator,denominator,value\nlocal_dna_rate,Z10001,2024-05,12,400,\n',
  );
  const u = run('ingest', unknown);
  expect(u.status).toBe(1);
  expect(u.stderr).toMatch(
    /unknown.csv line 2, column indicator_code: expected an indicator Lantern knows: define it first/,
  );

  const d = run(
    'indicators',
    'define',
    '--code',
    'local_dna_rate',
    '--title',
    'Missed appointments (local audit)',
    '--domain',
    'access',
    '--direction',
    'lower_better',
    '--method',
    'proportion',
    '--unit',
    '%',
    '--multiplier',
    '100',
    '--source',
    'ICB audit',
    '--how-to-read',
    'Share of booked appointments missed.',
  );
  expect(d.stdout).toMatch(/Defined local_dna_rate version 1/);

  const good = join(dir, 'good.csv');
  writeFileSync(
    good,
    'indicator_code,organisation_code,period,numerator,denominator,value\nlocal_dna_rate,Z10001,2024-05,12,400,\nlocal_dna_rate,Z10002,2024-25,30,1200,\n',
  );
  const g = run('ingest', good);
  expect(g.stderr).toBe('');
  expect(g.stdout).toMatch(
    /good.csv \(generic-indicator, load \d+\): 2 rows read; 2 values added, 0 unchanged, 0 superseded/,
  );

  const bad = join(dir, 'bad.csv');
  writeFileSync(
    bad,
    'indicator_code,organisation_code,period,numerator,denominator,value\nlocal_dna_rate,Z10003,2024-05,12,400,\nlocal_dna_rate,Z10004,2024-05,500,400,\n',
  );
  const b = run('ingest', bad);
  expect(b.status).toBe(1);
  expect(b.stderr).toMatch(
    /bad.csv line 3, column numerator: expected a numerator no larger than the denominator \(400\) for local_dna_rate, a proportion, got "500"/,
  );
  expect(b.stderr).toMatch(/Nothing was loaded from bad.csv/);
  // six CLI processes, each compiling TypeScript at start: two minutes on a loaded 2-core machine
}, 300_000);

/**
 * The embedded store's capacity: a load that would take it beyond LANTERN_EMBEDDED_MAX_VALUES is refused whole,
 * with a message naming the file, the values held and added, the limit and the way out, and nothing is written; a
 * PostgreSQL server has no such limit. Values are of a local indicator for the synthetic demo area's practices.
 */
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { EMBEDDED_MAX_VALUES } from '../../src/db/capacity.js';
import { ConfigError, readConfig } from '../../src/config/env.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { LoadRejected, StoreFull } from '../../src/ingest/errors.js';
import { valuesBeyondCapacity } from '../../src/ingest/capacity-check.js';
import { countValues, valuesAtMost } from '../../src/db/repos/load-values.js';
import { describeEachDatabase, tableCounts } from './databases.js';
import { defineLocalIndicator } from '../api/sessions.js';

const dir = mkdtempSync(join(tmpdir(), 'lantern-capacity-'));
const area = writeSyntheticArea(join(dir, 'area'));
const LIMIT = 5;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A generic indicator file of one month's values for the first `practices` synthetic practices. */
function valuesFile(name: string, period: string, practices: number): string {
  const path = join(dir, name);
  const rows = Array.from(
    { length: practices },
    (_, i) => `local_dna_rate,Z${10001 + i},${period},${10 + i},${400 + i},`,
  );
  writeFileSync(
    path,
    ['indicator_code,organisation_code,period,numerator,denominator,value', ...rows].join('\n') + '\n',
  );
  return path;
}

const storedValues = (db: Database) =>
  db.query(
    'SELECT indicator_code, org_code, period_start, numerator, denominator, load_id FROM indicator_values ORDER BY 1, 2, 3',
  );

describeEachDatabase('embedded store capacity', (t) => {
  let db: Database;
  beforeEach(async () => {
    db = await t.open({ embeddedMaxValues: LIMIT });
    await ingestFile(db, join(area, 'epraccur_synthetic.csv'));
    await defineLocalIndicator(db);
    expect((await ingestFile(db, valuesFile('may.csv', '2024-05', 3))).values.inserted).toBe(3);
  });
  afterEach(() => t.dispose(db));

  it('bounds the values stored from the table size alone: never below the count, and near it', async () => {
    // 20,000 more rows written straight in (a load's checks are not what this measures)
    await db.query(
      `INSERT INTO indicator_values (indicator_code, definition_version, org_code, period_start, period_end, numerator, denominator, value, load_id)
       SELECT 'local_dna_rate', 1, 'Z10001', d::date, d::date, 1, 10, 10, (SELECT max(id) FROM loads)
       FROM generate_series('1900-01-01'::date, '1900-01-01'::date + 19999, '1 day') AS d`,
    );
    const count = await countValues(db);
    expect(count).toBe(20_003);
    const bound = await valuesAtMost(db);
    expect(bound).toBeGreaterThanOrEqual(count);
    expect(bound).toBeLessThan(3 * count);
  });

  if (t.name === 'pglite') {
    it('refuses a load beyond the capacity whole, naming the file, the values held and added, the limit and DATABASE_URL', async () => {
      const before = await tableCounts(db);
      const values = await storedValues(db);
      const refused = await ingestFile(db, valuesFile('june.csv', '2024-06', 3)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StoreFull);
      expect(refused).toBeInstanceOf(LoadRejected); // reported like any refused file by the CLI, the API and fetch
      expect((refused as Error).message).toBe(
        'june.csv: expected at most 5 indicator values in the embedded database (LANTERN_EMBEDDED_MAX_VALUES), but it holds 3 and this file adds up to 3 (6 in all)\n' +
          'Nothing was loaded from june.csv.\n' +
          'For a store this large use a PostgreSQL server: set DATABASE_URL (see README, "Capacity of the embedded store").',
      );
      expect(await tableCounts(db)).toEqual(before);
      expect(await storedValues(db)).toEqual(values);
    });

    it('takes a load that brings the store exactly to its capacity, and refuses the next value', async () => {
      expect((await ingestFile(db, valuesFile('june.csv', '2024-06', 2))).values.inserted).toBe(2);
      expect(await storedValues(db)).toHaveLength(LIMIT);
      await expect(ingestFile(db, valuesFile('july.csv', '2024-07', 1))).rejects.toThrow(
        /^july\.csv: expected at most 5 indicator values .* it holds 5 and this file adds up to 1 \(6 in all\)/,
      );
    });

    it('says at start when the store already holds more than its capacity', async () => {
      expect(await valuesBeyondCapacity(db)).toBeNull();
      const dump = await (db as Database & { dump(): Promise<Blob> }).dump();
      const smaller = await openDatabase({ dataDir: 'memory://', loadDataDir: dump, embeddedMaxValues: 2 });
      try {
        expect(smaller.valueLimit).toBe(2);
        expect(await valuesBeyondCapacity(smaller)).toBe(3);
      } finally {
        await smaller.close();
      }
    });
  } else {
    it('has no capacity limit on PostgreSQL', async () => {
      expect(db.valueLimit).toBeNull();
      expect((await ingestFile(db, valuesFile('june.csv', '2024-06', 3))).values.inserted).toBe(3);
      expect(await storedValues(db)).toHaveLength(6);
      expect(await valuesBeyondCapacity(db)).toBeNull();
    });
  }
});

it('reads LANTERN_EMBEDDED_MAX_VALUES, defaulting to the measured capacity, and refuses what is not a count', () => {
  expect(readConfig({}).embeddedMaxValues).toBe(EMBEDDED_MAX_VALUES);
  expect(readConfig({ LANTERN_EMBEDDED_MAX_VALUES: '1000000' }).embeddedMaxValues).toBe(1_000_000);
  expect(() => readConfig({ LANTERN_EMBEDDED_MAX_VALUES: '2e' })).toThrow(ConfigError);
  expect(() => readConfig({ LANTERN_EMBEDDED_MAX_VALUES: '0' })).toThrow(
    /LANTERN_EMBEDDED_MAX_VALUES must be a whole number of indicator values of at least 1 .*got "0"/,
  );
});

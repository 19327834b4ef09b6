/**
 * Two loads of the same file at once (two uploads, or `lantern ingest` beside `npm start`) record one load: the
 * second waits for the first and reports it as already loaded.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { describeEachDatabase, tableCounts } from './databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';

const FILE = shared('ods/eccg_2016-01.csv');

if (HAS_SHARED_DATA)
  describeEachDatabase('loading the same file twice at once', (t) => {
    let db: Database;
    beforeAll(async () => {
      db = await t.open();
    }, 120_000);
    afterAll(() => t.dispose(db));

    it('records one load; the other reports it as already loaded', async () => {
      const [a, b] = await Promise.all([ingestFile(db, FILE), ingestFile(db, FILE)]);
      const loads = await db.query<{ id: number }>('SELECT id FROM loads ORDER BY id');
      expect(loads).toHaveLength(1);
      const reports = [a, b].sort((x, y) => (x.loadId === null ? 1 : 0) - (y.loadId === null ? 1 : 0));
      expect(reports[0]!.loadId).toBe(loads[0]!.id);
      expect(reports[0]!.alreadyLoadedAs).toBeNull();
      expect(reports[1]!.loadId).toBeNull();
      expect(reports[1]!.alreadyLoadedAs).toBe(loads[0]!.id);
    });

    it('a third load of it, once both are done, changes nothing', async () => {
      const before = await tableCounts(db);
      const c = await ingestFile(db, FILE);
      expect(c.alreadyLoadedAs).not.toBeNull();
      expect(await tableCounts(db)).toEqual(before);
    });
  });

/** The set-up repository (src/db/repos/setup.ts): the first start's record and the loads it looks at, on both databases. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { completeSetupStep, loadedFiles, setupStep, startSetupStep } from '../../src/db/repos/setup.js';
import { describeEachDatabase } from './databases.js';

describeEachDatabase('set-up steps', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  it('a step is recorded once when it starts, keeps its details, and is completed later', async () => {
    expect(await setupStep(db, 'first_start')).toBeUndefined();
    await startSetupStep(db, 'first_start', { folder: '/data/sample', synthetic: false });
    const started = await setupStep(db, 'first_start');
    expect(started).toMatchObject({
      step: 'first_start',
      details: { folder: '/data/sample', synthetic: false },
    });
    expect(started!.completedAt).toBeNull();
    expect(Number.isNaN(Date.parse(started!.startedAt))).toBe(false);
    // started again (an interrupted start run anew): the first record stands
    await startSetupStep(db, 'first_start', { folder: '/elsewhere', synthetic: true });
    expect((await setupStep(db, 'first_start'))!.details).toEqual({
      folder: '/data/sample',
      synthetic: false,
    });
    await completeSetupStep(db, 'first_start');
    const done = await setupStep(db, 'first_start');
    expect(done!.completedAt).not.toBeNull();
    expect(Date.parse(done!.completedAt!)).toBeGreaterThanOrEqual(Date.parse(done!.startedAt));
  });

  it('counts the loaded files and tells whether any is the synthetic area’s', async () => {
    expect(await loadedFiles(db)).toEqual({ files: 0, synthetic: false });
    const load = (name: string) =>
      db.query(
        `INSERT INTO loads (source, file_name, checksum, rows_read, rows_accepted, started_at)
         VALUES ('qof', $1, md5($1), 0, 0, now())`,
        [name],
      );
    await load('qof/2024.csv');
    expect(await loadedFiles(db)).toEqual({ files: 1, synthetic: false });
    await load('synthetic/qof.csv');
    expect(await loadedFiles(db)).toEqual({ files: 2, synthetic: true });
  });
});

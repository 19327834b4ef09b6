import { afterAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/connect.js';

const dir = join(mkdtempSync(join(tmpdir(), 'lantern-lock-')), 'data');
let db: Database | null = null;
afterAll(() => db?.close());

it('a second process opening the same embedded data directory gets a clear error, not a shared store', async () => {
  db = await openDatabase({ dataDir: dir });
  const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, 'ingest', '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, LANTERN_DATA_DIR: dir, DATABASE_URL: '' },
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    new RegExp(`data directory ${dir.replace(/[/.]/g, '\\$&')} is in use by process ${process.pid}`),
  );
});

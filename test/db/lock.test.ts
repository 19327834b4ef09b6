import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { acquireDataDirLock, bootId, DataDirLockedError, processStartTime } from '../../src/db/lock.js';

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

describe('a stale lock is taken over; a live holder keeps it', () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'lantern-lock-'));
  const lockOf = (d: string) => join(d, 'lantern.lock');
  const record = (over: Record<string, unknown>) =>
    JSON.stringify({
      pid: process.ppid,
      startTime: processStartTime(process.ppid),
      bootId: bootId(),
      token: 'someone-else',
      ...over,
    });
  const takesOver = (d: string) => {
    const release = acquireDataDirLock(d);
    expect(JSON.parse(readFileSync(lockOf(d), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(lockOf(d))).toBe(false);
  };

  it('a lock naming a live but unrelated pid (the pid was reused: it started at another time) is stale', () => {
    const d = fresh();
    writeFileSync(lockOf(d), record({ startTime: processStartTime(process.ppid)! + 1 }));
    takesOver(d);
  });
  it('a lock naming this very process, which does not hold it (a container restarted as pid 1), is stale', () => {
    const d = fresh();
    writeFileSync(lockOf(d), record({ pid: process.pid, startTime: processStartTime(process.pid) }));
    takesOver(d);
  });
  it('a lock from before the machine restarted is stale', () => {
    const d = fresh();
    writeFileSync(lockOf(d), record({ bootId: '00000000-0000-4000-8000-000000000000' }));
    takesOver(d);
  });
  it('a bare pid (older versions) whose process started after the lock was written is stale', () => {
    const d = fresh();
    writeFileSync(lockOf(d), String(process.ppid));
    utimesSync(lockOf(d), new Date('2001-01-01'), new Date('2001-01-01'));
    takesOver(d);
  });
  it('the live holder keeps it: its own record, a bare pid written after it started, a second lock in-process', () => {
    const d = fresh();
    writeFileSync(lockOf(d), record({}));
    expect(() => acquireDataDirLock(d)).toThrow(DataDirLockedError);
    writeFileSync(lockOf(d), String(process.ppid));
    expect(() => acquireDataDirLock(d)).toThrow(`in use by process ${process.ppid}`);
    const e = fresh();
    const release = acquireDataDirLock(e);
    expect(() => acquireDataDirLock(e)).toThrow(`in use by process ${process.pid}`);
    release();
    acquireDataDirLock(e)();
  });
});

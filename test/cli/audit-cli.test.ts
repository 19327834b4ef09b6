/** `lantern audit verify` on a tampered store names every entry that does not fit, and exits 1. */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/connect.js';
import { appendAudit } from '../../src/auth/audit.js';

const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;

it('lantern audit verify lists every break (an altered entry and a later deletion), not only the first', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'lantern-audit-')), 'store');
  const db = await openDatabase({ dataDir: store });
  for (let i = 1; i <= 6; i++)
    await appendAudit(db, {
      actorUserId: null,
      actor: i === 2 ? '\ud800@x.invalid' : 'cli',
      role: null,
      action: 'auth.sign_in',
      target: null,
      outcome: 'failure',
    });
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  await db.query(`UPDATE audit_log SET action = 'auth.sign_out' WHERE seq = 3`);
  await db.query('DELETE FROM audit_log WHERE seq = 5');
  await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  await db.close();

  const r = spawnSync(process.execPath, [bin, 'audit', 'verify'], {
    encoding: 'utf8',
    env: { ...process.env, LANTERN_DATA_DIR: store, DATABASE_URL: '' },
  });
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toBe(
    'The audit trail is NOT intact: 2 of its 5 entries do not fit the chain.\n' +
      '  entry 3 has been altered: its content no longer matches its hash.\n' +
      '  entry 5 is missing (the next entry is 6): entries were deleted.\n',
  );
}, 120_000);

/** `lantern users` and `lantern audit verify` end to end on a fresh store. */
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { openDatabase } from '../../src/db/connect.js';
import { checkPassword } from '../../src/auth/users.js';

const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lantern-users-'));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANTERN_DATA_DIR: join(dir, 'store'), DATABASE_URL: '' },
  });

it('adds, grants, lists and revokes accounts, sets passwords, disables and enables, refuses weak passwords and bad grants, and the audit chain verifies', async () => {
  const area = writeSyntheticArea(join(dir, 'area'));
  expect(run('ingest', join(area, 'epraccur_synthetic.csv')).status).toBe(0);
  writeFileSync(join(dir, 'weak.txt'), 'password1234\n');
  writeFileSync(join(dir, 'good.txt'), 'plum kettle orbit lantern\n');

  const weak = run(
    'users',
    'add',
    '--email',
    'lead@icb.invalid',
    '--password-file',
    join(dir, 'weak.txt'),
    '--role',
    'commissioner_lead',
    '--org',
    '9Z1',
  );
  expect(weak.status).toBe(1);
  expect(weak.stderr).toMatch(/lantern users add: that password is too easy to guess/);

  const wrongOrg = run(
    'users',
    'add',
    '--email',
    'lead@icb.invalid',
    '--password-file',
    join(dir, 'good.txt'),
    '--role',
    'practice_user',
    '--org',
    '9Z1',
  );
  expect(wrongOrg.status).toBe(1);
  expect(wrongOrg.stderr).toMatch(
    /a practice_user grant names an organisation of type practice; 9Z1 is a sub_icb/,
  );

  const add = run(
    'users',
    'add',
    '--email',
    'lead@icb.invalid',
    '--password-file',
    join(dir, 'good.txt'),
    '--role',
    'commissioner_lead',
    '--org',
    '9Z1',
  );
  expect(add.stdout).toBe('Created lead@icb.invalid with commissioner_lead over 9Z1.\n');
  expect(run('users', 'grant', '--email', 'lead@icb.invalid', '--role', 'admin').stdout).toMatch(
    /Granted admin to lead@icb.invalid/,
  );
  expect(run('users', 'list').stdout).toMatch(/lead@icb\.invalid\s+local admin, commissioner_lead@9Z1/);
  expect(run('users', 'revoke', '--email', 'lead@icb.invalid', '--role', 'admin').stdout).toMatch(
    /Revoked admin from lead@icb.invalid; 0 session/,
  );
  expect(run('users', 'revoke', '--email', 'lead@icb.invalid', '--role', 'admin').stderr).toMatch(
    /has no admin grant/,
  );
  expect(
    run(
      'users',
      'add',
      '--email',
      'x@y.invalid',
      '--password-file',
      join(dir, 'good.txt'),
      '--role',
      'nobody',
    ).stderr,
  ).toMatch(/argument 'nobody' is invalid. Allowed choices are admin, commissioner_lead/);

  // passwords and disabling: the store is opened between commands to see what a sign-in would meet
  const signInAs = async (password: string) => {
    const db = await openDatabase({ dataDir: join(dir, 'store') });
    try {
      return (await checkPassword(db, 'lead@icb.invalid', password)).kind;
    } finally {
      await db.close();
    }
  };
  writeFileSync(join(dir, 'new.txt'), 'copper meadow quietly sings\n');
  const weakReset = run(
    'users',
    'passwd',
    '--email',
    'lead@icb.invalid',
    '--password-file',
    join(dir, 'weak.txt'),
  );
  expect(weakReset.status).toBe(1);
  expect(weakReset.stderr).toMatch(/lantern users passwd: that password is too easy to guess/);
  expect(
    run('users', 'passwd', '--email', 'lead@icb.invalid', '--password-file', join(dir, 'new.txt')).stdout,
  ).toBe('Set a new password for lead@icb.invalid; 0 session(s) ended.\n');
  expect(await signInAs('plum kettle orbit lantern')).toBe('refused');
  expect(await signInAs('copper meadow quietly sings')).toBe('ok');
  expect(run('users', 'disable', '--email', 'lead@icb.invalid').stdout).toBe(
    'Disabled lead@icb.invalid; 0 session(s) ended.\n',
  );
  expect(run('users', 'list').stdout).toMatch(/lead@icb\.invalid\s+local disabled commissioner_lead@9Z1/);
  expect(await signInAs('copper meadow quietly sings')).toBe('refused');
  expect(run('users', 'enable', '--email', 'lead@icb.invalid').stdout).toBe(
    'Enabled lead@icb.invalid; it can sign in again.\n',
  );
  expect(await signInAs('copper meadow quietly sings')).toBe('ok');
  expect(run('users', 'disable', '--email', 'nobody@icb.invalid').stderr).toMatch(
    /lantern users disable: no account for nobody@icb.invalid/,
  );

  const verify = run('audit', 'verify');
  expect(verify.status).toBe(0);
  expect(verify.stdout).toMatch(/The audit trail is intact: 6 entries\. Head hash [0-9a-f]{64}/);
}, 300_000); // a dozen CLI processes, each opening the store: slow when the machine is busy

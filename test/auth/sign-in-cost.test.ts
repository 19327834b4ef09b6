/** Every sign-in refusal costs one password verification, whatever its reason, so timing does not reveal accounts. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import {
  checkOwnPassword,
  checkPassword,
  createLocalUser,
  LOCK_AFTER_FAILURES,
  type PasswordVerifier,
} from '../../src/auth/users.js';
import { verifyPassword } from '../../src/auth/passwords.js';
import { openTestPglite } from '../db/databases.js';
import { TEST_PASSWORD } from '../api/sessions.js';

let db: Database;
beforeAll(async () => {
  db = await openTestPglite();
  for (const who of ['locked', 'disabled', 'known'])
    await createLocalUser(db, { email: `${who}@cost.invalid`, password: TEST_PASSWORD });
  await db.query(
    `UPDATE users SET failed_sign_ins = $1, locked_until = now() + interval '1 hour' WHERE email = 'locked@cost.invalid'`,
    [LOCK_AFTER_FAILURES],
  );
  await db.query(`UPDATE users SET disabled = true WHERE email = 'disabled@cost.invalid'`);
  await db.query(
    `INSERT INTO users (email, identity_source, subject) VALUES ('oidc@cost.invalid', 'https://idp.invalid', 'sub-1')`,
  );
});
afterAll(() => db.close());

/** A real verifier that counts its calls. */
function counting() {
  const calls = { n: 0 };
  const verify: PasswordVerifier = (stored, password) => {
    calls.n++;
    return verifyPassword(stored, password);
  };
  return { calls, verify };
}

it('unknown, locked, disabled, identity-provider and wrong-password refusals each run the verifier exactly once', async () => {
  const cases: Array<[string, string, string]> = [
    ['unknown e-mail', 'nobody@cost.invalid', TEST_PASSWORD],
    ['locked (right password)', 'locked@cost.invalid', TEST_PASSWORD],
    ['locked (wrong password)', 'locked@cost.invalid', 'not the password at all'],
    ['disabled (right password)', 'disabled@cost.invalid', TEST_PASSWORD],
    ['identity-provider account', 'oidc@cost.invalid', TEST_PASSWORD],
    ['wrong password', 'known@cost.invalid', 'not the password at all'],
    ['right password', 'known@cost.invalid', TEST_PASSWORD],
  ];
  const counted: Record<string, [string, number]> = {};
  for (const [label, email, password] of cases) {
    const { calls, verify } = counting();
    const r = await checkPassword(db, email, password, verify);
    counted[label] = [r.kind, calls.n];
  }
  expect(counted).toEqual({
    'unknown e-mail': ['refused', 1],
    'locked (right password)': ['locked', 1],
    'locked (wrong password)': ['locked', 1],
    'disabled (right password)': ['refused', 1],
    'identity-provider account': ['refused', 1],
    'wrong password': ['refused', 1],
    'right password': ['ok', 1],
  });
});

it('asking a signed-in user for their current password costs one verification too, and a wrong one counts towards the lock-out', async () => {
  const [{ id }] = await db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'known@cost.invalid'`);
  const [{ id: lockedId }] = await db.query<{ id: number }>(
    `SELECT id FROM users WHERE email = 'locked@cost.invalid'`,
  );
  const results: Array<[string, number]> = [];
  for (const [userId, password] of [
    [id, 'not the password at all'],
    [lockedId, TEST_PASSWORD],
    [id, TEST_PASSWORD],
  ] as const) {
    const { calls, verify } = counting();
    results.push([await checkOwnPassword(db, userId, password, verify), calls.n]);
  }
  expect(results).toEqual([
    ['wrong', 1],
    ['locked', 1],
    ['ok', 1],
  ]);
  const [u] = await db.query<{ failed: number }>(
    `SELECT failed_sign_ins AS failed FROM users WHERE id = $1`,
    [id],
  );
  expect(u!.failed).toBe(1);
});

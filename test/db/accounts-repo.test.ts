/**
 * The accounts repository (src/db/repos/accounts.ts) on both databases: an OpenID Connect sign-in in flight is
 * taken once and only while fresh, stale ones are cleared as new ones are kept; names and users are looked up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './databases.js';
import type { Database } from '../../src/db/connect.js';
import {
  keepPendingSignIn,
  organisationNames,
  takePendingSignIn,
  userExists,
} from '../../src/db/repos/accounts.js';

const pending = (state: string) => ({
  state,
  codeVerifier: `v-${state}`,
  nonce: `n-${state}`,
  returnTo: '/x',
});

describeEachDatabase('accounts repository', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  it('takes a pending sign-in once, and not after ten minutes', async () => {
    await keepPendingSignIn(db, pending('fresh'), '2026-03-01T10:00:00.000Z');
    await keepPendingSignIn(db, pending('old'), '2026-03-01T10:00:00.000Z');
    expect(await takePendingSignIn(db, 'fresh', '2026-03-01T10:09:00.000Z')).toEqual(pending('fresh'));
    expect(await takePendingSignIn(db, 'fresh', '2026-03-01T10:09:00.000Z')).toBeNull();
    expect(await takePendingSignIn(db, 'old', '2026-03-01T10:11:00.000Z')).toBeNull();
  });

  it('clears stale sign-ins when keeping a new one', async () => {
    await keepPendingSignIn(db, pending('stale'), '2026-03-02T10:00:00.000Z');
    await keepPendingSignIn(db, pending('next'), '2026-03-02T10:30:00.000Z');
    const states = await db.query<{ state: string }>('SELECT state FROM oidc_pending ORDER BY state');
    expect(states.map((s) => s.state)).not.toContain('stale');
    expect(states.map((s) => s.state)).toContain('next');
  });

  it('names organisations by code and says whether a user exists', async () => {
    await db.query(
      `INSERT INTO organisations (code, name, type, status) VALUES ('ZZ101', 'First', 'practice', 'active'),
         ('ZZ102', 'Second', 'practice', 'active')`,
    );
    expect(await organisationNames(db, ['ZZ101', 'ZZ102', 'ZZ999'])).toEqual(
      new Map([
        ['ZZ101', 'First'],
        ['ZZ102', 'Second'],
      ]),
    );
    expect(await organisationNames(db, [])).toEqual(new Map());
    const [u] = await db.query<{ id: number }>(
      `INSERT INTO users (email, identity_source) VALUES ('someone@example.test', 'local') RETURNING id`,
    );
    expect(await userExists(db, u!.id)).toBe(true);
    expect(await userExists(db, u!.id + 1000)).toBe(false);
  });
});

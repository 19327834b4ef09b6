/** Session expiry reads the one clock, so LANTERN_CLOCK (or a test's fixed clock) governs it like every deadline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { setClock } from '../../src/domain/clock.js';
import { createLocalUser } from '../../src/auth/users.js';
import { createSession, resolveSession } from '../../src/auth/sessions.js';
import { openTestPglite } from '../db/databases.js';

describe('sessions on the clock', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestPglite();
  });
  afterAll(async () => {
    setClock(null);
    await db?.close();
  });

  it('a session idles out after 30 minutes of clock time and not before', async () => {
    const u = await createLocalUser(db, {
      email: 'clock@test.lantern.invalid',
      password: 'test-only lantern matrix passphrase',
    });
    setClock('2030-06-03T09:00:00Z');
    const { token } = await createSession(db, u.id, 'password', null);
    setClock('2030-06-03T09:29:00Z');
    expect(await resolveSession(db, token)).not.toBeNull();
    setClock('2030-06-03T09:58:30Z');
    expect(await resolveSession(db, token)).not.toBeNull(); // touched at 09:29, so idle for 29½ minutes
    setClock('2030-06-03T10:29:00Z');
    expect(await resolveSession(db, token)).toBeNull();
  });
});

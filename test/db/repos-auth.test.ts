/**
 * The account and session repositories on each database, for what the sign-in and API tests do not reach directly:
 * lock-out arithmetic in SQL, grant upserts and their origin, OIDC identities, which administrators count, and how
 * a session stands at a given time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import * as users from '../../src/db/repos/users.js';
import * as sessions from '../../src/db/repos/sessions.js';
import { describeEachDatabase } from './databases.js';

const at = (s: string) => new Date(s).toISOString();
const NINE = at('2030-06-03T09:00:00Z');

describeEachDatabase('account repository', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  const add = (email: string, demo = false) =>
    users.insertLocalUser(db, { email, displayName: null, passwordHash: 'not-a-real-hash', demo });

  it('finds accounts by e-mail whatever its case, and by id', async () => {
    const u = await add('Mixed.Case@test.lantern.invalid');
    expect(u).toMatchObject({ identitySource: 'local', demo: false, disabled: false, lastSignInAt: null });
    expect(await users.emailTaken(db, 'mixed.case@TEST.lantern.invalid')).toBe(true);
    expect(await users.emailTaken(db, 'other@test.lantern.invalid')).toBe(false);
    expect((await users.userByEmail(db, 'MIXED.case@test.lantern.invalid'))?.id).toBe(u.id);
    expect(await users.userById(db, u.id)).toEqual(u);
    expect(await users.userById(db, u.id + 1000)).toBeNull();
    // the demo accounts' look-up compares the stored address, lower-cased, with the one given as it is
    expect(await users.userIdByLowerEmail(db, 'mixed.case@test.lantern.invalid')).toBe(u.id);
    expect(await users.userIdByLowerEmail(db, 'Mixed.Case@test.lantern.invalid')).toBeNull();
  });

  it('locks for the minutes given from the time given, and a sign-in or new password lifts the lock', async () => {
    const u = await add('lock@test.lantern.invalid');
    await users.recordFailedSignIn(db, u.id, 4, 0, NINE);
    expect(await users.passwordRowById(db, u.id)).toMatchObject({ failed: 4, lockedUntil: null });
    await users.recordFailedSignIn(db, u.id, 6, 2, NINE);
    expect(await users.passwordRowByEmail(db, 'LOCK@test.lantern.invalid')).toMatchObject({
      failed: 6,
      lockedUntil: at('2030-06-03T09:02:00Z'),
      passwordHash: 'not-a-real-hash',
    });
    await users.recordSignIn(db, u.id, at('2030-06-03T09:05:00Z'));
    expect(await users.passwordRowById(db, u.id)).toMatchObject({
      failed: 0,
      lockedUntil: null,
      lastSignInAt: at('2030-06-03T09:05:00Z'),
    });
    await users.recordFailedSignIn(db, u.id, 5, 1, NINE);
    await users.updatePasswordHash(db, u.id, 'another-hash');
    expect(await users.passwordRowById(db, u.id)).toMatchObject({
      failed: 0,
      lockedUntil: null,
      passwordHash: 'another-hash',
    });
  });

  it('disables and enables an account, and answers null for no account', async () => {
    const u = await add('disable@test.lantern.invalid');
    expect((await users.updateDisabled(db, u.id, true))?.disabled).toBe(true);
    expect((await users.userById(db, u.id))?.disabled).toBe(true);
    expect((await users.updateDisabled(db, u.id, false))?.disabled).toBe(false);
    expect(await users.updateDisabled(db, u.id + 1000, true)).toBeNull();
  });

  it('keeps a grant once, with its first origin, and removes only the grant named', async () => {
    const u = await add('grants@test.lantern.invalid');
    const first = await users.upsertGrant(db, u.id, 'commissioner_lead', 'QWE', 'local');
    const again = await users.upsertGrant(db, u.id, 'commissioner_lead', 'QWE', 'oidc');
    expect(again).toEqual(first);
    await users.upsertGrant(db, u.id, 'partner', null, 'oidc');
    await users.upsertGrant(db, u.id, 'commissioner_lead', 'QHM', 'oidc');
    // the grant first given locally stays local: an identity provider's sign-in does not take it away
    await users.deleteOidcGrants(db, u.id);
    expect(await users.grantsOf(db, u.id)).toEqual([
      { id: first.id, role: 'commissioner_lead', orgCode: 'QWE' },
    ]);
    await users.upsertGrant(db, u.id, 'partner', null, 'local');
    expect(await users.deleteGrant(db, u.id, 'commissioner_lead', null)).toBe(false);
    expect(await users.deleteGrant(db, u.id, 'partner', null)).toBe(true);
    expect(await users.deleteGrant(db, u.id, 'partner', null)).toBe(false);
    expect((await users.grantsOf(db, u.id)).map((g) => g.role)).toEqual(['commissioner_lead']);
  });

  it('finds an identity by issuer and subject, updating its e-mail and name', async () => {
    const issuer = 'https://id.test.lantern.invalid';
    const first = await users.upsertOidcIdentity(db, {
      issuer,
      subject: 's-1',
      email: 'old@test.lantern.invalid',
      displayName: 'Old name',
      at: NINE,
    });
    expect(first).toMatchObject({ identitySource: issuer, lastSignInAt: NINE });
    const later = at('2030-06-04T09:00:00Z');
    const same = await users.upsertOidcIdentity(db, {
      issuer,
      subject: 's-1',
      email: 'new@test.lantern.invalid',
      displayName: null,
      at: later,
    });
    expect(same).toMatchObject({
      id: first.id,
      email: 'new@test.lantern.invalid',
      displayName: null,
      lastSignInAt: later,
    });
    const other = await users.upsertOidcIdentity(db, {
      issuer: 'https://other.test.lantern.invalid',
      subject: 's-1',
      email: 'new@test.lantern.invalid',
      displayName: null,
      at: later,
    });
    expect(other.id).not.toBe(first.id);
    expect((await users.passwordRowById(db, first.id))?.passwordHash).toBeNull();
  });

  it('counts only an enabled administrator that is not a demo account, and removes demo accounts', async () => {
    expect(await users.hasActiveAdministrator(db)).toBe(false);
    const demo = await add('demo-admin@test.lantern.invalid', true);
    await users.upsertGrant(db, demo.id, 'admin', null, 'local');
    const off = await add('off-admin@test.lantern.invalid');
    await users.upsertGrant(db, off.id, 'admin', null, 'local');
    await users.updateDisabled(db, off.id, true);
    expect(await users.hasActiveAdministrator(db)).toBe(false);
    await users.updateDisabled(db, off.id, false);
    expect(await users.hasActiveAdministrator(db)).toBe(true);
    await users.deleteDemoUsers(db);
    expect(await users.userById(db, demo.id)).toBeNull();
    expect(await users.userById(db, off.id)).not.toBeNull();
  });

  it('lists every account by e-mail regardless of case, each with its grants in order', async () => {
    const listed = await users.listUsersWithGrants(db);
    const emails = listed.map((u) => u.email.toLowerCase());
    expect(emails).toEqual([...emails].sort());
    const g = listed.find((u) => u.email === 'grants@test.lantern.invalid')!;
    expect(g.grants).toEqual([{ id: expect.any(Number), role: 'commissioner_lead', orgCode: 'QWE' }]);
    expect(listed.find((u) => u.email === 'disable@test.lantern.invalid')!.grants).toEqual([]);
  });
});

describeEachDatabase('session repository', (t) => {
  let db: Database;
  let userId: number;
  let otherId: number;
  beforeAll(async () => {
    db = await t.open();
    const add = (email: string) =>
      users.insertLocalUser(db, { email, displayName: null, passwordHash: 'x', demo: false });
    userId = (await add('sessions@test.lantern.invalid')).id;
    otherId = (await add('other-sessions@test.lantern.invalid')).id;
  });
  afterAll(() => t.dispose(db));

  let n = 0;
  const open = (user = userId, when = NINE) =>
    sessions.insertSession(db, {
      tokenHash: `hash-${++n}`,
      userId: user,
      csrfToken: `csrf-${n}`,
      method: 'password',
      absoluteHours: 12,
      userAgent: 'test browser',
      at: when,
    });

  it('opens a session that expires after the absolute hours and reads how it stands at a time', async () => {
    const s = await open();
    expect(s).toMatchObject({
      csrfToken: `csrf-${n}`,
      method: 'password',
      createdAt: NINE,
      lastSeenAt: NINE,
      expiresAt: at('2030-06-03T21:00:00Z'),
    });
    const hash = `hash-${n}`;
    expect(await sessions.sessionByTokenHash(db, hash, 30, at('2030-06-03T09:00:30Z'))).toMatchObject({
      id: s.id,
      userId,
      email: 'sessions@test.lantern.invalid',
      idle: false,
      expired: false,
      touch: false,
    });
    expect(await sessions.sessionByTokenHash(db, hash, 30, at('2030-06-03T09:02:00Z'))).toMatchObject({
      idle: false,
      touch: true,
    });
    expect(await sessions.sessionByTokenHash(db, hash, 30, at('2030-06-03T09:31:00Z'))).toMatchObject({
      idle: true,
    });
    await sessions.touchSession(db, s.id, at('2030-06-03T20:50:00Z'));
    expect(await sessions.sessionByTokenHash(db, hash, 30, at('2030-06-03T21:00:00Z'))).toMatchObject({
      idle: false,
      expired: true,
    });
    expect(await sessions.sessionByTokenHash(db, 'no-such-hash', 30, NINE)).toBeNull();
    await sessions.markSessionEnded(db, s.id, NINE);
    expect(await sessions.sessionByTokenHash(db, hash, 30, NINE)).toBeNull();
  });

  it('reads the session with its user’s grants, as grantsOf reads them, at each look-up', async () => {
    const s = await open();
    const hash = `hash-${n}`;
    const look = async () => (await sessions.sessionByTokenHash(db, hash, 30, NINE))!.grants;
    expect(await look()).toEqual([]);
    await users.upsertGrant(db, userId, 'practice_user', 'Y00002', 'local');
    await users.upsertGrant(db, userId, 'commissioner_lead', 'QOP', 'local');
    await users.upsertGrant(db, userId, 'admin', null, 'local');
    await users.upsertGrant(db, userId, 'practice_user', 'Y00001', 'local');
    const held = await users.grantsOf(db, userId);
    expect(held.map((g) => `${g.role} ${g.orgCode ?? ''}`)).toEqual([
      'admin ',
      'commissioner_lead QOP',
      'practice_user Y00001',
      'practice_user Y00002',
    ]);
    expect(await look()).toEqual(held);
    // a grant taken away is gone at the next request
    await users.deleteGrant(db, userId, 'commissioner_lead', 'QOP');
    expect((await look()).map((g) => g.role)).toEqual(['admin', 'practice_user', 'practice_user']);
    for (const g of held) await users.deleteGrant(db, userId, g.role, g.orgCode);
    await sessions.markSessionEnded(db, s.id, NINE);
  });

  it('ends one session only for its owner, and all but the one kept', async () => {
    const a = await open();
    const b = await open();
    await open();
    const theirs = await open(otherId);
    expect(await sessions.endUserSession(db, otherId, a.id, NINE)).toBe(false);
    expect(await sessions.endUserSession(db, userId, a.id, NINE)).toBe(true);
    expect(await sessions.endUserSession(db, userId, a.id, NINE)).toBe(false);
    expect(await sessions.endUserSessions(db, userId, NINE, b.id)).toBe(1);
    const live = await sessions.liveSessionsOf(db, userId, 30, NINE);
    expect(live.map((s) => s.id)).toEqual([b.id]);
    expect(live[0]).toEqual({
      id: b.id,
      method: 'password',
      createdAt: NINE,
      lastSeenAt: NINE,
      expiresAt: at('2030-06-03T21:00:00Z'),
      userAgent: 'test browser',
    });
    expect(await sessions.endUserSessions(db, userId, NINE)).toBe(1);
    expect(await sessions.liveSessionsOf(db, userId, 30, NINE)).toEqual([]);
    expect((await sessions.liveSessionsOf(db, otherId, 30, NINE)).map((s) => s.id)).toEqual([theirs.id]);
  });

  it('lists live sessions last used first, leaving out idle and expired ones', async () => {
    await sessions.endUserSessions(db, otherId, NINE);
    const early = await open(otherId, at('2030-06-03T08:00:00Z'));
    const late = await open(otherId, at('2030-06-03T08:40:00Z'));
    await open(otherId, at('2030-06-03T07:00:00Z')); // idle by 09:00
    await sessions.touchSession(db, early.id, at('2030-06-03T08:50:00Z'));
    expect((await sessions.liveSessionsOf(db, otherId, 30, NINE)).map((s) => s.id)).toEqual([
      early.id,
      late.id,
    ]);
    // past the absolute expiry (12 hours after it opened) a session is not live, however recently used
    await sessions.touchSession(db, early.id, at('2030-06-03T19:59:00Z'));
    expect(
      (await sessions.liveSessionsOf(db, otherId, 30, at('2030-06-03T20:00:00Z'))).map((s) => s.id),
    ).toEqual([]);
  });
});

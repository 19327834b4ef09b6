/** Sign-in, sessions, CSRF, lock-out and security headers through the HTTP API. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { verifyAudit, searchAudit } from '../../src/auth/audit.js';
import { createLocalUser, lockMinutes, LOCK_AFTER_FAILURES } from '../../src/auth/users.js';
import { passwordProblem } from '../../src/auth/passwords.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, TEST_PASSWORD } from '../api/sessions.js';
import { join } from 'node:path';

describeEachDatabase('sign-in and sessions', (t) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await t.open();
    await ingestFile(db, join(writeSyntheticArea(), 'epraccur_synthetic.csv'));
    app = await buildServer(db, { rateLimit: false });
    await createRoleUser(db, 'practice_user');
    await createRoleUser(db, 'commissioner_analyst');
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('signs in: an HttpOnly, Secure, SameSite, __Host- cookie, a new session each time, and the CSRF token', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'Practice_User@test.lantern.invalid', password: TEST_PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    const c = r.cookies.find((x) => x.name === '__Host-lantern_session')!;
    expect(c).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(c.value).toMatch(/^[\w-]{43}$/); // 256 bits, base64url
    expect(r.json()).toMatchObject({ grants: [{ role: 'practice_user', orgCode: 'Z10001' }] });
    const again = await signIn(app, 'practice_user@test.lantern.invalid', 'practice_user');
    expect(again.cookies['__Host-lantern_session']).not.toBe(c.value);
    // the store keeps only a hash of the token
    const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(stored.map((s) => s.token_hash)).not.toContain(c.value);
    const s = await call(app, again, { method: 'GET', url: '/api/auth/session' });
    expect(s.json()).toMatchObject({
      user: { email: 'practice_user@test.lantern.invalid' },
      csrfToken: again.csrf,
    });
    expect(s.json().grants[0]).toMatchObject({
      roleLabel: 'Practice user',
      orgName: 'SYNTHETIC UNIVERSITY PRACTICE 1 (DEMO)',
    });
  });

  it('one message for an unknown account and a wrong password; both audited as failures', async () => {
    const a = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@x.invalid', password: 'whatever-it-is-here' },
    });
    const b = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'practice_user@test.lantern.invalid', password: 'wrong password entirely' },
    });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().detail).toBe(b.json().detail);
    const fails = await searchAudit(db, { action: 'auth.sign_in', limit: 10 });
    expect(fails.filter((e) => e.outcome === 'failure').map((e) => e.actor)).toEqual(
      expect.arrayContaining(['nobody@x.invalid', 'practice_user@test.lantern.invalid']),
    );
    // no password in the trail
    expect(JSON.stringify(fails)).not.toMatch(/wrong password entirely|whatever-it-is-here/);
    await db.query('UPDATE users SET failed_sign_ins = 0');
  });

  it('locks an account after repeated failures, with back-off, even against the right password', async () => {
    await createLocalUser(db, { email: 'locked@test.lantern.invalid', password: TEST_PASSWORD });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++)
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'locked@test.lantern.invalid', password: `wrong guess number ${i}` },
      });
    const right = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'locked@test.lantern.invalid', password: TEST_PASSWORD },
    });
    expect(right.statusCode).toBe(401);
    const [u] = await db.query<{ locked: boolean }>(
      `SELECT locked_until > now() AS locked FROM users WHERE email = 'locked@test.lantern.invalid'`,
    );
    expect(u!.locked).toBe(true);
    const [last] = await searchAudit(db, { action: 'auth.sign_in', limit: 1 });
    expect(last!.details).toMatchObject({ reason: 'locked' });
    expect([4, 5, 6, 7, 8, 12].map(lockMinutes)).toEqual([0, 1, 2, 4, 8, 60]);
    // once the lock has passed, the right password works and clears the count
    await db.query(
      `UPDATE users SET locked_until = now() - interval '1 second' WHERE email = 'locked@test.lantern.invalid'`,
    );
    const later = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'locked@test.lantern.invalid', password: TEST_PASSWORD },
    });
    expect(later.statusCode).toBe(200);
  });

  it('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    const s = await signIn(app, 'practice_user@test.lantern.invalid', 'practice_user');
    const r = await app.inject({ method: 'POST', url: '/api/auth/logout-all', cookies: s.cookies });
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toMatch(/CSRF/);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      cookies: s.cookies,
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.statusCode).toBe(403);
    expect((await call(app, s, { method: 'GET', url: '/api/auth/session' })).json().user).not.toBeNull();
  });

  it('sign-out ends the session on the server; sign-out everywhere ends them all', async () => {
    const a = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    const b = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    const list = await call(app, a, { method: 'GET', url: '/api/auth/sessions' });
    expect(list.json().sessions.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
    expect((await call(app, a, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    expect((await call(app, a, { method: 'GET', url: '/api/auth/session' })).json().user).toBeNull();
    expect((await call(app, a, { method: 'GET', url: '/api/loads' })).statusCode).toBe(401);
    expect((await call(app, b, { method: 'GET', url: '/api/loads' })).statusCode).toBe(200);
    const c = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    const all = await call(app, c, { method: 'POST', url: '/api/auth/logout-all' });
    expect(all.json().signedOut).toBeGreaterThanOrEqual(2);
    expect((await call(app, b, { method: 'GET', url: '/api/loads' })).statusCode).toBe(401);
  });

  it("ending another user's session answers as if it did not exist", async () => {
    const mine = await signIn(app, 'practice_user@test.lantern.invalid', 'practice_user');
    const theirs = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    const [{ id }] = await db.query<{ id: number }>(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email LIKE 'commissioner_analyst%' AND s.ended_at IS NULL ORDER BY s.id DESC LIMIT 1`,
    );
    const r = await call(app, mine, { method: 'DELETE', url: `/api/auth/sessions/${id}` });
    expect(r.statusCode).toBe(404);
    expect((await call(app, theirs, { method: 'GET', url: '/api/loads' })).statusCode).toBe(200);
  });

  it('expires a session after 30 idle minutes and after 12 hours regardless', async () => {
    const idle = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE ended_at IS NULL`);
    expect((await call(app, idle, { method: 'GET', url: '/api/loads' })).statusCode).toBe(401);
    const old = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    expect((await call(app, old, { method: 'GET', url: '/api/loads' })).statusCode).toBe(200);
    await db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL`);
    expect((await call(app, old, { method: 'GET', url: '/api/loads' })).statusCode).toBe(401);
    // the expired session was ended on the server, not merely ignored
    const [last] = await db.query<{ ended: boolean }>(
      'SELECT ended_at IS NOT NULL AS ended FROM sessions ORDER BY id DESC LIMIT 1',
    );
    expect(last!.ended).toBe(true);
  });

  it('sends security headers and keeps API answers out of caches', async () => {
    const r = await call(app, ANON, { method: 'GET', url: '/api/health' });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(r.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('refuses bodies over the limit and unknown content types without a server error', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(300_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toMatch(/problem\+json/);
    const xml = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
  });

  it('every sign-in, refusal and sign-out above is in an intact audit chain', async () => {
    const v = await verifyAudit(db);
    expect(v.ok).toBe(true);
    const actions = new Set((await searchAudit(db, { limit: 500 })).map((e) => e.action));
    expect([...actions]).toEqual(
      expect.arrayContaining(['auth.sign_in', 'auth.sign_out', 'auth.sign_out_everywhere']),
    );
  });
});

it('password policy: length, and guessable or breached patterns, with no composition rules', async () => {
  expect(await passwordProblem('short')).toMatch(/at least 12/);
  expect(await passwordProblem('password1234')).toMatch(/too easy to guess/);
  expect(await passwordProblem('qwertyuiop123')).toMatch(/too easy to guess/);
  expect(await passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/too easy to guess/);
  expect(await passwordProblem('plum kettle orbit lantern')).toBeNull();
  expect(await passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
});

it('rate-limits sign-in attempts per client with a problem document', async () => {
  const { openTestPglite } = await import('../db/databases.js');
  const db = await openTestPglite();
  const app = await buildServer(db);
  const tries = [];
  for (let i = 0; i < 11; i++)
    tries.push(
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'a@b.invalid', password: 'not the password' },
      }),
    );
  expect(tries.slice(0, 10).map((r) => r.statusCode)).toEqual(Array(10).fill(401));
  expect(tries[10]!.statusCode).toBe(429);
  expect(tries[10]!.headers['content-type']).toMatch(/problem\+json/);
  expect(tries[10]!.json().title).toBe('Too many requests');
  await app.close();
  await db.close();
});

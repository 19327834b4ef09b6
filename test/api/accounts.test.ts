/** Changing your own password; an administrator resetting one, and disabling or enabling an account. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { searchAudit, verifyAudit } from '../../src/auth/audit.js';
import { createSession } from '../../src/auth/sessions.js';
import { OidcClient } from '../../src/auth/oidc.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const NEW_PASSWORD = 'velvet harbour crosses nine bridges';

/** An identity provider that confirms whoever signs in as subject "disabled-sub" (its protocol is tested in e2e). */
class ConfirmingProvider extends OidcClient {
  override async start() {
    return { url: 'http://idp.invalid/authorize', state: 'st-1', nonce: 'n-1', codeVerifier: 'v-1' };
  }
  override async finish() {
    return { subject: 'disabled-sub', claims: { email: 'oidc-user@test.lantern.invalid' } };
  }
}

describeEachDatabase('accounts: passwords and disabling', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let admin: TestSession;
  const idOf = async (email: string) =>
    (await db.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [email]))[0]!.id;
  const login = (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const post = (s: TestSession, url: string, payload?: object) =>
    call(app, s, { method: 'POST', url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    db = await t.open();
    await ingestFile(db, join(writeSyntheticArea(), 'epraccur_synthetic.csv'));
    app = await buildServer(db, {
      rateLimit: false,
      oidc: new ConfirmingProvider({
        issuer: 'http://idp.invalid',
        clientId: 'lantern',
        clientSecret: 'x',
        redirectUri: 'http://localhost/api/auth/oidc/callback',
        roleMap: {},
        scopes: 'openid',
        allowHttp: true,
        label: 'Sign in',
      }),
    });
    await createRoleUser(db, 'admin');
    await createRoleUser(db, 'practice_user');
    await createRoleUser(db, 'commissioner_analyst');
    admin = await signIn(app, 'admin@test.lantern.invalid', 'admin');
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('changing your own password asks for the current one, checks the new one, and ends your other sessions only', async () => {
    const email = 'practice_user@test.lantern.invalid';
    const here = await signIn(app, email, 'practice_user');
    const elsewhere = await signIn(app, email, 'practice_user');
    const wrong = await post(here, '/api/auth/password', {
      currentPassword: 'not my password at all',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      detail: 'That is not your current password.',
      errors: [{ in: 'body', name: 'currentPassword', message: 'That is not your current password.' }],
    });
    // a wrong current password counts towards the lock-out, as a failed sign-in does
    const [{ failed }] = await db.query<{ failed: number }>(
      'SELECT failed_sign_ins AS failed FROM users WHERE email = $1',
      [email],
    );
    expect(failed).toBe(1);
    const weak = await post(here, '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ name: 'newPassword' });
    expect(weak.json().detail).toMatch(/^The new password: that password is too easy to guess/);
    const same = await post(here, '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.json().detail).toBe('The new password is the same as the current one; choose another.');

    const ok = await post(here, '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ changed: true, otherSessionsEnded: 1 });
    expect((await call(app, here, { method: 'GET', url: '/api/auth/sessions' })).statusCode).toBe(200);
    expect((await call(app, elsewhere, { method: 'GET', url: '/api/auth/sessions' })).statusCode).toBe(401);
    expect((await login(email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(email, NEW_PASSWORD)).statusCode).toBe(200);
    const entries = await searchAudit(db, { action: 'auth.password_change', limit: 10 });
    expect(entries.map((e) => [e.actor, e.outcome, e.details])).toEqual([
      [email, 'success', { otherSessionsEnded: 1 }],
      [email, 'failure', { reason: 'wrong' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(NEW_PASSWORD);
    expect(
      (await post(ANON, '/api/auth/password', { currentPassword: 'a', newPassword: 'b' })).statusCode,
    ).toBe(401);
  });

  it('an identity-provider account has no password to change', async () => {
    const [{ id }] = await db.query<{ id: number }>(
      `INSERT INTO users (email, identity_source, subject) VALUES ('idp@test.lantern.invalid', 'http://idp.invalid', 'sub-9') RETURNING id`,
    );
    const { token, session } = await createSession(db, id, 'oidc', null);
    const s: TestSession = {
      role: 'partner',
      cookies: { '__Host-lantern_session': token },
      csrf: session.csrfToken,
    };
    const r = await post(s, '/api/auth/password', { currentPassword: 'anything', newPassword: NEW_PASSWORD });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toMatch(/identity provider/);
    // nor can an administrator set one
    const reset = await post(admin, `/api/admin/users/${id}/password`, { password: NEW_PASSWORD });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().detail).toMatch(/signs in with the identity provider/);
  });

  it('an administrator resets a password: checked for strength, the lock-out cleared, the sessions ended', async () => {
    const email = 'commissioner_analyst@test.lantern.invalid';
    const id = await idOf(email);
    const theirs = await signIn(app, email, 'commissioner_analyst');
    await db.query(
      `UPDATE users SET failed_sign_ins = 9, locked_until = now() + interval '1 hour' WHERE id = $1`,
      [id],
    );
    const weak = await post(admin, `/api/admin/users/${id}/password`, { password: 'qwertyuiop123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      { in: 'body', name: 'password', message: expect.stringMatching(/too easy to guess/) },
    ]);
    const ok = await post(admin, `/api/admin/users/${id}/password`, { password: NEW_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ user: { id, email }, sessionsEnded: 1 });
    expect((await call(app, theirs, { method: 'GET', url: '/api/loads' })).statusCode).toBe(401);
    expect((await login(email, NEW_PASSWORD)).statusCode).toBe(200);
    const [entry] = await searchAudit(db, { action: 'users.password_reset', limit: 1 });
    expect(entry).toMatchObject({
      actor: 'admin@test.lantern.invalid',
      target: `user:${id}`,
      outcome: 'success',
    });
    expect(
      (await post(admin, '/api/admin/users/999999/password', { password: NEW_PASSWORD })).statusCode,
    ).toBe(404);
    const huge = await post(admin, '/api/admin/users/2147483648/password', { password: NEW_PASSWORD });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().errors[0]).toMatchObject({ in: 'path parameters', name: 'id' });
    // the old password no longer works
    await expect(signIn(app, email, 'commissioner_analyst')).rejects.toThrow(/failed: 401/);
  });

  it('a disabled account cannot sign in (by password or identity provider) and its sessions end; enabling restores it', async () => {
    const email = 'commissioner_analyst@test.lantern.invalid';
    const id = await idOf(email);
    const theirs = await call(app, ANON, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: NEW_PASSWORD },
    });
    const cookies = Object.fromEntries(theirs.cookies.map((c) => [c.name, c.value]));
    const session: TestSession = { role: 'commissioner_analyst', cookies, csrf: theirs.json().csrfToken };
    const off = await post(admin, `/api/admin/users/${id}/disable`);
    expect(off.statusCode).toBe(200);
    // the session signed in just now and the one left from the test before
    expect(off.json()).toMatchObject({ user: { id, disabled: true }, sessionsEnded: 2 });
    expect((await call(app, session, { method: 'GET', url: '/api/loads' })).statusCode).toBe(401);
    const refused = await login(email, NEW_PASSWORD);
    expect(refused.statusCode).toBe(401);
    // the same answer as a wrong password: the refusal does not say the account exists
    expect(refused.json().detail).toBe(
      (await login('nobody@test.lantern.invalid', NEW_PASSWORD)).json().detail,
    );
    const [refusal] = await searchAudit(db, { action: 'auth.sign_in', actor: email, limit: 1 });
    expect(refusal).toMatchObject({ outcome: 'failure', details: { reason: 'disabled' } });
    const on = await post(admin, `/api/admin/users/${id}/enable`);
    expect(on.json()).toMatchObject({ user: { id, disabled: false }, sessionsEnded: 0 });
    expect((await login(email, NEW_PASSWORD)).statusCode).toBe(200);
    const trail = await searchAudit(db, { action: 'users.', limit: 5 });
    expect(trail.slice(0, 2).map((e) => [e.action, e.target, e.details])).toEqual([
      ['users.enable', `user:${id}`, {}],
      ['users.disable', `user:${id}`, { sessionsEnded: 2 }],
    ]);
    // no one disables themselves (the last administrator could not undo it), and unknown ids are 404
    const self = await post(admin, `/api/admin/users/${await idOf('admin@test.lantern.invalid')}/disable`);
    expect(self.statusCode).toBe(409);
    expect((await post(admin, '/api/admin/users/999999/disable')).statusCode).toBe(404);
    expect((await post(admin, '/api/admin/users/0/enable')).statusCode).toBe(400);

    // an identity-provider account that an administrator disabled stays out, whatever the provider says
    const [{ id: oidcId }] = await db.query<{ id: number }>(
      `INSERT INTO users (email, identity_source, subject, disabled) VALUES ('oidc-user@test.lantern.invalid', 'http://idp.invalid', 'disabled-sub', true) RETURNING id`,
    );
    await app.inject({ method: 'GET', url: '/api/auth/oidc/login' });
    const cb = await app.inject({ method: 'GET', url: '/api/auth/oidc/callback?state=st-1&code=c' });
    expect(cb.statusCode).toBe(401);
    expect(cb.json().detail).toBe('This account has been disabled. Ask your administrator.');
    expect(cb.cookies).toEqual([]);
    const [last] = await searchAudit(db, { action: 'auth.sign_in', limit: 1 });
    expect(last).toMatchObject({
      actorUserId: oidcId,
      outcome: 'failure',
      details: { method: 'oidc', reason: 'disabled' },
    });
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});

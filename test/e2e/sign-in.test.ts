/**
 * Changing a password and disabling an account in the browser (the last block). Signing in through a real OpenID Connect provider (node-oidc-provider, run here on localhost, not a mock):
 * authorisation code with PKCE, the national-RBAC selected role mapped to a Lantern role. The practice user then
 * sees their own practice's local figures unsuppressed, another practice's suppressed, and none of the
 * commissioner or administrator pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { OidcClient, type OidcSettings } from '../../src/auth/oidc.js';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { searchAudit } from '../../src/auth/audit.js';
import { openTestPglite } from '../db/databases.js';
import type { Database } from '../../src/db/connect.js';
import { defineLocalIndicator, genericCsv, TEST_PASSWORD } from '../api/sessions.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { HAVE_BROWSER, launchBrowser, seriousViolations, startRig, type BrowserRig } from './browser.js';

async function listening(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe.runIf(HAVE_BROWSER)('browser: sign in through an OpenID Connect provider', () => {
  let db: Database;
  let app: FastifyInstance;
  let idp: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    db = await openTestPglite();
    await ingestFolder(db, writeSyntheticArea());
    await defineLocalIndicator(db);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-e2e-'));
    writeFileSync(
      join(dir, 'local.csv'),
      genericCsv([
        ['local_dna_rate', 'Z10001', '2024-05', 3, 41],
        ['local_dna_rate', 'Z10030', '2024-05', 6, 52],
        ['local_dna_rate', 'Z10030', '2024-06', 23, 212],
      ]),
    );
    await ingestFile(db, join(dir, 'local.csv'));

    // the identity provider: any login; its account carries a national RBAC role at practice Z10001
    idp = createServer();
    const idpPort = await listening(idp);
    const issuer = `http://127.0.0.1:${idpPort}`;
    const lantern = createServer();
    const lanternPort = await listening(lantern);
    lantern.close();
    base = `http://127.0.0.1:${lanternPort}`;
    const secret = 'test-only-client-secret-0123456789abcdef';
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'lantern',
          client_secret: secret,
          redirect_uris: [`${base}/api/auth/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      scopes: ['openid', 'profile', 'email', 'nationalrbacaccess', 'selectedrole'],
      claims: {
        openid: ['sub'],
        profile: ['name'],
        email: ['email'],
        nationalrbacaccess: ['nhsid_nrbac_roles'],
        selectedrole: ['selected_roleid'],
      },
      findAccount: async (_ctx, id) => ({
        accountId: id,
        claims: async () => ({
          sub: id,
          email: `${id}@practice.nhs.invalid`,
          name: 'Test Practice User',
          nhsid_nrbac_roles: [
            { person_roleid: 'PR-1', role_code: 'S8000:G8000:R8000', org_code: 'Z10001' },
            { person_roleid: 'PR-2', role_code: 'S8000:G8000:R8001', org_code: 'QZZ' },
          ],
          selected_roleid: 'PR-1',
        }),
      }),
      pkce: { required: () => true },
    });
    idp.on('request', provider.callback());

    const settings: OidcSettings = {
      issuer,
      clientId: 'lantern',
      clientSecret: secret,
      redirectUri: `${base}/api/auth/oidc/callback`,
      roleMap: { R8000: 'practice_user', R8001: 'commissioner_lead' },
      scopes: 'openid profile email nationalrbacaccess selectedrole',
      allowHttp: true,
      label: 'Sign in with your NHS identity',
    };
    app = await buildServer(db, { demo: false, syntheticData: true, oidc: new OidcClient(settings) });
    await app.listen({ port: lanternPort, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    idp?.close();
    await db?.close();
  });

  it('signs in with the selected role only, and sees what a practice user may see', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sign in with your NHS identity' }).click();

    // the provider's own sign-in and consent pages
    await page.locator('input[name="login"]').fill('gp-0001');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    // back in Lantern, signed in as a practice user of Z10001, not as the unselected commissioner role
    await page
      .getByRole('link', { name: /gp-0001@practice\.nhs\.invalid · Practice user, Z10001/ })
      .waitFor();
    const [login] = await searchAudit(db, { action: 'auth.sign_in', limit: 1 });
    expect(login).toMatchObject({
      outcome: 'success',
      details: { method: 'oidc', grants: ['practice_user@Z10001'] },
    });
    const nav = page.getByRole('navigation', { name: 'Menu' });
    expect(await nav.getByRole('link', { name: 'Data loads' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    // own practice: the local figures as loaded
    await page.goto(`${base}/practices/Z10001`);
    const own = page.locator('.lantern-series-slot', {
      has: page.getByRole('heading', { name: 'Missed appointments (local audit)' }),
    });
    // its figures are asked for as the chart nears the screen
    await own.scrollIntoViewIfNeeded();
    await own.locator('summary').click();
    const ownRow = own.getByRole('table').locator('tbody tr').first();
    expect(await ownRow.locator('td').nth(0).textContent()).toBe('3');
    expect(await ownRow.locator('td').nth(1).textContent()).toBe('41');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/own-practice.png', fullPage: true });

    // another practice: suppressed and rounded; the raw numbers never reach the page
    await page.goto(`${base}/practices/Z10030`);
    const other = page.locator('.lantern-series-slot', {
      has: page.getByRole('heading', { name: 'Missed appointments (local audit)' }),
    });
    await other.scrollIntoViewIfNeeded();
    await other.getByText(/Local figures are shown to you suppressed/).waitFor();
    await other.locator('summary').click();
    const rows = other.getByRole('table').locator('tbody tr');
    expect(await rows.nth(0).locator('td').nth(0).textContent()).toBe('*');
    expect(await rows.nth(0).locator('td').nth(1).textContent()).toBe('50');
    expect(await rows.nth(1).locator('td').nth(0).textContent()).toBe('25');
    expect(await rows.nth(1).locator('td').nth(1).textContent()).toBe('210');
    const html = await page.content();
    expect(html).not.toMatch(/>\s*(6|52|23|212)\s*</);
    await page.screenshot({ path: 'test-results/other-practice.png', fullPage: true });

    // pages for other roles say so, and their API refuses
    await page.goto(`${base}/admin`);
    await page.getByText('This page is for administrators.').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/loads')).status);
    expect(status).toBe(403);

    // the account page (reached within the app, from the practice's page) lists the session; signing out ends it
    await page.goto(`${base}/practices/Z10001`);
    await own.waitFor();
    await page.getByRole('link', { name: /gp-0001@practice\.nhs\.invalid/ }).click();
    await page.getByText('Practice user for').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(
      await page.evaluate(async () => (await (await fetch('/api/auth/session')).json()).user),
    ).toBeNull();
    // and forgets what was fetched for the user: back on the practice's page within the app, its figures are
    // fetched afresh (held back here for a few seconds), not shown from memory in the meantime
    await page.route('**/api/organisations/Z10001/indicator-list', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await route.continue();
    });
    await page.goBack();
    await page.goBack();
    await page.waitForURL(`${base}/practices/Z10001`);
    await page
      .locator('section[aria-labelledby="indicators-heading"]')
      .getByRole('status')
      .filter({ hasText: 'Loading' })
      .waitFor({ timeout: 2000 });
  });

  it('a password sign-in with a wrong password shows one plain message', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('E-mail').fill('nobody@example.invalid');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/were not recognised/);
  });
});

describe.runIf(HAVE_BROWSER)(
  'browser: changing your password, and an administrator disabling an account',
  () => {
    let rig: BrowserRig;
    const USER = 'gp-local@practice.nhs.invalid';
    const ADMIN = 'admin-local@icb.nhs.invalid';
    const NEW_PASSWORD = 'lantern harbour copper swallow';
    beforeAll(async () => {
      rig = await startRig(async (db) => {
        const u = await createLocalUser(db, { email: USER, password: TEST_PASSWORD });
        await addGrant(db, u.id, 'practice_user', 'Z10001');
        const a = await createLocalUser(db, { email: ADMIN, password: TEST_PASSWORD });
        await addGrant(db, a.id, 'admin', null);
      });
    });
    afterAll(async () => {
      await rig?.close();
    });

    async function signedIn(email: string, password: string, path: string): Promise<Page> {
      const page = await (await rig.browser.newContext()).newPage();
      await page.goto(`${rig.base}/sign-in?returnTo=${encodeURIComponent(path)}`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${rig.base}${path}`);
      return page;
    }
    const sessionUser = (page: Page) =>
      page.evaluate(async () => (await (await fetch('/api/auth/session')).json()).user);

    it('changes the password on the Account page; the other session ends, this one stays', async () => {
      const elsewhere = await signedIn(USER, TEST_PASSWORD, '/account');
      const page = await signedIn(USER, TEST_PASSWORD, '/account');
      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/That is not your current password/);
      await page.getByLabel('Current password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page
        .getByRole('status')
        .getByText('Your password has been changed. 1 other session ended.')
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sessionUser(page)).toMatchObject({ email: USER });
      expect(await sessionUser(elsewhere)).toBeNull();
      expect(await sessionUser(await signedIn(USER, NEW_PASSWORD, '/account'))).toMatchObject({
        email: USER,
      });
    });

    it('an administrator disables the account on the Administration page; its sessions end', async () => {
      const theirs = await signedIn(USER, NEW_PASSWORD, '/account');
      const admin = await signedIn(ADMIN, TEST_PASSWORD, '/admin');
      await admin.getByRole('button', { name: `Disable for ${USER}` }).click();
      // this session and the two left signed in by the test before
      await admin.getByRole('status').getByText(`${USER} is disabled; 3 session(s) ended.`).waitFor();
      expect(await admin.getByRole('button', { name: `Disable for ${ADMIN}` }).count()).toBe(0);
      expect(await seriousViolations(admin)).toEqual([]);
      expect(await sessionUser(theirs)).toBeNull();
      await admin.getByRole('button', { name: `Enable for ${USER}` }).click();
      await admin.getByRole('status').getByText(`${USER} can sign in again.`).waitFor();
    });
  },
);

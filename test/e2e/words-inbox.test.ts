/**
 * In a real browser: every page keeps one h1 when the answer is a refusal or an error, and offers a Sign in link
 * where signing in would help; the inbox filters by kind and read state with the filter in the address, says what
 * a filter left out, and pages through more than 50 alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const LEAD = 'lead@qzz.test.lantern.invalid';
const PEERS = 'peers@u90000.test.lantern.invalid';

describe.runIf(HAVE_BROWSER)('browser: headings, sign-in links and the inbox filter', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    rig = await startRig(async (db) => {
      const u = await createLocalUser(db, { email: LEAD, password: TEST_PASSWORD });
      await addGrant(db, u.id, 'commissioner_lead', 'QZZ');
      const p = await createLocalUser(db, { email: PEERS, password: TEST_PASSWORD });
      await addGrant(db, p.id, 'peer_group_lead', 'U90000');
      // 60 alerts beyond a limit and 3 CUSUM signals about the synthetic area's practices (as `lantern compute` raises)
      await db.query(
        `INSERT INTO alerts (key, kind, practice_code, message, created_at)
         SELECT 'k' || i, CASE WHEN i <= 3 THEN 'cusum' ELSE 'limit_crossed' END, 'Z1000' || (1 + i % 5),
                'Alert number ' || i, now() - i * interval '1 minute'
           FROM generate_series(1, 63) AS i`,
      );
    });
    ({ browser, base } = rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('anonymous visitors get one h1 and a Sign in link on pages that need an account', async () => {
    const page = await (await browser.newContext()).newPage();
    for (const path of [
      '/inbox',
      '/concerns',
      '/concerns/1',
      '/improvement/1',
      '/concerns/new',
      '/reports/qsg',
    ]) {
      await page.goto(`${base}${path}`);
      await page.locator('main').getByRole('link', { name: 'Sign in' }).waitFor();
      expect(await page.locator('h1').count(), path).toBe(1);
      expect(await page.locator('main').textContent(), path).not.toMatch(/commissioner_lead|practice_user/);
    }
    // the link comes back to the page
    await page.goto(`${base}/improvement/1`);
    await page.locator('main').getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.locator('main').getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      `/sign-in?returnTo=${encodeURIComponent('/improvement/1')}`,
    );
  });

  it('a section the account may not see on a page it may is left out, not shown as a problem', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/sign-in?returnTo=/icbs/QZZ`);
    await page.getByLabel('E-mail').fill(PEERS);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/icbs/QZZ`);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main .nhsuk-error-summary').allTextContents()).toEqual([]);
  });

  it('the inbox filters by kind and read state in the address, says what a filter left out, and pages', async () => {
    const page: Page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/sign-in?returnTo=/inbox`);
    await page.getByLabel('E-mail').fill(LEAD);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/inbox`);
    await page.getByText('63 alerts, 63 unread. Showing 1–50.').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Next page (2 of 2)' }).click();
    await page.waitForURL(`${base}/inbox?page=2`);
    await page.getByText('Showing 51–63.').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(13);
    // by kind: the choice carries its count, the address keeps it, only that kind is listed
    await page.getByLabel('Kind of alert').selectOption({ label: 'Sustained shift (CUSUM) (3)' });
    await page.waitForURL(`${base}/inbox?kind=cusum`);
    await page
      .getByText('3 of the 63 alerts in your inbox are alerts of the kind “Sustained shift (CUSUM)”')
      .waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    // read ones of that kind: none, and the page says what the filter excluded
    await page.getByLabel('Read or unread').selectOption('read');
    await page.waitForURL(`${base}/inbox?kind=cusum&status=read`);
    await page
      .getByText(
        'None of the 63 alerts in your inbox are alerts you have read of the kind “Sustained shift (CUSUM)”.',
      )
      .waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    await page.getByRole('link', { name: 'Show all alerts' }).click();
    await page.waitForURL(`${base}/inbox`);
  });
});

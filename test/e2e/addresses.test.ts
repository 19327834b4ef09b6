/**
 * Real addresses (issue 16): each organisation type has its own (`/practices/:code`, `/trusts/:code`, `/icbs/:code`,
 * `/ccgs/:code`); the old `/organisations/:code` ends at the typed one without a step in the history; each page names
 * itself in the browser's title; NHS.UK's header script runs, so that on a phone the menu's "More" button opens the
 * items that do not fit; and moving between pages puts focus on the page's content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const PRACTICE = 'Z10001';
const TRUST = 'RZ1';

describe.runIf(HAVE_BROWSER)('browser: page addresses, titles and the header menu', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  let PRACTICE_NAME: string;
  beforeAll(async () => {
    rig = await startRig(async () => {}, { demo: true, syntheticData: true });
    ({ browser, base } = rig);
    [{ name: PRACTICE_NAME }] = await rig.db.query<{ name: string }>(
      'SELECT name FROM organisations WHERE code = $1',
      [PRACTICE],
    );
  });
  afterAll(() => rig?.close());

  it("/practices/:code is the practice's page, titled with its name, with breadcrumbs to its areas' own addresses", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/practices/${PRACTICE}`);
    await page.getByRole('heading', { level: 1, name: PRACTICE_NAME }).waitFor();
    await page.waitForFunction((t) => document.title === t, `${PRACTICE_NAME} – Lantern`);
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link');
    const hrefs = await crumbs.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['/', '/regions/Y90', '/icbs/QZZ', '/ccgs/9Z1']);
    expect(await seriousViolations(page)).toEqual([]);
    // a breadcrumb goes to the area's page at its address, inside the app
    await crumbs.filter({ hasText: /CCG/ }).click();
    await page.waitForURL(`${base}/ccgs/9Z1`);
    await page.getByRole('heading', { level: 1, name: /Synthetic North CCG/ }).waitFor();
    await page.close();
  });

  it('/organisations/:code ends at the typed address, replacing it in the history; a typed address of the wrong type moves on too', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/indicators`);
    await page.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();
    await page.goto(`${base}/organisations/${PRACTICE}?at=2024-01-01`);
    await page.waitForURL(`${base}/practices/${PRACTICE}?at=2024-01-01`);
    await page.getByRole('heading', { level: 1, name: PRACTICE_NAME }).waitFor();
    // back goes to the page before, not to the old address (which would send the reader forward again)
    await page.goBack();
    await page.waitForURL(`${base}/indicators`);

    await page.goto(`${base}/organisations/${TRUST}`);
    await page.waitForURL(`${base}/trusts/${TRUST}`);
    await page
      .getByRole('heading', { level: 1, name: 'Synthetic General Hospital NHS Trust (demo)' })
      .waitFor();
    await page.goto(`${base}/practices/${TRUST}`);
    await page.waitForURL(`${base}/trusts/${TRUST}`);
    await page.goto(`${base}/organisations/QZZ`);
    await page.waitForURL(`${base}/icbs/QZZ`);
    await page.close();
  });

  it('the title names each page, and moving to a page within the app puts focus on its content', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.getByRole('heading', { level: 1, name: 'Find a practice, trust or area' }).waitFor();
    expect(await page.title()).toBe('Find a practice, trust or area – Lantern');
    // first load: focus stays at the top, so that the first Tab reaches the skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Indicators' }).click();
    await page.waitForURL(`${base}/indicators`);
    await page.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();
    expect(await page.title()).toBe('Indicators – Lantern');
    // the menu marks the section the page is in
    const menu = page.getByRole('navigation', { name: 'Menu' });
    expect(await menu.getByRole('link', { name: 'Indicators' }).getAttribute('aria-current')).toBe('page');
    expect(
      await menu.getByRole('link', { name: 'Search and browse' }).getAttribute('aria-current'),
    ).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    await page.goto(`${base}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found – Lantern');
    await page.close();
  });

  it("at 375 px the header's More button (NHS.UK's script) opens the menu items that do not fit", async () => {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(base);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Menu' });
    const more = nav.getByRole('button', { name: 'Browse More' });
    await more.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    const publicLink = nav.getByRole('link', { name: 'For patients and the public' });
    expect(await publicLink.isVisible()).toBe(false);
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await publicLink.waitFor({ state: 'visible' });
    expect(await seriousViolations(page)).toEqual([]);
    // an item in the menu is an ordinary link within the app, and the menu closes behind it
    await publicLink.click();
    await page.waitForURL(`${base}/public`);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

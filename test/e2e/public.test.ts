/**
 * The public view in a real browser, signed out, on a 375 px wide screen: from the home page to the start page,
 * a search for a practice, its page (a figure with its interval and what it means), then the hospitals; every page
 * axe clean and without sideways scrolling, and printed (print media emulated) without the navigation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const PRACTICE = 'Z10001';
/** Screenshots of each page, as the other browser tests keep them (git-ignored). */
const SHOTS = 'test-results';

describe.runIf(HAVE_BROWSER)('browser: the public view, signed out', () => {
  let rig: BrowserRig;
  let page: Page;
  beforeAll(async () => {
    rig = await startRig();
    page = await (await rig.browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
  }, 300_000);
  afterAll(async () => {
    await rig?.close();
  });

  async function checkPage(where: string) {
    await page.waitForFunction(() => !document.querySelector('[role="status"]'));
    expect(await seriousViolations(page), `${where}: axe`).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
      `${where}: the page scrolls sideways at 375 px`,
    ).toBeLessThanOrEqual(375);
    // a table's caption stays on the screen even when its table scrolls in its box
    const captionEdges = await page.$$eval('main caption', (cs) =>
      cs.map((c) => c.getBoundingClientRect().right),
    );
    for (const right of captionEdges)
      expect(right, `${where}: a caption runs off the screen`).toBeLessThanOrEqual(375);
    // headings in order: one h1, and no level skipped
    const levels = await page.$$eval('main h1, main h2, main h3, main h4', (hs) =>
      hs.map((h) => Number(h.tagName[1])),
    );
    expect(levels[0], where).toBe(1);
    expect(
      levels.filter((l) => l === 1),
      where,
    ).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, where).toBeLessThanOrEqual(1);
  }

  it('walks from the home page to a practice’s figures and to the hospitals, accessible and printable', async () => {
    await page.goto(`${rig.base}/`);
    // signed out: the header and the home page both lead to the public view
    const menu = page.getByRole('navigation', { name: 'Menu' });
    // at 375 px the item is among those NHS.UK's header script moves into its "More" menu
    const publicItem = menu.locator('a[href="/public"]', { hasText: 'For patients and the public' });
    await publicItem.waitFor({ state: 'attached' });
    await menu.getByRole('button', { name: 'Browse More' }).click();
    await publicItem.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page
      .getByRole('main')
      .getByRole('link', { name: /Compare GP practices and hospitals/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Compare GP practices and hospitals' }).waitFor();
    await checkPage('start page');

    // search by name, keyboard only: type and press Enter
    await page.getByLabel('Find a GP practice').fill('practice 1 (demo)');
    await page.getByLabel('Find a GP practice').press('Enter');
    const result = page.getByRole('link', { name: /PRACTICE 1 \(DEMO\)$/ });
    await result.waitFor();
    expect(await result.getAttribute('href')).toBe(`/public/practices/${PRACTICE}`);
    await checkPage('search results');
    await result.focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: /PRACTICE 1 \(DEMO\)/ }).waitFor();
    await page.getByRole('table').first().waitFor();
    const caption = await page.locator('caption').first().textContent();
    expect(caption).toMatch(/beside England/);
    // a figure and its meaning: the antibiotic prescribing section, its value with an interval and its reading
    const api = (await (await page.request.get(`${rig.base}/api/public/practices/${PRACTICE}`)).json()) as {
      figures: Array<{
        indicator: string;
        title: string;
        meaning: string;
        interval: { lower: number } | null;
      }>;
    };
    const figure = api.figures.find((f) => f.indicator === 'antibiotic_items_per_starpu')!;
    const section = page.locator('section', {
      has: page.getByRole('heading', { level: 3, name: figure.title }),
    });
    await expect.poll(() => section.locator('.lantern-public-meaning').textContent()).toBe(figure.meaning);
    expect(await section.getByText(/95% interval .* to /).count()).toBeGreaterThan(0);
    expect(await section.getByRole('img').getAttribute('aria-label')).toMatch(/This practice: .*England: /);
    expect(await page.getByText(/tier|concern/i).count()).toBe(0);
    await checkPage('practice page');
    await page.screenshot({ path: `${SHOTS}/public-practice.png`, fullPage: true });

    // printed: no navigation, the sources' addresses written out, the table inside the page
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.nhsuk-header__navigation').isVisible()).toBe(false);
    expect(await page.locator('.lantern-public-back').isVisible()).toBe(false);
    expect(await page.getByText(/^This page: http/).isVisible()).toBe(true);
    expect(await page.locator('.lantern-public-url').first().textContent()).toMatch(/^https:\/\//);
    await page.setViewportSize({ width: 718, height: 1000 }); // A4 less 15 mm margins, at 96 px to the inch
    const tableWidth = await page
      .locator('.lantern-public-table')
      .first()
      .evaluate((t) => t.scrollWidth);
    expect(tableWidth).toBeLessThanOrEqual(718);
    await page.screenshot({ path: `${SHOTS}/public-practice-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 375, height: 800 });

    await page.getByRole('link', { name: 'Compare GP practices and hospitals' }).click();
    await page.getByRole('link', { name: /Compare hospital trusts/ }).click();
    await page.getByRole('heading', { level: 1, name: /Compare hospitals/ }).waitFor();
    await page.getByRole('row', { name: /Synthetic General Hospital/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: /A&E patients seen within 4 hours/ }).count()).toBe(
      1,
    );
    expect(await page.getByText(/concern/i).count()).toBe(0);
    await checkPage('hospitals');
    await page.screenshot({ path: `${SHOTS}/public-hospitals.png`, fullPage: true });
  });
});

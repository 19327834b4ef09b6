/**
 * In a real browser (Debian's chromium driven by playwright-core): search for a practice, open it, see its charts;
 * every page visited passes an axe-core accessibility check with no serious or critical violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

describe.runIf(HAVE_BROWSER)('browser: search, open a practice, read its charts', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    rig = await startRig(async () => {}, { demo: true, syntheticData: true });
    ({ browser, base } = rig);
  });
  afterAll(() => rig?.close());

  it('finds a practice by name, shows its charts, and every page is accessible', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Find a practice, trust or area',
    );
    expect(await page.getByRole('note').textContent()).toMatch(/SYNTHETIC/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Search by name, ODS code or postcode').fill('parkside practice 5');
    await page.keyboard.press('Enter');
    const result = page.getByRole('link', { name: 'SYNTHETIC PARKSIDE PRACTICE 5 (DEMO)' });
    await result.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await result.click();

    await page.getByRole('heading', { level: 1, name: 'SYNTHETIC PARKSIDE PRACTICE 5 (DEMO)' }).waitFor();
    await page.getByRole('heading', { name: 'Antibiotic items per antibacterial STAR-PU' }).waitFor();
    // a card's place stays in the page while its placeholder gives way to its chart, so it is what is scrolled to
    const card = page.locator('.lantern-series-slot', {
      has: page.getByRole('heading', { name: 'Antibiotic items per antibacterial STAR-PU' }),
    });
    // every indicator's chart is drawn once scrolled to (its figures are asked for as it nears the screen)
    const cards = page.locator('section[aria-labelledby="indicators-heading"] .lantern-series-slot');
    const count = await cards.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i++) {
      await cards.nth(i).scrollIntoViewIfNeeded();
      await cards.nth(i).locator('figure svg').first().waitFor();
    }
    await card.scrollIntoViewIfNeeded();
    await card.locator('svg circle').first().waitFor();
    // the practice's line has a point for each of its 60 months
    expect(await card.locator('svg circle').count()).toBe(60);
    // the age/sex pyramid: 9 bands × 2 sexes
    expect(
      await page.locator('svg[aria-label^="Registered patients by age band"] rect').count(),
    ).toBeGreaterThanOrEqual(18);
    // the figures behind a chart open from the keyboard
    await card.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await card.getByRole('table').locator('tbody tr').count()).toBe(60);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/practice.png', fullPage: false });

    for (const path of ['/indicators', '/data', '/ccgs/9Z1']) {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });

  it('an unknown practice says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/practices/A99999`);
    expect(await page.getByRole('alert').textContent()).toMatch(/No organisation has the code A99999/);
  });
});

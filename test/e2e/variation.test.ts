/**
 * A commissioner in a real browser: from the area's practice tiers to a practice, its tier with the evidence and
 * the rules as applied, and on to the indicator's funnel plot; every page passes axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { computeResults } from '../../src/variation/compute.js';
import { HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

describe.runIf(HAVE_BROWSER)('browser: a commissioner reviews practice variation', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    rig = await startRig(async (db) => {
      const u = await createLocalUser(db, {
        email: 'lead@qzz.test.lantern.invalid',
        password: TEST_PASSWORD,
      });
      await addGrant(db, u.id, 'commissioner_lead', 'QZZ');
      await computeResults(db); // stored results, for the CUSUM
    });
    ({ browser, base } = rig);
  });
  afterAll(() => rig?.close());

  it('goes from the ICB to a practice, through its evidence, to the funnel plot', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in?returnTo=/icbs/QZZ`);
    await page.getByLabel('E-mail').fill('lead@qzz.test.lantern.invalid');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Practice tiers' }).waitFor();
    const tiers = page.locator('section[aria-labelledby="tiers-heading"]');
    const rows = tiers.locator('table.lantern-matrix tbody tr');
    await rows.first().waitFor();
    // the tiers and the overview grid can be downloaded, each link saying what it holds
    expect(
      await tiers
        .getByRole('link', {
          name: /^Download Excel spreadsheet \(\.xlsx\): every practice of .+latest result/,
        })
        .getAttribute('href'),
    ).toBe('/api/tiers/grid/export?area=QZZ&format=xlsx');
    expect(
      await tiers
        .getByRole('link', { name: /^Download CSV: the tier of every practice of / })
        .getAttribute('href'),
    ).toBe('/api/tiers/export?area=QZZ&format=csv');
    // the area's 36 practices, 25 to a page
    expect(await rows.count()).toBe(25);
    // what each indicator's figures are: under an adjusted one's name, observed ÷ expected (not its unit); each
    // change names the pooled months on each side
    const answer = await page.evaluate(async () => (await fetch('/api/tiers?area=QZZ')).json());
    const headers = tiers.locator('table.lantern-matrix thead th');
    for (const i of answer.indicators as Array<{ title: string; adjusted: boolean }>) {
      const header = headers.filter({ hasText: i.title });
      expect(await header.count(), i.title).toBe(1);
      const text = await header.textContent();
      if (i.adjusted) expect(text, i.title).toContain(`${i.title}observed ÷ expected`);
      else expect(text, i.title).not.toContain('observed ÷ expected');
    }
    const months = (p: { windowStart: string; periodStart: string }) =>
      p.windowStart === p.periodStart
        ? `(${p.periodStart.slice(0, 7)})`
        : `(${p.windowStart.slice(0, 7)} to ${p.periodStart.slice(0, 7)})`;
    const changeRows = tiers.locator('table[aria-labelledby="changes-heading"] tbody tr');
    expect(await changeRows.count()).toBe(answer.changes.length);
    for (const [k, c] of (answer.changes as Array<{ from: never; to: never }>).entries()) {
      const cells = await changeRows.nth(k).locator('td').allTextContents();
      expect(cells[2]).toContain(months(c.from));
      expect(cells[3]).toContain(months(c.to));
    }
    expect(await tiers.getByText(/^Showing 1–25 of 36 practices\.$/).count()).toBe(1);
    expect(await tiers.textContent()).toMatch(/never an individual clinician/);
    expect(await seriousViolations(page)).toEqual([]);
    // the area's quality committee pack, offered to its commissioner
    expect(
      await page.getByRole('link', { name: 'Download quality committee pack (PDF)' }).getAttribute('href'),
    ).toBe('/api/reports/committee/QZZ?format=pdf');

    // the first practice listed is the one furthest from expected (below the line or could do better first)
    const first = rows.first();
    const tierText = await first.locator('td').first().textContent(); // the practice is the row's header cell
    // the synthetic area has 3 practices that could do better and none below the line: one of them leads the list
    expect(tierText).toBe('Could do better: share the data');
    await first.getByRole('link').click();
    await page.getByRole('heading', { name: 'Tier', exact: true }).waitFor();
    const panel = page.locator('section[aria-labelledby="tier-heading"]');
    await panel.locator('.lantern-tier').waitFor();
    expect(await panel.locator('.lantern-tier p').first().textContent()).toBe(tierText);
    await panel.getByText('The rules applied (version 1)').click();
    expect(await panel.getByRole('listitem').first().textContent()).toMatch(
      // the synthetic area loads one family of indicators, so the first rule set needs that one
      /^Below the line: worse than expected beyond the 99\.8% limits.* on indicators of at least 1 family .*pooled over its periods in the latest 4 months/,
    );
    expect(await seriousViolations(page)).toEqual([]);

    // the practice's indicators over time, as SPC charts with their special causes
    const spc = page.locator('section[aria-labelledby="spc-heading"]');
    await spc.locator('figure svg').first().waitFor();
    expect(await spc.locator('figcaption').textContent()).toMatch(/periods on a Making Data Count XmR chart/);
    // and its most similar practices on case mix
    const peers = page.locator('section[aria-labelledby="peers-heading"]');
    await peers.locator('table tbody tr').first().waitFor();
    expect(await peers.locator('table').first().locator('tbody tr').count()).toBe(11); // itself and 10 peers
    // its spine chart against England, with the figures as a table
    const spine = page.locator('section[aria-labelledby="spine-heading"]');
    await spine.locator('figure svg').first().waitFor();
    expect(await spine.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await spine.locator('tbody tr').first().locator('td').last().textContent()).toMatch(
      /expected|variation|no counts/,
    );
    // its report for the practice's meeting: a PDF to download, or the same as a web page
    const report = page.locator('section[aria-labelledby="practice-report-heading"]');
    const pdfLink = report.getByRole('link', { name: 'Download practice report (PDF)' });
    expect(await pdfLink.getAttribute('href')).toMatch(/^\/api\/reports\/practice\/[A-Z0-9]+\?format=pdf$/);
    // (its content is tested through the API: test/api/meeting-reports.test.ts)
    const code = /\/practice\/([A-Z0-9]+)\?/.exec((await pdfLink.getAttribute('href'))!)![1];
    expect(await report.getByRole('link', { name: /^View as web page/ }).getAttribute('href')).toBe(
      `/api/reports/practice/${code}?format=html`,
    );
    expect(page.url()).toContain(`/practices/${code}`);
    // and its CUSUM for sustained shifts, from the stored results
    const cusum = page.locator('section[aria-labelledby="cusum-heading"]');
    await cusum.locator('figure svg').first().waitFor();
    expect(await cusum.textContent()).toMatch(/k = 0\.5, h = 5/);
    expect(await cusum.locator('figcaption').textContent()).toMatch(/\d+ signals? in \d+ periods/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/practice.png', fullPage: true });

    const evidence = panel.getByRole('table').locator('tbody tr');
    expect(await evidence.count()).toBeGreaterThan(0);
    await evidence.first().getByRole('link').first().click(); // the indicator, opening the funnel as the tier saw it
    await page.locator('figure svg circle').first().waitFor();
    expect(await page.locator('figure svg circle').count()).toBeGreaterThanOrEqual(30);
    expect(await page.getByRole('img').first().getAttribute('aria-label')).toMatch(
      /^Funnel plot of \d+ practices/,
    );
    expect(await page.locator('figcaption').first().textContent()).toMatch(/Limits allow for overdispersion/);
    // the download pair beside the table: the funnel's export with the page's query, named for what it holds
    const csvLink = page.getByRole('link', { name: /^Download CSV: .+every practice with its limits/ });
    const xlsxLink = page.getByRole('link', {
      name: /^Download Excel spreadsheet \(\.xlsx\): .+every practice with its limits/,
    });
    expect(await csvLink.getAttribute('href')).toMatch(/\/funnel\/export\?.*format=csv$/);
    const xlsxHref = (await xlsxLink.getAttribute('href'))!;
    expect(xlsxHref).toMatch(/\/funnel\/export\?.*format=xlsx$/);
    expect(await page.evaluate(async (u) => (await fetch(u)).headers.get('content-type'), xlsxHref)).toMatch(
      /spreadsheetml/,
    );
    // the table sorts by any column: by value, highest first
    await page.getByRole('button', { name: /^Value/ }).click();
    // sorted by the server: the heading says so once the rows sorted that way are shown
    await page.locator('th[aria-sort="descending"]', { hasText: /^Value/ }).waitFor();
    const practices = page.locator('table', {
      has: page.locator('caption', { hasText: 'Practices and their limits' }),
    });
    const values = (await practices.locator('tbody tr td:nth-child(4)').allTextContents()).map(Number);
    expect(values.length).toBeGreaterThanOrEqual(30);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // the spread over time: decile bands and the median
    const deciles = page.locator('section[aria-labelledby="deciles-heading"]');
    await deciles.locator('figure svg').waitFor();
    expect(await deciles.locator('figcaption').textContent()).toMatch(
      /10th percentile .*, median .*, 90th percentile/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/funnel.png', fullPage: true });
  });

  it('makes a practice group on the ICB page and compares within it', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in?returnTo=/icbs/QZZ`);
    await page.getByLabel('E-mail').fill('lead@qzz.test.lantern.invalid');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const groups = page.locator('section[aria-labelledby="groups-heading"]');
    await groups.getByText(/^No groups yet/).waitFor();
    await groups.getByText('Make a group').click();
    await groups.getByLabel('Name').fill('Parkside locality');
    await groups.getByLabel('Kind').selectOption('locality');
    const boxes = groups.getByRole('checkbox');
    for (let i = 0; i < 4; i++) await boxes.nth(i).check();
    await groups.getByRole('button', { name: 'Make the group' }).click();
    await groups.getByRole('cell', { name: 'Parkside locality', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await groups.getByRole('link', { name: /^Within the group/ }).click();
    await page.getByText(/Practices of the group “Parkside locality”/).waitFor();
    expect(await page.locator('p', { hasText: 'Practices of the group' }).textContent()).toMatch(
      /compared with the practices of the group/,
    );
    await page.locator('figure svg circle').first().waitFor();
    expect(await page.locator('figure svg circle').count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

/**
 * What a reviewer of the running demo found, on real open data, in a real browser at a desktop width (1280 px):
 * indicators that cannot have a funnel say why in the page's own layout (not an error box) and ask nothing that
 * leaves an error in the console, while a genuine failure still shows the error box; the concerns filters line up;
 * the header's "Sign out" has the NHS.UK focus style; and the data loads table fits the page, its file names breaking
 * between their parts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer, WEB_DIST } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { Database } from '../../src/db/connect.js';
import { DEMO_PASSWORD, demoScope, syncDemoAccounts } from '../../src/auth/accounts-setup.js';
import { seedDemoConcerns } from '../../src/concerns/demo.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { openTestPglite } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { HAVE_BROWSER, launchBrowser, seriousViolations, signInContext } from './browser.js';

const FILES = [
  'ods/eccg_2018-11.csv',
  'ods/epraccur_2021-11.csv',
  'ods/ccg_to_icb_2022.csv',
  'ods/nhs_trusts_2023.csv',
  // QOF prevalence by CCG: SMOK and THY are practice indicators with figures for areas only, so no funnel
  'qof/2013-14/qof_prevalence_by_ccg_2013-14.csv',
  // QOF achievement: published values without counts
  'qof/2023-24/qof_cvd_achievement_prevalence_2023-24.csv',
  // practice prescribing with counts (a funnel), whose load carries a long note naming the file
  'prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
  'provider/healthyr_snapshots/ae_attendances_by_trust_2022_single_month.csv',
];

/** Screenshots of each page as fixed, for a person to look at (not compared). */
const SHOTS = 'test-results';
const NHS_YELLOW = 'rgb(255, 235, 59)';
const NHS_TEXT = 'rgb(33, 43, 50)';

describe.runIf(HAVE_BROWSER && HAS_SHARED_DATA)(
  'browser: what the demo’s reviewer found, on real data',
  () => {
    let db: Database;
    let app: FastifyInstance;
    let browser: Browser;
    let base: string;
    let lead: BrowserContext;

    beforeAll(async () => {
      if (!existsSync(WEB_DIST)) throw new Error('the web UI is not built: run `npm run build:web`');
      db = await openTestPglite();
      for (const f of FILES) await ingestFile(db, shared(f));
      await syncDemoAccounts(db, true);
      const scope = (await demoScope(db))!;
      const keys = PatientKeys.random();
      await seedDemoConcerns(db, keys, { icb: scope.icb, trust: scope.trust });
      app = await buildServer(db, { rateLimit: false, patientKeys: keys, demo: true });
      // localhost, not 127.0.0.1: the session cookie is __Host- and Secure, which a browser keeps for localhost
      base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
      browser = await launchBrowser();
      lead = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      expect(await signInContext(lead, base, 'lead@demo.lantern.invalid', DEMO_PASSWORD)).toBe(200);
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await db?.close();
    });

    /** A page as the commissioner, with what it logged as an error and the API calls it made. */
    async function open(path: string) {
      const page = await lead.newPage();
      const problems: string[] = [];
      const asked: string[] = [];
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
          problems.push(`console: ${m.text()} (${m.location().url})`);
      });
      page.on('request', (r) => {
        if (r.url().includes('/api/')) asked.push(new URL(r.url()).pathname);
      });
      await page.goto(`${base}${path}`);
      return { page, problems, asked };
    }

    const funnelSection = (page: Page) => page.locator('section[aria-label="Funnel plot"]');

    /** The calm state: why there is no funnel, what can be seen instead, the definition; no error box. */
    async function expectNoFunnel(page: Page, title: string, why: RegExp) {
      await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
      const funnel = funnelSection(page);
      const note = funnel.locator('.nhsuk-inset-text');
      await note.getByRole('heading', { name: 'No funnel plot for this indicator' }).waitFor();
      expect(await note.textContent()).toMatch(why);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.getByText('There is a problem').count()).toBe(0);
      expect(await page.locator('.nhsuk-error-summary').count()).toBe(0);
      // no internal code or message in the reason
      expect(await note.textContent()).not.toMatch(/qof_|funnel plots need/);
      // what can still be looked at
      expect(await note.getByRole('link', { name: 'find a practice or area' }).getAttribute('href')).toBe(
        '/',
      );
      expect(await note.getByRole('link', { name: 'data loads' }).getAttribute('href')).toBe('/data');
      expect(await note.getByRole('link', { name: 'the other indicators' }).getAttribute('href')).toBe(
        '/indicators',
      );
      const definition = page.locator('section[aria-labelledby="definition-heading"]');
      expect(await definition.getByRole('heading', { name: 'How this indicator is defined' }).count()).toBe(
        1,
      );
      expect(await definition.locator('dt').allTextContents()).toEqual(
        expect.arrayContaining(['What it measures', 'Source', 'Code']),
      );
    }

    it('an indicator with counts for fewer than 3 practices, or with values but no counts, says why there is no funnel, calmly, with nothing in the console', async () => {
      for (const [code, title, why] of [
        ['qof_prevalence_smok', 'Smoking: recorded prevalence', /fewer than 3 GP practices have the counts/],
        [
          'qof_prevalence_thy',
          'Hypothyroidism: recorded prevalence',
          /fewer than 3 GP practices have the counts/,
        ],
        ['qof_achievement_hyp', 'Hypertension: QOF achievement', /finished value .* without the counts/],
      ] as const) {
        const { page, problems, asked } = await open(`/indicators/${code}`);
        await expectNoFunnel(page, title, why);
        await page.waitForLoadState('networkidle');
        // the catalogue already says there is no funnel: it is not asked for (its refusal would be a console error)
        expect(
          asked.filter((a) => a.includes('/funnel')),
          code,
        ).toEqual([]);
        expect(problems, code).toEqual([]);
        expect(await seriousViolations(page), code).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/no-funnel-${code}.png`, fullPage: true });
        await page.close();
      }
    });

    it('the catalogue links a title to its funnel only where one can be drawn, and says why SMOK and THY have none', async () => {
      const { page, problems } = await open('/indicators');
      const table = page.getByRole('table');
      await table.locator('tbody tr').first().waitFor();
      const catalogue = (await app.inject({ method: 'GET', url: '/api/indicators' })).json() as {
        indicators: Array<{ code: string; title: string; published: boolean; noFunnel: string | null }>;
      };
      const linked = await table
        .locator('tbody a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const withFunnel = catalogue.indicators.filter((i) => i.published && i.noFunnel === null);
      expect(linked.sort()).toEqual(withFunnel.map((i) => `/indicators/${i.code}`).sort());
      expect(withFunnel.length).toBeGreaterThan(0);
      for (const code of ['qof_prevalence_smok', 'qof_prevalence_thy']) {
        const row = table.locator('tbody tr', { has: page.locator(`code:text-is("${code}")`) });
        expect(await row.getByRole('link').count(), code).toBe(0);
        expect(await row.textContent(), code).toMatch(
          /No funnel plot: fewer than 3 practices have its counts in any period/,
        );
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    it('a refusal saying no period has a funnel is shown calmly too; a failure of the server or network still shows the error box', async () => {
      const code = 'antibacterial_items_per_1000';
      const funnelApi = new RegExp(`/api/indicators/${code}/funnel(/points)?\\?`);
      const answers: Array<
        [string, (r: import('playwright-core').Route) => Promise<void>, 'calm' | 'error']
      > = [
        [
          'a 400 offering no periods',
          (r) =>
            r.fulfill({
              status: 400,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                status: 400,
                detail: `${code} has counts for fewer than 3 practices in every period, so no funnel can be drawn`,
                periods: [],
              }),
            }),
          'calm',
        ],
        [
          'a 500',
          (r) =>
            r.fulfill({
              status: 500,
              contentType: 'application/problem+json',
              body: JSON.stringify({ status: 500, detail: 'the store broke' }),
            }),
          'error',
        ],
        ['a network failure', (r) => r.abort('connectionreset'), 'error'],
      ];
      for (const [what, answer, expected] of answers) {
        const page = await lead.newPage();
        await page.route(funnelApi, answer);
        await page.goto(`${base}/indicators/${code}`);
        const funnel = funnelSection(page);
        if (expected === 'calm') {
          await funnel.getByRole('heading', { name: 'No funnel plot for this indicator' }).waitFor();
          expect(await funnel.textContent(), what).toMatch(/fewer than 3 GP practices have the counts/);
          expect(await page.getByRole('alert').count(), what).toBe(0);
        } else {
          await funnel.getByRole('alert').waitFor();
          expect(await funnel.getByRole('alert').textContent(), what).toMatch(/There is a problem/);
          expect(await funnel.locator('.nhsuk-inset-text').count(), what).toBe(0);
        }
        await page.close();
      }
      // unrouted, the same page draws its funnel
      const { page, problems } = await open(`/indicators/${code}`);
      await funnelSection(page).locator('figure svg[aria-label^="Funnel plot of"]').waitFor();
      expect(problems).toEqual([]);
      await page.close();
    });

    it('the concerns filters line up: the "Overdue only" checkbox sits beside "Show", its label on one line and tied to it', async () => {
      const { page, problems } = await open('/concerns');
      const select = page.getByLabel('Show', { exact: true });
      await select.waitFor();
      const box = page.getByRole('checkbox', { name: 'Overdue only' });
      const s = (await select.boundingBox())!;
      const c = (await box.boundingBox())!;
      // beside the dropdown, on its line: their middles level within a few pixels
      expect(c.x).toBeGreaterThan(s.x + s.width);
      expect(Math.abs(c.y + c.height / 2 - (s.y + s.height / 2))).toBeLessThanOrEqual(4);
      // the label is one line, and beside its box
      const label = page.locator('label[for="overdue-filter"]');
      expect(await lines(label)).toBe(1);
      const l = (await label.boundingBox())!;
      expect(l.x).toBeGreaterThanOrEqual(c.x + c.width - 12);
      expect(Math.abs(l.y + l.height / 2 - (c.y + c.height / 2))).toBeLessThanOrEqual(4);
      await page.locator('.lantern-filters').screenshot({ path: `${SHOTS}/concerns-filters.png` });
      // choosing it by its label filters the list, and the address keeps it
      await label.click();
      await page.waitForURL(/[?&]overdue=/);
      expect(await box.isChecked()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('"Sign out" in the header takes the NHS.UK yellow focus style, as the account link beside it does', async () => {
      const { page } = await open('/concerns');
      const account = page.locator('.lantern-user a');
      await account.waitFor();
      await account.focus();
      await page.keyboard.press('Tab');
      const signOut = page.getByRole('button', { name: 'Sign out' });
      expect(await signOut.evaluate((b) => b === document.activeElement)).toBe(true);
      const focusStyle = (l: Locator) =>
        l.evaluate((e) => {
          const s = getComputedStyle(e);
          return { background: s.backgroundColor, color: s.color, shadow: s.boxShadow };
        });
      const style = await focusStyle(signOut);
      expect(style.background).toBe(NHS_YELLOW);
      expect(style.color).toBe(NHS_TEXT);
      expect(style.shadow).toMatch(/rgb\(33, 43, 50\)/);
      await page.locator('header').screenshot({ path: `${SHOTS}/sign-out-focus.png` });
      await account.focus();
      expect(await focusStyle(account)).toEqual(style);
      await page.close();
    });

    it('the data loads table fits the page at 1280 px: the notes are whole and the file names break only between their parts', async () => {
      const { page, problems } = await open('/data');
      const table = page.locator('table', { has: page.locator('caption', { hasText: 'most recent loads' }) });
      await table.locator('tbody tr').first().waitFor();
      const fits = await table.evaluate((t) => {
        const box = t.parentElement!;
        return { scroll: box.scrollWidth, client: box.clientWidth };
      });
      expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1);
      // so it is a plain box, not a region offered for scrolling sideways
      expect(await page.getByRole('region', { name: /most recent loads/ }).count()).toBe(0);
      // the right edge of each note is inside the box
      const boxRight = await table.evaluate((t) => t.parentElement!.getBoundingClientRect().right);
      for (const right of await table
        .locator('tbody td:last-child')
        .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().right)))
        expect(right).toBeLessThanOrEqual(boxRight + 1);
      // the long file name of the prescribing file is there whole, and wraps only after / _ -
      const names = table.locator('tbody td:nth-child(2) code');
      expect(await names.allTextContents()).toContain(
        'manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
      );
      for (const name of await names.all()) {
        const breaks = await breaksIn(name);
        expect(
          breaks.filter((b) => !'/_-'.includes(b)),
          (await name.textContent())!,
        ).toEqual([]);
      }
      // a wrapped name keeps whole parts on its lines (not one character to a line)
      const longest = names.filter({ hasText: 'manchester_antibacterial' });
      expect((await breaksIn(longest)).length).toBeLessThanOrEqual(6);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await table.screenshot({ path: `${SHOTS}/data-loads.png` });
      await page.close();
    });
  },
);

/** How many lines an element's text takes. */
async function lines(l: Locator): Promise<number> {
  return (await breaksIn(l)).length + 1;
}

/** The character before each line break in an element's text. */
function breaksIn(l: Locator): Promise<string[]> {
  return l.evaluate((el) => {
    const breaks: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let top: number | null = null;
    let last = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r || text[i] === ' ') continue;
        if (top !== null && r.top > top + 2) breaks.push(last);
        top = r.top;
        last = text[i]!;
      }
    }
    return breaks;
  });
}

/**
 * Pages a person can use, on real open data (Greater Manchester's practices, prescribing and workforce, the
 * 2022 trust snapshots, and the demo accounts and synthetic concerns that `lantern serve --demo` writes): the
 * practice, ICB, CCG, trust and concern pages, as an anonymous visitor, a practice user and a commissioner, each
 * show their heading and settle every panel, throw nothing into the console, pass axe-core, and reflow at 375 px
 * (no sideways scroll of the page; tables scroll in their own box); every demo account, on its own and another area's
 * ICB, practice and trust pages, is refused nothing (no section asks for what its viewer may not see). No request leaves the server (fonts included),
 * the first Tab reaches the skip link, and the ICB page's practice table can be filtered, sorted and paged, with
 * the state in the address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer, WEB_DIST } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { Database } from '../../src/db/connect.js';
import { computeResults } from '../../src/variation/compute.js';
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
  'ods/practice_pcn_ccg_stp_region_2020-21.csv',
  'ods/nhs_trusts_2023.csv',
  'prescribing/manchester_ktt9_antibiotic_items_per_starpu_2014-10_2019-09.csv',
  'prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
  'workforce/gp_workforce_by_practice_2023-2025.csv',
  'provider/healthyr_snapshots/ae_attendances_by_trust_2022_single_month.csv',
  'provider/healthyr_snapshots/outpatient_referrals_by_trust_2022_single_month.csv',
];

/** Every demo account, and a visitor not signed in. */
const EVERYONE = [
  'anonymous',
  'admin',
  'lead',
  'analyst',
  'practice',
  'clinician',
  'peers',
  'provider',
  'partner',
] as const;
type Who = (typeof EVERYONE)[number];

describe.runIf(HAVE_BROWSER && HAS_SHARED_DATA)('browser: pages a person can use, on real data', () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let scope: NonNullable<Awaited<ReturnType<typeof demoScope>>>;
  let ccg: string;
  let concern: number;
  const contexts = new Map<Who, BrowserContext>();

  beforeAll(async () => {
    if (!existsSync(WEB_DIST)) throw new Error('the web UI is not built: run `npm run build:web`');
    const t0 = Date.now();
    db = await openTestPglite();
    for (const f of FILES) await ingestFile(db, shared(f));
    await computeResults(db);
    await syncDemoAccounts(db, true);
    scope = (await demoScope(db))!;
    const keys = PatientKeys.random();
    await seedDemoConcerns(db, keys, { icb: scope.icb, trust: scope.trust });
    [{ ccg }] = await db.query<{ ccg: string }>(
      `SELECT parent_code AS ccg FROM organisation_links WHERE child_code = $1 AND relationship = 'practice_sub_icb'
        AND valid_to IS NULL`,
      [scope.practice],
    );
    [{ id: concern }] = await db.query<{ id: number }>('SELECT min(id)::int AS id FROM concerns');
    app = await buildServer(db, { rateLimit: false, patientKeys: keys, demo: true });
    // localhost, not 127.0.0.1: the session cookie is __Host- and Secure, which a browser keeps for localhost
    base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
    browser = await launchBrowser();
    for (const who of EVERYONE) {
      const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
      if (who !== 'anonymous') {
        expect(
          await signInContext(ctx, base, `${who}@demo.lantern.invalid`, DEMO_PASSWORD),
          `sign-in as ${who}`,
        ).toBe(200);
      }
      contexts.set(who, ctx);
    }
    console.log(
      `page-sweep: ${FILES.length} files, results, demo accounts and concerns in ${Date.now() - t0} ms`,
    );
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** Open a page as someone and watch it: what it threw or logged as an error, and every request off the server. */
  async function open(who: Who, path: string) {
    const page = await contexts.get(who)!.newPage();
    const problems: string[] = [];
    const outside: string[] = [];
    const refusals = new Set<string>();
    const refused: string[] = [];
    const answered: string[] = [];
    const pending = new Set<unknown>();
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
      if (r.url().includes('/api/')) pending.add(r);
    });
    page.on('requestfinished', (r) => {
      pending.delete(r);
      answered.push(r.url().slice(base.length));
    });
    page.on('requestfailed', (r) => pending.delete(r));
    page.on('response', (r) => {
      // a refusal (403 for a section this viewer may not see, 404 for no data) is an answer the page shows
      if (r.status() >= 400 && r.url().includes('/api/')) {
        refusals.add(r.url());
        refused.push(`${r.status()} ${r.url().slice(base.length)}`);
      }
    });
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location().url;
      if (/^Failed to load resource/.test(m.text()) && (refusals.has(url) || url.endsWith('/favicon.ico')))
        return;
      problems.push(`console: ${m.text()} (${url})`);
    });
    await page.goto(`${base}${path}`);
    return { page, problems, outside, refused, answered, pending };
  }

  /**
   * Until the session has been answered and no API request has been in flight for a while: the sections the
   * session allows ask for theirs only once it is in.
   */
  async function quiet(answered: string[], pending: Set<unknown>) {
    await expect.poll(() => answered.includes('/api/auth/session'), { timeout: 30_000 }).toBe(true);
    for (let still = 0; still < 4;) {
      await new Promise((done) => setTimeout(done, 200));
      still = pending.size === 0 ? still + 1 : 0;
    }
  }

  /** Every panel settled: no "Loading…" left (the session comes first, then the sections it allows). */
  async function settle(page: Page) {
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page
      .getByRole('status')
      .filter({ hasText: 'Loading' })
      .first()
      .waitFor({ state: 'detached', timeout: 60_000 });
  }

  it('practice, ICB, CCG, trust and concern pages: a heading, settled panels, no errors, axe clean, no sideways scroll at 375 px, nothing fetched from elsewhere', async () => {
    const t0 = Date.now();
    const pages: Array<[Who[], string]> = [
      [['anonymous', 'practice', 'lead'], `/practices/${scope.practice}`],
      [['anonymous', 'practice', 'lead'], `/icbs/${scope.icb}`],
      [['anonymous', 'lead'], `/ccgs/${ccg}`],
      [['anonymous', 'practice', 'lead'], `/trusts/${scope.trust}`],
      [['practice', 'lead'], '/concerns'],
      [['lead'], `/concerns/${concern}`],
      [['practice'], '/concerns/new'],
      [['lead'], '/concerns/themes'],
      [['anonymous'], '/sign-in'],
      [['anonymous'], `/indicators/antibiotic_items_per_starpu`],
    ];
    let visits = 0;
    for (const [whos, path] of pages)
      for (const who of whos) {
        const where = `${path} as ${who}`;
        const { page, problems, outside } = await open(who, path);
        await settle(page);
        expect(await page.getByRole('heading', { level: 1 }).count(), where).toBe(1);
        expect(await page.getByText(/could not be shown/).count(), `${where}: a panel failed to draw`).toBe(
          0,
        );
        expect(problems, where).toEqual([]);
        expect(outside, where).toEqual([]);
        expect(await seriousViolations(page), where).toEqual([]);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(375);
        await page.close();
        visits++;
      }
    console.log(`page-sweep: ${visits} pages in ${Date.now() - t0} ms`);
  }, 300_000);

  it('no section asks for what its viewer may not see: every demo account meets no refusal on the ICB, practice and trust pages, its own and others, and the peer group lead has no practice groups on its ICB’s page', async () => {
    // found as the demo peer group lead: /icbs/QOP asked GET /api/groups?area=QOP, was refused (403), hid the
    // section and left the refusal in the console
    const [other] = await db.query<{ icb: string; practice: string; trust: string }>(
      `SELECT i.parent_code AS icb, min(p.child_code) AS practice,
              (SELECT min(code) FROM organisations WHERE type = 'trust' AND code <> $2 AND close_date IS NULL) AS trust
         FROM organisation_links p
         JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
        WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code <> $1
        GROUP BY i.parent_code ORDER BY i.parent_code LIMIT 1`,
      [scope.icb, scope.trust],
    );
    // everyone on the two ICBs and the other ICB's practice (where the refusals were); the practice and trust pages
    // the others asked of, by the accounts they are for (CI time: each visit waits for the page to settle)
    const visits: Array<[Who, string]> = [
      ...EVERYONE.flatMap((who): Array<[Who, string]> => [
        [who, `/icbs/${scope.icb}`],
        [who, `/icbs/${other.icb}`],
        [who, `/practices/${other.practice}`],
      ]),
      ...(['practice', 'clinician', 'lead'] as const).map((who): [Who, string] => [
        who,
        `/practices/${scope.practice}`,
      ]),
      ...(['provider', 'lead', 'anonymous'] as const).flatMap((who): Array<[Who, string]> => [
        [who, `/trusts/${scope.trust}`],
        [who, `/trusts/${other.trust}`],
      ]),
    ];
    const groupsOnIcb = new Map<Who, boolean>();
    const found: string[] = [];
    for (const [who, path] of visits) {
      const { page, problems, refused, answered, pending } = await open(who, path);
      await settle(page);
      await quiet(answered, pending);
      for (const x of [...refused, ...problems]) found.push(`${path} as ${who}: ${x}`);
      if (path === `/icbs/${scope.icb}`)
        groupsOnIcb.set(who, (await page.getByRole('heading', { name: 'Practice groups' }).count()) > 0);
      await page.close();
    }
    expect(found).toEqual([]);
    // the section is the ICB's commissioners' (and the administrator's), not the PCN's peer group lead's
    expect(groupsOnIcb.get('peers')).toBe(false);
    expect(groupsOnIcb.get('lead')).toBe(true);
    expect(groupsOnIcb.get('analyst')).toBe(true);
    expect(groupsOnIcb.get('admin')).toBe(true);
  }, 480_000);

  it('workforce resilience: the practice section charts FTE by staff group, states its flags and limits; the CCG lists its practices', async () => {
    const { page, problems } = await open('anonymous', `/practices/${scope.practice}`);
    await settle(page);
    const section = page.getByRole('region', { name: 'Workforce resilience' });
    await section.getByText('Context for commissioners, not tier evidence.').waitFor();
    // the chart is drawn (PlotFigure draws charts below the fold a little later)
    await section.locator('figure svg[aria-label="Full-time equivalent staff by group and year"]').waitFor();
    const table = section.getByRole('table', { name: 'Staff and patients by year' });
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    await section.getByText('What these figures cannot show').click();
    await section
      .getByText(/employed by the primary care network/)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const area = await open('anonymous', `/ccgs/${ccg}`);
    await settle(area.page);
    const rows = area.page
      .getByRole('region', { name: 'Workforce resilience' })
      .getByRole('table', { name: /latest year and its flags/ })
      .getByRole('row');
    expect(await rows.count()).toBeGreaterThan(5);
    expect([...problems, ...area.problems]).toEqual([]);
    await page.close();
    await area.page.close();
  }, 120_000);

  it('a practice’s indicators over time: their list first, then each chart’s figures as it nears the screen, never every figure at once', async () => {
    const asked: string[] = [];
    const { page, problems } = await open('lead', `/practices/${scope.practice}`);
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith(`/api/organisations/${scope.practice}/indicator`))
        asked.push(url.pathname + url.search);
    });
    await page.reload();
    await settle(page);
    const list = (await (await app.inject(`/api/organisations/${scope.practice}/indicator-list`)).json()) as {
      indicators: Array<{ code: string; definition: { title: string } | null }>;
    };
    expect(list.indicators.length).toBeGreaterThan(3);
    const section = page.locator('section[aria-labelledby="indicators-heading"]');
    // every indicator has its card and heading from the start, in the list's order within each domain
    expect(await section.locator('h3.nhsuk-heading-s').count()).toBe(list.indicators.length);
    expect(asked).toContain(`/api/organisations/${scope.practice}/indicator-list`);
    expect(asked.filter((a) => a.endsWith('/indicators'))).toEqual([]);
    const series = () => asked.filter((a) => a.includes('/indicators?indicator='));
    // the cards far below the screen have not been asked for
    expect(series().length).toBeLessThan(list.indicators.length);
    const last = list.indicators.at(-1)!;
    const waiting = section.locator(`.lantern-series-slot[data-indicator="${last.code}"]`);
    expect(await waiting.count()).toBe(1);
    expect(await waiting.locator('.lantern-card--waiting').count()).toBe(1);
    await waiting.scrollIntoViewIfNeeded();
    // scrolled to: its figures come, and its chart and table are drawn in its place
    const card = section.locator(`section[aria-labelledby="ind-${last.code}"]`);
    await card.locator('figure svg').first().waitFor();
    expect(series()).toContain(`/api/organisations/${scope.practice}/indicators?indicator=${last.code}`);
    expect(await card.locator('h3').textContent()).toBe(last.definition?.title ?? last.code);
    expect(new Set(series()).size).toBe(series().length);
    // every chart at once, as before printing the page: each indicator asked for once, each card drawn
    await section.getByRole('button', { name: `Show all ${list.indicators.length} charts now` }).click();
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('section[aria-labelledby="indicators-heading"] .lantern-card figure svg')
          .length >= n,
      list.indicators.length,
    );
    expect(await section.locator('.lantern-card--waiting').count()).toBe(0);
    expect(series().length).toBe(list.indicators.length);
    expect(new Set(series()).size).toBe(series().length);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('a table wider than the screen scrolls in its own labelled box, which the keyboard reaches', async () => {
    const { page } = await open('lead', `/icbs/${scope.icb}`);
    await settle(page);
    const region = page.getByRole('region', { name: /^Practices of .* \(scrolls sideways\)$/ });
    await region.waitFor();
    const box = await region.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (document.activeElement as HTMLElement).scrollLeft > 0, undefined, {
      timeout: 5_000,
    });
    await page.close();
  });

  it('the first Tab from page load reaches the skip link, which moves focus to the main content', async () => {
    const { page } = await open('anonymous', `/practices/${scope.practice}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.close();
  });

  it('a practice page opens with a contents list of its sections, each linking to its section', async () => {
    const { page } = await open('lead', `/practices/${scope.practice}`);
    await settle(page);
    const contents = page.getByRole('navigation', { name: 'Contents' });
    const links = contents.getByRole('link');
    const names = await links.allTextContents();
    expect(names).toEqual(
      expect.arrayContaining([
        'Tier',
        'Against every practice with data: spine chart',
        'Similar practices',
        'Indicators over time',
      ]),
    );
    await contents.getByRole('link', { name: 'Similar practices' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('peers-heading');
    await page.close();
  });

  it('the ICB page’s practice table: compact, filtered by name or code, sorted by a column, paged, the state in the address', async () => {
    const { page } = await open('lead', `/icbs/${scope.icb}`);
    await settle(page);
    const table = page.getByRole('table', { name: /^Practices of / });
    const rows = table.locator('tbody tr');
    const [{ n: practices }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM organisation_links p
         JOIN organisation_links i ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
        WHERE p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL AND i.parent_code = $1`,
      [scope.icb],
    );
    expect(practices).toBeGreaterThan(100);
    // one page of 25, not every practice at once
    expect(await rows.count()).toBe(25);
    expect(await page.getByText(/^Showing 1–25 of \d+ practices\.$/).textContent()).toMatch(
      /of \d{3} practices/,
    );
    // sorted by tier, worst first; a button in the heading sorts by practice name
    const tierHeading = table.getByRole('columnheader', { name: /^Tier/ });
    expect(await tierHeading.getAttribute('aria-sort')).toBe('ascending');
    await table.getByRole('button', { name: /^Practice: sort ascending/ }).click();
    const practiceHeading = table.getByRole('columnheader', { name: /^Practice/ });
    expect(await practiceHeading.getAttribute('aria-sort')).toBe('ascending');
    expect(await tierHeading.getAttribute('aria-sort')).toBeNull();
    const names = await rows.locator('th[scope="row"] a').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true })));
    await table.getByRole('button', { name: /^Practice: sort descending/ }).click();
    expect(await practiceHeading.getAttribute('aria-sort')).toBe('descending');
    const reversed = await rows.locator('th[scope="row"] a').allTextContents();
    expect(reversed).toEqual([...reversed].sort((a, b) => b.localeCompare(a, 'en-GB', { numeric: true })));
    // the next page, and the address keeps it
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(await page.getByText(/^Showing 26–50 of/).count()).toBe(1);
    expect(page.url()).toMatch(/[?&]sort=-practice(&|$)/);
    expect(page.url()).toMatch(/[?&]page=2(&|$)/);
    // filtering by code finds the one practice
    await page.getByLabel('Filter practices by name or ODS code').fill(scope.practice!);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(scope.practice);
    expect(page.url()).toContain(`q=${scope.practice}`);
    // opened afresh at that address, the table is as it was left
    await page.goto(page.url());
    await settle(page);
    expect(await rows.count()).toBe(1);
    expect(await page.getByLabel('Filter practices by name or ODS code').inputValue()).toBe(scope.practice);
    // compact: at full width a row is at most two lines of the table's text
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Filter practices by name or ODS code').fill('');
    const heights = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(80);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

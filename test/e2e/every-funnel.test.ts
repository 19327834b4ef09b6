/**
 * Every indicator's funnel page, on real open data, as an anonymous visitor on a 375 px wide screen: in its default
 * period and in its oldest, each shows its heading and its panels (a funnel, or a plain reason why there is none),
 * throws nothing into the console, asks nothing of any other host and does not scroll sideways; each kind of page
 * (method, published or local, drawn or not, figures not computed, default or oldest period) passes axe-core.
 * The files give every practice indicator with counts in the sample: prescribing (some practices prescribe no
 * antibiotics: z = −∞), payments and workforce (zero counts too), and the QOF prevalence tables of every clinical
 * domain, whose cardiovascular newest year (2023-24) has rates but no counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer, WEB_DIST } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { Database } from '../../src/db/connect.js';
import type { CatalogueEntry } from '../../src/db/repos/indicators.js';
import { openTestPglite } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { HAVE_BROWSER, launchBrowser, seriousViolations } from './browser.js';

const FILES = [
  'ods/eccg_2018-11.csv',
  'ods/epraccur_2021-11.csv',
  'ods/ccg_to_icb_2022.csv',
  'prescribing/manchester_ktt9_antibiotic_items_per_starpu_2014-10_2019-09.csv',
  'prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
];
/**
 * The national files, for Greater Manchester's practices only (the rows of the real files, read in place and
 * written to a temporary folder): every indicator gets its pages, with the zero counts and the newest year without
 * counts that broke them, without the time of drawing and checking seven thousand practices on each of sixty pages.
 * The practices are those the 2017-19 QOF files place in the Greater Manchester STP.
 */
const QOF_DOMAINS = ['CardioVascular', 'dependency', 'lifestyle', 'mental', 'muscul', 'respiratory'].map(
  (d) => `qof/2017-18_2018-19_prevalence_by_domain/qofGP_${d}.csv`,
);
const BY_PRACTICE_CODE: Array<[file: string, column: string]> = [
  ['payments/nhs_payments_to_general_practice_2014-15_to_2022-23.csv', 'practice_code'],
  ['workforce/gp_workforce_by_practice_2023-2025.csv', 'Practice.Code'],
  ['qof/2023-24/qof_cvd_achievement_prevalence_2023-24.csv', 'Practice.Code'],
];

/** The column's index in a header line (comma- or semicolon-separated, names quoted or not). */
function columnIndex(header: string, sep: string, name: string): number {
  const i = header
    .split(sep)
    .map((h) => h.replace(/^"|"$/g, ''))
    .indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in the header: ${header.slice(0, 80)}`);
  return i;
}

/** Write the rows of a real file whose column passes the test to the folder; the path written. */
function extract(file: string, dir: string, sep: string, column: string, keep: (v: string) => boolean) {
  const [header, ...rows] = readFileSync(shared(file), 'utf8').split(/\r?\n/);
  const at = columnIndex(header!, sep, column);
  const out = join(dir, basename(file));
  const kept = rows.filter((r) => r && keep(r.split(sep)[at]!.replace(/^"|"$/g, '')));
  if (kept.length === 0) throw new Error(`no Greater Manchester rows in ${file}`);
  writeFileSync(out, [header, ...kept].join('\n') + '\n');
  return out;
}

/** Greater Manchester's extracts of the national files, and the practice codes they keep. */
function greaterManchesterFiles(dir: string): string[] {
  const gm = (v: string) => v === 'Greater Manchester STP';
  const qof = QOF_DOMAINS.map((f) => extract(f, dir, ';', 'STPname', gm));
  const [header, ...rows] = readFileSync(qof[0]!, 'utf8').trim().split('\n');
  const code = columnIndex(header!, ';', 'practiceCode');
  const practices = new Set(rows.map((r) => r.split(';')[code]!));
  return [...qof, ...BY_PRACTICE_CODE.map(([f, c]) => extract(f, dir, ',', c, (v) => practices.has(v)))];
}

describe.runIf(HAVE_BROWSER && HAS_SHARED_DATA)('browser: every indicator’s funnel page on real data', () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let catalogue: CatalogueEntry[];
  /** what the page threw or logged as an error since the last look, other than expected API refusals */
  let problems: string[] = [];
  const expectedRefusals = new Set<string>();
  /** the kinds of page axe-core has checked (method, published or local, drawn, figures not computed, period) */
  const axeChecked = new Map<string, { drawn: boolean; notComputed: boolean }>();

  beforeAll(async () => {
    if (!existsSync(WEB_DIST)) throw new Error('the web UI is not built: run `npm run build:web`');
    const t0 = Date.now();
    db = await openTestPglite();
    for (const f of FILES) await ingestFile(db, shared(f));
    const extracts = greaterManchesterFiles(mkdtempSync(join(tmpdir(), 'lantern-every-funnel-')));
    for (const f of extracts) await ingestFile(db, f);
    app = await buildServer(db, { rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    catalogue = (await app.inject({ method: 'GET', url: '/api/indicators' })).json().indicators;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    // a request the page's own navigation cancels (net::ERR_ABORTED, e.g. reopening the address mid-fetch) is not a fault
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed request: ${r.url()}`);
    });
    // nothing leaves the test server: no fonts or icons from other hosts
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
        problems.push(`asked elsewhere: ${r.url()}`);
    });
    page.on('response', (r) => {
      // a 4xx from the funnel API is its answer (e.g. a period without counts), shown on the page
      if (r.status() >= 400 && r.url().includes('/api/')) expectedRefusals.add(r.url());
    });
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location().url;
      if (
        /^Failed to load resource/.test(m.text()) &&
        (expectedRefusals.has(url) || url.endsWith('/favicon.ico'))
      )
        return;
      problems.push(`console: ${m.text()} (${url})`);
    });
    console.log(
      `every-funnel: ${FILES.length + extracts.length} files loaded and the browser started in ${Date.now() - t0} ms`,
    );
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** Open a funnel page and check it: heading, each panel settled and drawn, no errors, axe (once per kind of page). */
  async function visit(def: CatalogueEntry, period: string | null) {
    const where = `${def.code}${period ? ` (${period})` : ''}`;
    problems = [];
    await page.goto(`${base}/indicators/${def.code}${period ? `?period=${period}` : ''}`);
    await page.getByRole('heading', { level: 1, name: def.title, exact: true }).waitFor();
    const funnel = page.locator('section[aria-label="Funnel plot"]');
    // the funnel panel settles into a drawn funnel, a plain reason why there is none, or a refusal of what was asked
    await funnel.locator('figure svg, [data-testid="no-funnel"], [role="alert"]').first().waitFor();
    if (def.published)
      await page
        .locator('section[aria-labelledby="deciles-heading"]')
        .locator('figure svg, .nhsuk-inset-text, [role="alert"]')
        .first()
        .waitFor();
    expect(await page.getByRole('status').count(), `${where}: still loading`).toBe(0);
    expect(await page.getByText(/could not be shown/).count(), `${where}: a panel failed to draw`).toBe(0);
    expect(problems, where).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
      `${where}: the page scrolls sideways at 375 px`,
    ).toBeLessThanOrEqual(375);
    const drawn = (await funnel.locator('figure svg[aria-label^="Funnel plot of"]').count()) > 0;
    if (drawn) {
      // drawn at the width its figure has, so that its text is at its own size, not a 900 px chart scaled down
      const size = await funnel.locator('figure svg[aria-label^="Funnel plot of"]').evaluate((svg) => ({
        drawn: Number(svg.getAttribute('width')),
        shown: svg.getBoundingClientRect().width,
      }));
      expect(size.drawn, `${where}: the funnel's drawn width`).toBeLessThanOrEqual(375);
      expect(Math.abs(size.shown - size.drawn), `${where}: the funnel is scaled`).toBeLessThan(1);
      // the lines have their key: the expected value, the dashed 95% and the solid 99.8% limits
      const key = funnel.locator('[data-funnel-key] span');
      expect(await key.allTextContents(), where).toEqual(['Expected', '95% limits', '99.8% limits']);
      expect(await key.evaluateAll((s) => s.map((x) => x.className)), where).toEqual(['', 'dashed', '']);
    }
    const periods = drawn
      ? await funnel
          .locator('select#period option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
      : [];
    const text = await funnel.innerText();
    // axe-core takes 2–3 s a page here: each kind of page is checked once, not each of its sixty-odd data sets
    const notComputed = /not computed/i.test(text);
    const kind = [def.method, def.published, drawn, notComputed, period ? 'oldest' : 'default'].join();
    if (!axeChecked.has(kind)) {
      axeChecked.set(kind, { drawn, notComputed });
      expect(await seriousViolations(page), where).toEqual([]);
    }
    const alert = (await funnel.getByRole('alert').count()) > 0;
    return { drawn, periods, text, alert };
  }

  it('each indicator’s page, in its default period and its oldest, has its heading and panels and no errors; each kind of page passes axe', async () => {
    const t0 = Date.now();
    const countable = catalogue.filter(
      (d) => d.orgType === 'practice' && ['proportion', 'rate', 'ratio'].includes(d.method),
    );
    // the set covers what went wrong: z = −∞ (prescribing, payments, workforce) and a newest year without counts
    expect(countable.map((d) => d.code)).toEqual(
      expect.arrayContaining([
        'antibiotic_items_per_starpu',
        'antibacterial_items_per_1000',
        'antibacterial_cost_per_1000',
        'nhs_payments_per_patient',
        'qof_payments_per_patient',
        'dpc_fte_per_1000',
        'nurse_fte_per_1000',
        'patients_per_gp_fte',
        'qof_prevalence_hyp',
      ]),
    );
    // the files loaded give every practice indicator with counts in the catalogue its values
    expect(countable.filter((d) => !d.organisations).map((d) => d.code)).toEqual([]);
    let pages = 0;
    let notComputed = 0;
    for (const def of catalogue) {
      const first = await visit(def, null);
      pages++;
      if (!countable.includes(def)) {
        expect(first.drawn, def.code).toBe(false);
        // said calmly, in the page's layout: not an error
        expect(first.text, def.code).toMatch(/No funnel plot for this indicator/);
        expect(first.text, def.code).toMatch(
          /without the counts behind it|nothing to divide it by|NHS trusts/,
        );
        expect(first.alert, def.code).toBe(false);
        continue;
      }
      // every practice indicator with counts opens on a funnel: no dead ends (one whose values never have counts,
      // as QOF smoking prevalence in the full sample, says that instead)
      if (!first.drawn && /fewer than 3 GP practices have the counts/.test(first.text)) {
        expect(first.alert, def.code).toBe(false);
        continue;
      }
      expect(first.drawn, `${def.code}: ${first.text.slice(0, 200)}`).toBe(true);
      expect(first.periods.length, def.code).toBeGreaterThan(0);
      if (/not computed for \d+ practices?/i.test(first.text)) notComputed++;
      const oldest = first.periods.at(-1)!;
      if (first.periods.length > 1) {
        const last = await visit(def, oldest.slice(0, 7));
        pages++;
        expect(last.drawn, `${def.code} ${oldest}: ${last.text.slice(0, 200)}`).toBe(true);
      }
    }
    // the pages that used to be blank say which figures were not computed, and why
    expect(notComputed).toBeGreaterThanOrEqual(8);
    // axe checked a drawn funnel, one with figures not computed, and a page without a funnel
    const kinds = [...axeChecked.values()];
    expect(kinds.some((k) => k.drawn && !k.notComputed)).toBe(true);
    expect(kinds.some((k) => k.drawn && k.notComputed)).toBe(true);
    expect(kinds.some((k) => !k.drawn)).toBe(true);
    console.log(
      `every-funnel: ${pages} pages of ${catalogue.length} indicators (${axeChecked.size} kinds checked by axe) in ${Date.now() - t0} ms`,
    );
  }, 600_000);

  it('QOF prevalence opens on the newest year with counts, and any year with counts can be chosen and shared', async () => {
    problems = [];
    await page.goto(`${base}/indicators/qof_prevalence_hyp`);
    const funnel = page.locator('section[aria-label="Funnel plot"]');
    await funnel.locator('figure svg[aria-label^="Funnel plot of"]').waitFor();
    // 2023-24 has rates only: the newest year with counts is 2018-19
    expect(await funnel.getByText(/period starting 2018-04-01/).count()).toBe(1);
    const select = funnel.getByLabel('Period (those with counts, newest first)');
    expect(await select.locator('option').allTextContents()).toEqual(['2018-04', '2017-04']);
    await select.selectOption('2017-04-01');
    await funnel.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/[?&]period=2017-04(&|$)/);
    await funnel.getByText(/period starting 2017-04-01/).waitFor();
    // the address keeps the choice: opened afresh, it shows the same year
    await page.goto(page.url());
    await funnel.getByText(/period starting 2017-04-01/).waitFor();
    // a year without counts, asked for by address, says so and offers those with counts
    await page.goto(`${base}/indicators/qof_prevalence_hyp?period=2023-04`);
    await funnel.getByRole('alert').waitFor();
    expect(await funnel.getByRole('alert').textContent()).toMatch(
      /fewer than 3 practices in the period starting 2023-04; periods with counts start 2018-04, 2017-04/,
    );
    expect(await funnel.getByLabel('Periods with counts').locator('option').allTextContents()).toEqual([
      '2018-04',
      '2017-04',
    ]);
    await funnel.getByRole('button', { name: 'Show' }).click();
    await funnel.locator('figure svg[aria-label^="Funnel plot of"]').waitFor();
    expect(page.url()).toMatch(/[?&]period=2018-04(&|$)/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a practice with no antibiotic prescribing reads "not computed" for its z-score, with the reason', async () => {
    await page.goto(`${base}/indicators/antibiotic_items_per_starpu`);
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: 'Practices and their limits' }),
    });
    await table.locator('tbody tr').first().waitFor();
    const row = table.locator('tbody tr', { hasText: 'not computed' }).first();
    expect(await row.locator('td').nth(1).textContent()).toBe('0');
    expect(await row.locator('td').last().textContent()).toMatch(/^lower than expected/);
    expect(
      await page.getByText(/^\* Not computed for \d+ practices?: z_adjusted = −∞: a count of 0/).count(),
    ).toBe(1);
  });

  it('an error while drawing one panel stays in that panel: the heading and the other panels still show', async () => {
    problems = [];
    // an answer the page cannot draw (as a server bug might send): the funnel panel says so, nothing else goes
    await page.route(/\/api\/indicators\/qof_prevalence_hyp\/funnel\?/, async (r) => {
      const real = await r.fetch();
      await r.fulfill({ response: real, json: { ...(await real.json()), rows: 'not rows' } });
    });
    await page.goto(`${base}/indicators/qof_prevalence_hyp`);
    await page.getByRole('heading', { level: 1, name: 'Hypertension: recorded prevalence' }).waitFor();
    const funnel = page.locator('section[aria-label="Funnel plot"]');
    await funnel.getByRole('alert').waitFor();
    expect(await funnel.getByRole('alert').textContent()).toMatch(/could not be shown/);
    await page.locator('section[aria-labelledby="deciles-heading"] figure svg').waitFor();
    await page.unroute(/\/api\/indicators\/qof_prevalence_hyp\/funnel\?/);
    expect(await seriousViolations(page)).toEqual([]);
    // React reports the error it caught; nothing went uncaught
    expect(problems.filter((p) => p.startsWith('uncaught'))).toEqual([]);
  });

  it('when a sort fails, the rows shown stay with their sort, the reason is given, and the headings still work', async () => {
    problems = [];
    await page.goto(`${base}/indicators/qof_prevalence_hyp`);
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: 'Practices and their limits' }),
    });
    await table.locator('tbody tr').first().waitFor();
    const before = await table.locator('tbody tr').allTextContents();
    await page.route(/\/funnel\?.*sort=name/, (r) =>
      r.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"detail":"sort broke"}' }),
    );
    try {
      const byName = page.getByRole('button', { name: /^Practice/ });
      await byName.click();
      await page.getByText(/could not be sorted that way: sort broke/).waitFor();
      expect(await table.locator('tbody tr').allTextContents()).toEqual(before);
      expect(await table.locator('th[aria-sort="descending"]').textContent()).toMatch(/^Adjusted z/);
      // the heading pressed keeps the focus, and another sort can still be chosen
      expect(await byName.evaluate((b) => b === document.activeElement)).toBe(true);
      await page.getByRole('button', { name: /^Denominator/ }).click();
      await table.locator('th[aria-sort="descending"]', { hasText: /^Denominator/ }).waitFor();
    } finally {
      await page.unroute(/\/funnel\?.*sort=name/);
    }
  });

  it('when the points fail, the plot says so and the table of practices still shows', async () => {
    problems = [];
    await page.route(/\/api\/indicators\/qof_prevalence_hyp\/funnel\/points/, (r) =>
      r.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"detail":"points broke"}' }),
    );
    try {
      await page.goto(`${base}/indicators/qof_prevalence_hyp`);
      const funnel = page.locator('section[aria-label="Funnel plot"]');
      await funnel.getByText('points broke').waitFor();
      expect(await funnel.locator('figure svg circle').count()).toBe(0);
      const table = funnel.locator('table', {
        has: page.locator('caption', { hasText: 'Practices and their limits' }),
      });
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(100);
      expect(await page.getByText(/^The first 300 of \d+; the CSV has them all\.$/).count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.unroute(/\/api\/indicators\/qof_prevalence_hyp\/funnel\/points/);
    }
  });
});

/** Debian's chromium driven by playwright-core (never a downloaded browser), and the axe-core accessibility check. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer, WEB_DIST, type ServerOptions } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import type { Database } from '../../src/db/connect.js';
import { openTestPglite } from '../db/databases.js';

export const CHROMIUM = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(CHROMIUM);
if (process.env.LANTERN_REQUIRE_BROWSER === '1' && !HAVE_BROWSER)
  throw new Error(`LANTERN_REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}`);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

export async function seriousViolations(page: Page): Promise<string[]> {
  // evaluated over the DevTools protocol: the page's CSP (no inline script) stays in force for the page itself;
  // every rule runs, but only violations are detailed (details of every passing node take most of the time)
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async () =>
      (
        await (
          window as unknown as {
            axe: { run(c: Document, o: object): Promise<{ violations: AxeViolation[] }> };
          }
        ).axe.run(document, { resultTypes: ['violations'] })
      ).violations,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')})`,
    );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface BrowserRig {
  db: Database;
  app: FastifyInstance;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

/** The synthetic area in a fresh store, the server on a free port, and the browser. */
export async function startRig(
  prepare: (db: Database) => Promise<void> = async () => {},
  opts: ServerOptions = { syntheticData: true },
): Promise<BrowserRig> {
  if (!existsSync(WEB_DIST))
    throw new Error('the web UI is not built: run `npm test` (it builds it) or `npm run build:web`');
  const db = await openTestPglite();
  await ingestFolder(db, writeSyntheticArea());
  await prepare(db);
  const app = await buildServer(db, opts);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  return {
    db,
    app,
    browser,
    base,
    async close() {
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

/**
 * Signs a browser context in as the API does for the sign-in page (its session cookie then goes with every page the
 * context opens); the status of the sign-in.
 */
export async function signInContext(
  ctx: BrowserContext,
  base: string,
  email: string,
  password: string,
): Promise<number> {
  const page = await ctx.newPage();
  await page.goto(`${base}/sign-in`);
  const status = await page.evaluate(
    async ([e, p]) =>
      (
        await fetch('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: e, password: p }),
        })
      ).status,
    [email, password],
  );
  await page.close();
  return status;
}

/** Fills an NHS.UK date input (the group its legend names) with an ISO date, as a person types it: 1 3 2099. */
export async function fillDate(scope: Page | Locator, legend: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  const group = scope.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
  await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
  await group.getByLabel('Year', { exact: true }).fill(year!);
}

/**
 * Reports people take to meetings, on both databases over the synthetic area: the practice report and the quality
 * committee pack as HTML (sections, figures equal to the JSON APIs' for the same viewer, charts drawn from the
 * same data) and PDF (text extracted), suppression of concern counts, who may have each, one browser for many
 * PDFs, and playwright-core left unloaded until a PDF is asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { spawn } from 'node:child_process';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { createConcern } from '../../src/concerns/concerns.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { openCase } from '../../src/improvement/service.js';
import { pdfBrowserLaunches } from '../../src/reports/pdf.js';
import { suppressedValue } from '../../src/stats/suppress.js';
import { HAVE_BROWSER } from '../e2e/browser.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

/**
 * A fresh Node process imports the server and reports whether playwright-core was loaded (it is CommonJS, so it
 * shows in require.cache), then imports it and reports again, so the check is seen to work. Started when the file
 * loads, to run beside the database set-up; awaited by its test.
 */
const importCheck = new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const loaded = (m) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + m + '/'));
    await import('./src/api/server.ts');
    const before = loaded('playwright-core');
    const jsdom = loaded('jsdom');
    await import('playwright-core');
    console.log(JSON.stringify({ before, jsdom, after: loaded('playwright-core') }));`;
  const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  p.on('close', (status) => done({ status, stdout, stderr }));
});

/** A count to one decimal place with thousands separated, as a reader expects it printed. */
const whole = (v: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(v);

const pdfText = async (payload: Buffer) => {
  const doc = await getDocumentProxy(new Uint8Array(payload));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, ' ');
};
/** The markup of the element that opens at `start` up to the next section of the same kind. */
const sectionOf = (html: string, attr: string) => {
  const at = html.indexOf(attr);
  expect(at, attr).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</section>', at));
};

describeEachDatabase('meeting reports', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  let practice: string;
  let practiceName: string;
  const ICB = 'QZZ';
  const NOTE = 'Two GPs on long-term leave over the winter: fewer appointments than usual.';
  const RZ1_CONCERNS = 3;

  beforeAll(async () => {
    setClock('2026-12-01T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    const keys = PatientKeys.random();
    app = await buildServer(db, { rateLimit: false, patientKeys: keys });
    const users: Array<[string, 'commissioner_lead' | 'practice_user' | 'partner', string | null]> = [
      ['lead', 'commissioner_lead', ICB],
      ['partner', 'partner', null],
    ];
    for (const [name, role, org] of users) {
      const u = await createLocalUser(db, { email: `${name}@test.lantern.invalid`, password: TEST_PASSWORD });
      await addGrant(db, u.id, role, org);
      s[name] = await signIn(app, `${name}@test.lantern.invalid`, role);
    }
    const tiers = (await call(app, s.lead!, { method: 'GET', url: `/api/tiers?area=${ICB}` })).json();
    const p = tiers.practices.find((x: { tier: string | null }) => x.tier === 'could_do_better');
    practice = p.code;
    practiceName = p.name;
    const other = tiers.practices.find((x: { code: string }) => x.code !== practice).code;
    for (const [name, org] of [
      ['practice', practice],
      ['otherPractice', other],
    ] as const) {
      const u = await createLocalUser(db, { email: `${name}@test.lantern.invalid`, password: TEST_PASSWORD });
      await addGrant(db, u.id, 'practice_user', org);
      s[name] = await signIn(app, `${name}@test.lantern.invalid`, 'practice_user');
    }
    // a note of context from the practice, on a value it has
    const spc = (
      await call(app, s.practice!, { method: 'GET', url: `/api/practices/${practice}/spc` })
    ).json();
    const first = spc.indicators[0].code;
    const series = (
      await call(app, s.practice!, {
        method: 'GET',
        url: `/api/practices/${practice}/spc?indicator=${first}`,
      })
    ).json();
    const note = await call(app, s.practice!, {
      method: 'POST',
      url: `/api/practices/${practice}/annotations`,
      payload: { indicator: first, periodStart: series.points.at(-1).period, note: NOTE },
    });
    expect(note.statusCode, note.body).toBe(201);
    // a few concerns about one provider (a count the pack must suppress) and an improvement case
    const recorder = { userId: null, email: 'seed@test.lantern.invalid', role: null };
    for (let i = 0; i < RZ1_CONCERNS; i++)
      await createConcern(db, keys, recorder, {
        provider: 'RZ1',
        category: 'discharge_summary_late',
        harm: 'no_harm',
        description: `Discharge summary arrived late (${i}).`,
        eventDate: `2026-11-0${i + 2}`,
        practice,
        submit: true,
      });
    await openCase(db, practice, recorder, { why: 'shared for the committee test' });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
    setClock(null);
  });

  it('the practice report holds its tier and evidence, spine, SPC charts, peers and notes as the APIs give them', async () => {
    const get = (url: string) => call(app, s.practice!, { method: 'GET', url });
    const r = await get(`/api/reports/practice/${practice}?format=html`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    const html = r.body;
    for (const h of [
      'Tier',
      'The evidence',
      'Against every practice with data: spine chart',
      'Over time: statistical process control',
      'Peers: the most similar practices',
      'Notes of context from the practice',
      'Data sources and loads',
    ])
      expect(html).toMatch(new RegExp(`<h[23]>${h}</h[23]>`));
    expect(html).toContain(`${practiceName} (${practice})`);
    expect(html).toContain('<strong id="generated">2026-12-01</strong>');
    expect(html).not.toMatch(/<script/i);

    const tier = (await get(`/api/practices/${practice}/tier`)).json();
    expect(html).toContain(`<strong>${tier.tierLabel}</strong>`);
    const rows = [...html.matchAll(/<tr data-indicator="([a-z0-9_]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(tier.evidence.map((e: { indicator: string }) => e.indicator));
    const e0 = tier.evidence[0];
    expect(sectionOf(html, `data-indicator="${e0.indicator}"`)).toContain(
      `<td class="num">${whole(e0.numerator)}</td><td class="num">${whole(e0.denominator)}</td>`,
    );

    // the spine: its chart and one row per indicator the spine API gives
    const spine = (await get(`/api/practices/${practice}/spine`)).json();
    expect(spine.rows.length).toBeGreaterThan(0);
    expect(html).toMatch(/id="spine-chart"><figure[^>]*>.*?<svg/s);
    for (const row of spine.rows) expect(html).toContain(`<td>${row.title}</td>`);

    // SPC: one chart per indicator with enough periods, each point a dot; the months are counted in the data
    const list = (await get(`/api/practices/${practice}/spc`)).json();
    const charted = [...html.matchAll(/data-spc="([a-z0-9_]+)" data-points="(\d+)"/g)];
    expect(charted.map((m) => m[1]).sort()).toEqual(
      list.indicators.map((i: { code: string }) => i.code).sort(),
    );
    const code = charted[0]![1]!;
    const [months] = await db.query<{ n: number }>(
      `SELECT count(DISTINCT period_start)::int AS n FROM indicator_values
        WHERE org_code = $1 AND indicator_code = $2 AND current AND value IS NOT NULL`,
      [practice, code],
    );
    const svg = sectionOf(html, `data-spc="${code}"`);
    expect(svg).toContain('<svg');
    expect([...svg.matchAll(/<circle/g)].length).toBe(months!.n);
    expect(months!.n).toBeGreaterThanOrEqual(12);

    const peers = (await get(`/api/practices/${practice}/peers`)).json();
    expect(peers.peers.length).toBeGreaterThan(0);
    for (const p of peers.peers) expect(html).toContain(`(${p.code})`);
    expect(html).toContain(NOTE);
    const [load] = await db.query<{ file: string }>(
      `SELECT DISTINCT ld.file_name AS file FROM indicator_values v JOIN loads ld ON ld.id = v.load_id
        WHERE v.org_code = $1 AND v.indicator_code = $2 AND v.current LIMIT 1`,
      [practice, code],
    );
    expect(sectionOf(html, 'id="loads"')).toContain(load!.file);
  }, 60_000);

  it('the practice report is for the practice and its commissioners only', async () => {
    const url = `/api/reports/practice/${practice}?format=html`;
    expect((await call(app, ANON, { method: 'GET', url })).statusCode).toBe(401);
    expect((await call(app, s.otherPractice!, { method: 'GET', url })).statusCode).toBe(403);
    expect((await call(app, s.partner!, { method: 'GET', url })).statusCode).toBe(403);
    expect((await call(app, s.lead!, { method: 'GET', url })).statusCode).toBe(200);
  });

  it('the committee pack gives the tiers, cases and providers as the APIs do, with concern counts suppressed', async () => {
    const tiers = (await call(app, s.lead!, { method: 'GET', url: `/api/tiers?area=${ICB}` })).json();
    const json = (
      await call(app, s.lead!, { method: 'GET', url: `/api/reports/committee/${ICB}?format=json` })
    ).json();
    expect(json.tiers.counts).toEqual(tiers.counts);
    expect(json.tiers.movement).toEqual(tiers.movement);
    expect(json.tiers.noTier).toBe(tiers.noTier);

    const r = await call(app, s.lead!, { method: 'GET', url: `/api/reports/committee/${ICB}?format=html` });
    expect(r.statusCode, r.body).toBe(200);
    const html = r.body;
    for (const h of [
      'Practice tiers',
      'Improvement cases',
      'Provider signals and surveillance status',
      'Quality Surveillance Group summary',
      'Data sources and loads',
    ])
      expect(html).toContain(`<h2>${h}</h2>`);
    for (const [tier, n] of Object.entries(tiers.counts))
      expect(html).toContain(
        `<tr data-tier="${tier}"><td>${tiers.labels[tier]}</td><td class="num">${n}</td>`,
      );
    const cases = (await call(app, s.lead!, { method: 'GET', url: '/api/improvement' })).json().cases;
    const mine = cases.find((c: { practiceCode: string }) => c.practiceCode === practice);
    expect(sectionOf(html, `data-case="${mine.id}"`)).toContain('Data shared with the practice');

    // three concerns about RZ1 in the period: shown as *, never as 3
    expect(suppressedValue(RZ1_CONCERNS)).toBeNull();
    const row = /<tr><td>[^<]*\(RZ1\)<\/td><td>[^<]*<\/td><td class="num">([^<]*)<\/td>/.exec(html);
    expect(row?.[1]).toBe('*');
    expect(html).not.toContain(`Concerns in the period: ${RZ1_CONCERNS}`);
  }, 60_000);

  it('the committee pack is for the commissioner team of the area', async () => {
    const url = `/api/reports/committee/${ICB}?format=html`;
    expect((await call(app, ANON, { method: 'GET', url })).statusCode).toBe(401);
    expect((await call(app, s.partner!, { method: 'GET', url })).statusCode).toBe(403);
    expect((await call(app, s.practice!, { method: 'GET', url })).statusCode).toBe(403);
  });

  // printing depends on the HTML, not the database: declared once, on the embedded database (a skipped test in the
  // PostgreSQL suite would read as a suite not run)
  if (t.name === 'pglite')
    it.skipIf(!HAVE_BROWSER)(
      'PDFs carry the title, date, practice and key figures, suppressed, from one browser launch until the server closes',
      async () => {
        const launches = pdfBrowserLaunches();
        const practicePdf = await call(app, s.practice!, {
          method: 'GET',
          url: `/api/reports/practice/${practice}?format=pdf`,
        });
        expect(practicePdf.statusCode).toBe(200);
        expect(practicePdf.headers['content-type']).toBe('application/pdf');
        // the QSG pack prints through the same browser: one launch for both PDFs
        const qsg = await call(app, s.lead!, {
          method: 'GET',
          url: `/api/reports/qsg?area=${ICB}&format=pdf`,
        });
        expect(qsg.statusCode).toBe(200);
        expect(pdfBrowserLaunches() - launches).toBe(1);
        // a server closing closes the browser: the next PDF launches a new one
        const other = await buildServer(db, { rateLimit: false });
        await other.close();
        const committeePdf = await call(app, s.lead!, {
          method: 'GET',
          url: `/api/reports/committee/${ICB}?format=pdf`,
        });
        expect(committeePdf.statusCode).toBe(200);
        expect(pdfBrowserLaunches() - launches).toBe(2);

        const tier = (
          await call(app, s.practice!, { method: 'GET', url: `/api/practices/${practice}/tier` })
        ).json();
        const p = await pdfText(practicePdf.rawPayload);
        expect(p).toContain('Practice report');
        expect(p).toContain(`${practiceName} (${practice})`);
        expect(p).toContain('2026-12-01');
        expect(p).toContain(tier.tierLabel);
        expect(p).toContain(NOTE);

        const tiers = (await call(app, s.lead!, { method: 'GET', url: `/api/tiers?area=${ICB}` })).json();
        const c = await pdfText(committeePdf.rawPayload);
        expect(c).toContain('Quality committee pack');
        expect(c).toContain('2026-12-01');
        for (const [k, n] of Object.entries(tiers.counts)) expect(c).toContain(`${tiers.labels[k]} ${n}`);
        expect(c).toContain('Concerns in the period: *');
        expect(c).not.toContain(`Concerns in the period: ${RZ1_CONCERNS}`);
        expect(c).not.toMatch(/\(RZ1\) \w+ 3 /);
      },
      120_000,
    );
});

describe('playwright-core is loaded only when a PDF is first asked for', () => {
  it('importing the server loads neither it nor jsdom; importing it does (the check can see it)', async () => {
    const r = await importCheck;
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({
      before: false,
      jsdom: false,
      after: true,
    });
  }, 60_000);
});

/**
 * The public view's API on both databases, over the synthetic area with a local indicator, a concern, an improvement
 * case and a context note about the practice shown: only published indicators come back, nothing of the
 * commissioners' working data appears in any key or value, the intervals are Wilson's and Byar's worked out here
 * from their published formulas, and an unknown practice is a 404 that says what to do.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { createConcern } from '../../src/concerns/concerns.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { annotate, openCase } from '../../src/improvement/service.js';
import { describeEachDatabase } from '../db/databases.js';
import {
  ANON,
  call,
  createRoleUser,
  defineLocalIndicator,
  genericCsv,
  signIn,
  type TestSession,
} from './sessions.js';

const PRACTICE = 'Z10001';
const LOCAL = 'local_dna_rate';
const CONCERN_TEXT = 'Discharge summary missing its medication list.';
const CASE_WHY = 'public-view probe: shared data';
const NOTE = 'We moved to a new clinical system in this quarter.';

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution. */
const Z = 1.959963984540054;

/** Wilson's score interval (Wilson 1927; Newcombe 1998, method 3), on the 0–1 scale. */
function wilsonReference(x: number, n: number) {
  const centre = 2 * x + Z * Z;
  const spread = Z * Math.sqrt(Z * Z + 4 * x * (1 - x / n));
  const denominator = 2 * (n + Z * Z);
  return [(centre - spread) / denominator, (centre + spread) / denominator];
}

/** Byar's approximation to the Poisson limits of a count (Breslow and Day 1987, as in the APHO technical guide). */
function byarReference(x: number) {
  const lower = x * (1 - 1 / (9 * x) - Z / (3 * Math.sqrt(x))) ** 3;
  const y = x + 1;
  const upper = y * (1 - 1 / (9 * y) + Z / (3 * Math.sqrt(y))) ** 3;
  return [lower, upper];
}

/** Every key and string value in a JSON document, with its path. */
function walk(x: unknown, path = '$', out: Array<{ path: string; key?: string; text?: string }> = []) {
  if (Array.isArray(x)) x.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      out.push({ path: `${path}.${k}`, key: k });
      walk(v, `${path}.${k}`, out);
    }
  else if (typeof x === 'string') out.push({ path, text: x });
  return out;
}

/** What a public answer must never carry: the words of the commissioners' working data, or its records' text. */
function leaks(body: unknown): string[] {
  const keyWords = /tier|concern|case|annotation|improvement|patient|signal|surveillance|local/i;
  const valueWords = new RegExp(
    `\\btiers?\\b|\\bconcerns?\\b|\\bannotations?\\b|improvement|surveillance|${LOCAL}|Missed appointments|${[CONCERN_TEXT, CASE_WHY, NOTE].map((s) => s.replace(/[.:]/g, '\\$&')).join('|')}`,
    'i',
  );
  return walk(body).flatMap((e) =>
    e.key !== undefined && keyWords.test(e.key)
      ? [`key ${e.path}`]
      : e.text !== undefined && valueWords.test(e.text)
        ? [`value ${e.path}: ${e.text}`]
        : [],
  );
}

interface Figure {
  indicator: string;
  title: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  interval: { lower: number; upper: number; method: string } | null;
  england: { value: number; label: string } | null;
  comparison: string | null;
  meaning: string;
  source: { publisher: string; url: string | null; file: string };
  periodStart: string;
}

describeEachDatabase('the public view', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let lead: TestSession;
  beforeAll(async () => {
    db = await t.open();
    // the synthetic area without its list sizes, which nothing here reads (a fifth of the loading time)
    const area = writeSyntheticArea();
    rmSync(join(area, 'list_sizes'), { recursive: true });
    await ingestFolder(db, area);
    // a local indicator with figures for the practice shown, and the commissioners' records about it
    await defineLocalIndicator(db, LOCAL);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-public-'));
    writeFileSync(
      join(dir, 'local.csv'),
      genericCsv([
        [LOCAL, PRACTICE, '2024-05', 3, 120],
        [LOCAL, 'Z10002', '2024-05', 12, 300],
      ]),
    );
    await ingestFile(db, join(dir, 'local.csv'));
    // the server first: it makes the concern categories
    app = await buildServer(db, { rateLimit: false });
    const keys = PatientKeys.random();
    const actor = { userId: null, email: 'public-test@test.lantern.invalid', role: null };
    await createConcern(db, keys, actor, {
      provider: 'RZ1',
      category: 'clinic_letter_late',
      harm: 'no_harm',
      description: CONCERN_TEXT,
      eventDate: '2024-01-10',
      practice: PRACTICE,
      submit: true,
    });
    await openCase(db, PRACTICE, actor, { why: CASE_WHY, indicators: ['antibiotic_items_per_starpu'] });
    const [v] = await db.query<{ period: string }>(
      `SELECT max(period_start)::text AS period FROM indicator_values WHERE org_code = $1 AND indicator_code = 'antibiotic_items_per_starpu'`,
      [PRACTICE],
    );
    await annotate(db, PRACTICE, actor, {
      indicator: 'antibiotic_items_per_starpu',
      periodStart: v!.period,
      note: NOTE,
    });
    await createRoleUser(db, 'commissioner_lead');
    lead = await signIn(app, 'commissioner_lead@test.lantern.invalid', 'commissioner_lead');
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  const get = (url: string, s: TestSession = ANON) => call(app, s, { method: 'GET', url });

  it('finds practices by name and by ODS code, practices only', async () => {
    const byName = (await get('/api/public/practices?q=parkside')).json().results;
    expect(byName.length).toBeGreaterThan(5);
    for (const p of byName) expect(p.name).toMatch(/parkside/i);
    const byCode = (await get(`/api/public/practices?q=${PRACTICE}`)).json().results;
    expect(byCode[0].code).toBe(PRACTICE);
    expect((await get('/api/public/practices?q=synthetic general hospital')).json().results).toEqual([]);
  });

  it('gives a practice its published indicators only: the local indicator never appears, to anyone', async () => {
    const published = new Set(
      (
        await db.query<{ code: string }>(
          `SELECT DISTINCT ON (code) code, published FROM indicators WHERE org_type = 'practice' ORDER BY code, version DESC`,
        )
      )
        .filter((r) => (r as { published?: boolean }).published !== false)
        .map((r) => r.code),
    );
    const held = await db.query<{ code: string }>(
      `SELECT DISTINCT indicator_code AS code FROM indicator_values WHERE org_code = $1 AND current AND value IS NOT NULL`,
      [PRACTICE],
    );
    expect(held.map((h) => h.code)).toContain(LOCAL);
    for (const s of [ANON, lead]) {
      const r = await get(`/api/public/practices/${PRACTICE}`, s);
      expect(r.statusCode, r.body).toBe(200);
      const figures = r.json().figures as Figure[];
      const codes = figures.map((f) => f.indicator);
      expect(codes).not.toContain(LOCAL);
      // every published practice indicator the practice holds a value of, and nothing else
      expect(codes.sort()).toEqual(
        held
          .map((h) => h.code)
          .filter((c) => published.has(c))
          .sort(),
      );
      expect(codes.length).toBeGreaterThan(5);
    }
  });

  it('carries no tier, concern, improvement case or context note in any key or value', async () => {
    // the control: the organisation's own page (open to the same viewer) does carry the local indicator
    const control = await get(`/api/organisations/${PRACTICE}/indicators`, lead);
    expect(leaks(control.json()).length).toBeGreaterThan(0);
    for (const url of [
      `/api/public/practices/${PRACTICE}`,
      '/api/public/practices?q=synthetic',
      '/api/public/hospitals',
    ])
      for (const s of [ANON, lead]) {
        const r = await get(url, s);
        expect(r.statusCode, r.body).toBe(200);
        expect(leaks(r.json()), `${url} as ${s.role}`).toEqual([]);
      }
  });

  it('gives Wilson intervals for a proportion and Byar’s for a rate, as the reference formulas do', async () => {
    const figures = (await get(`/api/public/practices/${PRACTICE}`)).json().figures as Figure[];
    // the counts as stored, read from the database rather than from the answer
    const counts = async (code: string, period: string) =>
      (
        await db.query<{ numerator: number; denominator: number }>(
          `SELECT numerator, denominator FROM indicator_values WHERE org_code = $1 AND indicator_code = $2 AND period_start = $3 AND current`,
          [PRACTICE, code, period],
        )
      )[0]!;
    const proportion = figures.find((f) => f.indicator.startsWith('qof_prevalence_'))!;
    const p = await counts(proportion.indicator, proportion.periodStart);
    const [wl, wu] = wilsonReference(p.numerator, p.denominator);
    expect(proportion.interval!.method).toMatch(/Wilson/);
    expect(proportion.interval!.lower).toBeCloseTo(wl! * 100, 9);
    expect(proportion.interval!.upper).toBeCloseTo(wu! * 100, 9);

    const rate = figures.find((f) => f.indicator === 'antibiotic_items_per_starpu')!;
    const r = await counts(rate.indicator, rate.periodStart);
    expect(r.numerator).toBeGreaterThanOrEqual(10);
    const [def] = await db.query<{ multiplier: number }>(
      `SELECT multiplier FROM indicators WHERE code = $1 ORDER BY version DESC LIMIT 1`,
      [rate.indicator],
    );
    const [bl, bu] = byarReference(r.numerator);
    expect(rate.interval!.method).toMatch(/Byar/);
    expect(rate.interval!.lower).toBeCloseTo((bl! / r.denominator) * def!.multiplier, 9);
    expect(rate.interval!.upper).toBeCloseTo((bu! / r.denominator) * def!.multiplier, 9);

    // the reading follows from the interval and the England figure, in plain words
    for (const f of figures.filter((x) => x.interval && x.england)) {
      const expected =
        f.interval!.lower > f.england!.value
          ? 'higher'
          : f.interval!.upper < f.england!.value
            ? 'lower'
            : 'similar';
      expect(f.comparison, f.indicator).toBe(expected);
      // the England figure is named for what it is: all practices pooled, or the middle practice (a median)
      const [agg] = await db.query<{ statistic: string }>(
        `SELECT statistic FROM indicator_aggregates WHERE indicator_code = $1 AND period_start = $2 AND area_code = 'E92000001'`,
        [f.indicator, f.periodStart],
      );
      expect(f.england!.label, f.indicator).toBe(
        agg!.statistic === 'median' ? 'the middle practice in England' : 'the England average',
      );
      expect(f.meaning).toMatch(
        expected === 'similar' ? `About the same as ${f.england!.label}` : new RegExp(`^${expected}`, 'i'),
      );
      expect(f.meaning).not.toMatch(/fail|poor|bad practice|good practice/i);
    }
    expect(figures.every((f) => f.source.publisher && f.source.file && f.periodStart)).toBe(true);
  });

  it('answers 404 naming the code and the way on for an unknown practice or a code that is not one', async () => {
    const unknown = await get('/api/public/practices/Z99999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe(
      'No GP practice has the code Z99999. Find a practice by its name or ODS code at /public.',
    );
    const trust = await get('/api/public/practices/RZ1');
    expect(trust.statusCode).toBe(404);
    expect(trust.json().detail).toMatch(
      /^RZ1 is not a GP practice: .*compare hospitals at \/public\/hospitals\.$/,
    );
  });

  it('compares hospitals on their published A&E figures with Wilson intervals and the median trust', async () => {
    const d = (await get('/api/public/hospitals')).json();
    const ae = d.measures.find((m: { indicator: string }) => m.indicator === 'ae_within_4h_all');
    expect(ae).toBeDefined();
    const rows = await db.query<{ code: string; numerator: number; denominator: number; value: number }>(
      `SELECT org_code AS code, numerator, denominator, value FROM indicator_values
        WHERE indicator_code = 'ae_within_4h_all' AND current AND period_start = $1 ORDER BY org_code`,
      [ae.periodStart],
    );
    expect(rows.map((r) => r.code)).toEqual(['RZ1', 'RZ2']);
    expect(ae.median).toBeCloseTo((rows[0]!.value + rows[1]!.value) / 2, 9);
    for (const row of rows) {
      const h = d.hospitals.find((x: { code: string }) => x.code === row.code);
      const [l, u] = wilsonReference(row.numerator, row.denominator);
      expect(h.figures.ae_within_4h_all.interval.lower).toBeCloseTo(l! * 100, 9);
      expect(h.figures.ae_within_4h_all.interval.upper).toBeCloseTo(u! * 100, 9);
    }
    const only = (await get('/api/public/hospitals?q=RZ2')).json();
    expect(only.hospitals.map((h: { code: string }) => h.code)).toEqual(['RZ2']);
  });
});

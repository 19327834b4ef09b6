/** The HTTP API over a synthetic area: status codes, exact error bodies, provenance, OpenAPI. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { routeTable } from '../../src/api/route.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { describeEachDatabase } from '../db/databases.js';

describeEachDatabase('API', (t) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db);
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });
  const get = async (url: string) => {
    const r = await app.inject(url);
    return {
      status: r.statusCode,
      type: r.headers['content-type'],
      body: r.json(),
      requestId: r.headers['x-request-id'],
    };
  };

  it('health reports the store', async () => {
    const r = await get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', database: t.name, organisations: 48 });
    expect(r.body.values).toBeGreaterThan(2000);
  });
  it('searches by name words, code and postcode', async () => {
    expect(
      (await get('/api/organisations?q=parkside%20practice%2011')).body.results.map(
        (o: { code: string }) => o.code,
      ),
    ).toEqual(['Z10011']);
    expect((await get('/api/organisations?q=z10005')).body.results[0].code).toBe('Z10005');
    expect(
      (await get('/api/organisations?q=zz54z')).body.results.map((o: { postcode: string }) => o.postcode),
    ).toContain('ZZ5 4ZZ');
    expect((await get('/api/organisations?q=nothing%20like%20this')).body.results).toEqual([]);
  });
  it('shows an organisation with its parents as at a date', async () => {
    const r = await get('/api/organisations/Z10005?at=2020-06-01');
    expect(r.status).toBe(200);
    expect(
      r.body.parents.map((p: { code: string; relationship: string }) => `${p.relationship}:${p.code}`),
    ).toEqual(expect.arrayContaining(['practice_sub_icb:9Z1', 'practice_pcn:U90000', 'sub_icb_icb:QZZ']));
    expect(r.body.parents.map((p: { code: string }) => p.code)).toContain('Y90');
    const ccg = await get('/api/organisations/9Z1?at=2020-06-01');
    expect(ccg.body.children.filter((c: { type: string }) => c.type === 'practice')).toHaveLength(18);
  });
  it('an unknown code is a 404 problem document; a malformed one a 400', async () => {
    const r = await get('/api/organisations/A99999');
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/application\/problem\+json/);
    expect(r.body).toEqual({
      type: 'https://lantern.invalid/problems/not_found',
      title: 'Not found',
      status: 404,
      detail:
        'No organisation has the code A99999. Search by name, code or postcode at /api/organisations?q=…',
      instance: '/api/organisations/A99999',
      requestId: r.requestId,
    });
    const bad = await get('/api/organisations/Z10005?at=2020-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe(
      'invalid query parameters: at must be a date as YYYY-MM-DD, got "2020-13-01"',
    );
    expect((await get('/api/nothing-here')).status).toBe(404);
  });
  it('indicator values carry their provenance and benchmarks', async () => {
    const r = await get('/api/organisations/Z10005/indicators');
    const abx = r.body.indicators.find(
      (s: { definition: { code: string } }) => s.definition.code === 'antibiotic_items_per_starpu',
    );
    expect(abx.points).toHaveLength(60);
    const p = abx.points[0];
    expect(p).toMatchObject({
      periodStart: '2014-10-01',
      periodEnd: '2014-10-31',
      definitionVersion: 1,
      sourceFile: 'synthetic_ktt9_antibiotic_items_per_starpu.csv',
      ccgCode: '9Z1',
      englandStatistic: 'pooled',
    });
    expect(p.value).toBeCloseTo(p.numerator / p.denominator, 12);
    // England is pooled over all 36 practices in that month
    const [{ n, d }] = await db.query<{ n: number; d: number }>(
      `SELECT sum(numerator) AS n, sum(denominator) AS d FROM indicator_values WHERE indicator_code = 'antibiotic_items_per_starpu' AND period_start = '2014-10-01'`,
    );
    expect(p.englandValue).toBeCloseTo(n / d, 12);
  });
  it('a practice’s page lists its indicators without figures, and each one’s series is as in the whole answer', async () => {
    const practices = await db.query<{ code: string }>(
      `SELECT code FROM organisations WHERE type = 'practice' ORDER BY code`,
    );
    expect(practices.length).toBeGreaterThan(30);
    type Series = { definition: { code: string } | null; points: Array<{ indicatorCode: string }> };
    for (const [i, { code }] of practices.entries()) {
      const whole = (await get(`/api/organisations/${code}/indicators`)).body.indicators as Series[];
      const list = await get(`/api/organisations/${code}/indicator-list`);
      expect(list.status).toBe(200);
      expect(list.body.code).toBe(code);
      // the same indicators, in the same order, with the same definitions, and no figures
      expect(list.body.indicators).toEqual(
        whole.map((s) => ({ code: s.points[0].indicatorCode, definition: s.definition })),
      );
      expect(JSON.stringify(list.body)).not.toMatch(/"points":|"numerator":|"value":/);
      // every indicator's series alone, for a few practices
      if (i % 12 !== 0 && code !== 'Z10005') continue;
      for (const s of whole) {
        const one = await get(`/api/organisations/${code}/indicators?indicator=${s.points[0].indicatorCode}`);
        expect(one.status).toBe(200);
        expect(one.body).toEqual({ code, indicators: [s] });
      }
    }
    // the whole answers are kept for the other processes; one chart's series (650,000 keys at national scale) are not
    const kept = await db.query<{ key: string }>(
      `SELECT key FROM stored_answers WHERE key LIKE '%org-indicators:Z10005%'`,
    );
    expect(kept.map((k) => k.key.replace(/^.*org-indicators:/, ''))).toEqual(['Z10005:true']);
    // an indicator it has no values of, and one that is no code at all
    expect((await get('/api/organisations/Z10005/indicators?indicator=no_such_indicator')).body).toEqual({
      code: 'Z10005',
      indicators: [],
    });
    const bad = await get('/api/organisations/Z10005/indicators?indicator=Not-A-Code');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe(
      'invalid query parameters: indicator must be an indicator code, got "Not-A-Code"',
    );
  });
  it('a practice’s values follow a new load: the answer kept between loads is not served after one', async () => {
    const points = async () =>
      (await get('/api/organisations/Z10005/indicators')).body.indicators.find(
        (s: { definition: { code: string } }) => s.definition.code === 'antibiotic_items_per_starpu',
      ).points as Array<{ periodStart: string; numerator: number }>;
    expect(await points()).toHaveLength(60);
    // a further month for this practice, in the same OpenPrescribing format
    const file = join(mkdtempSync(join(tmpdir(), 'lantern-api-')), 'ktt9_next_month.csv');
    writeFileSync(
      file,
      'measure,org_type,org_id,org_name,date,numerator,denominator,calc_value,percentile\n' +
        'ktt9_antibiotics,practice,Z10005,"Synthetic practice",2019-10-01,321,5000,0.0642,\n',
    );
    await ingestFile(db, file);
    const after = await points();
    expect(after).toHaveLength(61);
    expect(after.at(-1)).toMatchObject({ periodStart: '2019-10-01', numerator: 321 });
  });

  it('rolls up a CCG and refuses a roll-up of a practice', async () => {
    const r = await get('/api/organisations/9Z1/rollup?indicator=antibiotic_items_per_starpu&basis=then');
    expect(r.body.points[0].practices).toBe(18);
    expect((await get('/api/organisations/Z10005/rollup?indicator=antibiotic_items_per_starpu')).status).toBe(
      400,
    );
    expect((await get('/api/organisations/9Z1/rollup?indicator=no_such_thing')).status).toBe(404);
  });
  it('publishes an OpenAPI document covering every route', async () => {
    const r = await get('/api/openapi.json');
    expect(r.body.openapi).toBe('3.0.3');
    const paths = Object.keys(r.body.paths);
    for (const route of routeTable(app)) expect(paths).toContain(route.url.replace(/:(\w+)/g, '{$1}'));
  });
});

/**
 * Practice variation on the real data: Manchester (14L) antibiotic prescribing (items per STAR-PU) gives a funnel
 * with overdispersed limits whose every number equals `lantern stats funnel` on the same rows; tiers carry their
 * evidence and the rule set; a new rule version shows who moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { ANON, call, createRoleUser, signIn, type TestSession } from './sessions.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';

const FILES = [
  'ods/eccg_2016-01.csv',
  'ods/eccg_2018-11.csv',
  'ods/epraccur_2021-11.csv',
  'ods/ccg_to_icb_2022.csv',
  'ods/practice_pcn_ccg_stp_region_2020-21.csv',
  'prescribing/manchester_ktt9_antibiotic_items_per_starpu_2014-10_2019-09.csv',
  'prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
];
const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`practice variation on real data [${t.name}]`, () => {
    let db: Database;
    let app: FastifyInstance;
    let lead: TestSession;
    beforeAll(async () => {
      db = await t.open();
      for (const f of FILES) await ingestFile(db, shared(f));
      app = await buildServer(db, { rateLimit: false });
      const u = await createLocalUser(db, {
        email: 'lead@mcr.test.lantern.invalid',
        password: 'test-only lantern matrix passphrase',
      });
      await addGrant(db, u.id, 'commissioner_lead', '14L');
      lead = await signIn(app, 'lead@mcr.test.lantern.invalid', 'commissioner_lead');
      await createRoleUser(db, 'partner');
    }, 300_000);
    afterAll(async () => {
      await app?.close();
      if (db) await t.dispose(db);
    });

    it('the 14L antibiotic funnel has overdispersed limits and equals lantern stats funnel on the same rows', async () => {
      const r = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/antibiotic_items_per_starpu/funnel?area=14L&period=2019-09&comparator=area',
      });
      expect(r.statusCode).toBe(200);
      const f = r.json();
      expect(f).toMatchObject({
        periodStart: '2019-09-01',
        type: 'rate',
        comparator: 'area',
        area: '14L',
        adjustment: 'additive',
      });
      expect(f.rows.length).toBeGreaterThan(60);
      expect(f.phi).toBeGreaterThan(2); // practices differ far more than chance: limits must allow for it
      expect(f.tau2).toBeGreaterThan(0);
      // a rate funnel's φ comes from truncated z-scores (FunnelPlotR's SHMI method), not winsorised ones
      expect(f.method).toMatch(/lowest and highest 10% left out \(SHMI truncation\)/);
      expect(f.method).not.toMatch(/winsoris/);
      expect(f.rows.every((x: { ccg: string }) => x.ccg === '14L')).toBe(true);

      const dir = mkdtempSync(join(tmpdir(), 'lantern-funnel-'));
      const input = join(dir, 'in.csv');
      writeFileSync(
        input,
        'unit,numerator,denominator\n' +
          f.rows
            .map(
              (x: { code: string; numerator: number; denominator: number }) =>
                `${x.code},${x.numerator},${x.denominator}`,
            )
            .join('\n') +
          '\n',
      );
      const out = spawnSync(
        process.execPath,
        [
          bin,
          'stats',
          'funnel',
          '--in',
          input,
          '--type',
          'rate',
          '--multiplier',
          '1',
          '--dispersion',
          'consistent',
        ],
        { encoding: 'utf8' },
      );
      expect(out.status).toBe(0);
      const [header, ...lines] = out.stdout.trim().split('\n');
      const cols = header!.split(',');
      const cli = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
      expect(cli).toHaveLength(f.rows.length);
      f.rows.forEach((row: Record<string, number | string>, i: number) => {
        const c = cli[i]!;
        expect(c.unit).toBe(row.code);
        for (const k of ['value', 'z', 'z_adjusted', 'p', 'lower_95', 'upper_95', 'lower_99_8', 'upper_99_8'])
          expect(Number(c[k]), `${row.code} ${k}`).toBeCloseTo(row[k] as number, 12);
        expect(Number(c.target)).toBeCloseTo(row.expected as number, 12);
        expect(c.flag_95).toBe(row.flag_95);
        expect(c.flag_99_8).toBe(row.flag_99_8);
        expect(Number(c.phi)).toBeCloseTo(f.phi, 12);
        expect(Number(c.tau2)).toBeCloseTo(f.tau2, 12);
      });
    });

    it('a practice’s prescribing over time is an XmR chart equal to lantern stats spc on the same values', async () => {
      const [{ code }] = await db.query<{ code: string }>(
        `SELECT org_code AS code FROM indicator_values WHERE indicator_code = 'antibiotic_items_per_starpu' AND current
          GROUP BY org_code ORDER BY count(*) DESC, org_code LIMIT 1`,
      );
      const list = (await call(app, ANON, { method: 'GET', url: `/api/practices/${code}/spc` })).json();
      expect(list.indicators.map((i: { code: string }) => i.code)).toContain('antibiotic_items_per_starpu');
      const r = await call(app, ANON, {
        method: 'GET',
        url: `/api/practices/${code}/spc?indicator=antibiotic_items_per_starpu`,
      });
      expect(r.statusCode, r.body).toBe(200);
      const s = r.json();
      expect(s.points.length).toBeGreaterThanOrEqual(48);
      expect(s.improvement).toBe('decrease');
      const dir = mkdtempSync(join(tmpdir(), 'lantern-spc-'));
      const input = join(dir, 'in.csv');
      writeFileSync(
        input,
        'period,value\n' +
          s.points.map((p: { period: string; value: number }) => `${p.period},${p.value}`).join('\n') +
          '\n',
      );
      const out = spawnSync(
        process.execPath,
        [bin, 'stats', 'spc', '--in', input, '--chart', 'xmr', '--improvement', 'decrease'],
        {
          encoding: 'utf8',
        },
      );
      expect(out.status, out.stderr).toBe(0);
      const [header, ...lines] = out.stdout.trim().split('\n');
      const cols = header!.split(',');
      const cli = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
      expect(cli).toHaveLength(s.points.length);
      s.points.forEach(
        (p: { centre: number; lower: number; upper: number; specialCause: string | null }, i: number) => {
          for (const k of ['centre', 'lower', 'upper'] as const)
            expect(Number(cli[i]![k])).toBeCloseTo(p[k], 12);
          expect(cli[i]!.special_cause).toBe(p.specialCause ?? '');
        },
      );
      // some months stand out: the chart is not empty of signals on five years of real prescribing
      expect(s.points.some((p: { specialCause: string | null }) => p.specialCause)).toBe(true);
    });

    it('a practice that prescribed no antibiotics has z = −∞: sent as null with the reason, flagged low, the rest unchanged', async () => {
      const r = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/antibiotic_items_per_starpu/funnel?period=2019-09',
      });
      expect(r.statusCode).toBe(200);
      const f = r.json();
      const zero = f.rows.filter((x: { numerator: number }) => x.numerator === 0);
      expect(zero.length).toBeGreaterThan(0);
      for (const x of zero) {
        // a rate funnel's scale is ln(value): ln 0 = −∞, which JSON cannot carry as a number
        expect(x).toMatchObject({ value: 0, z: null, z_adjusted: null, flag_95: 'low', flag_99_8: 'low' });
        expect(x.not_computed).toEqual({
          z: expect.stringMatching(/^z = −∞: a count of 0 on a rate funnel, whose scale is ln\(value\)/),
          z_adjusted: expect.stringMatching(/^z_adjusted = −∞: a count of 0/),
        });
        expect(Number.isFinite(x.p)).toBe(true);
        for (const k of ['lower_95', 'upper_95', 'lower_99_8', 'upper_99_8', 'expected'])
          expect(Number.isFinite(x[k]), k).toBe(true);
      }
      // every other figure is a finite number, and says nothing is missing
      for (const x of f.rows.filter((y: { numerator: number }) => y.numerator > 0)) {
        expect(Number.isFinite(x.z) && Number.isFinite(x.z_adjusted), x.code).toBe(true);
        expect(x.not_computed).toBeNull();
      }
      expect(f.not_computed).toBeNull();
      expect(Number.isFinite(f.phi) && Number.isFinite(f.tau2)).toBe(true);
      // sorted by adjusted z for the page's table, either way, the practices without one come last
      for (const order of ['asc', 'desc']) {
        const sorted = await call(app, ANON, {
          method: 'GET',
          url: `/api/indicators/antibiotic_items_per_starpu/funnel?period=2019-09&sort=z_adjusted&order=${order}`,
        });
        const z = (sorted.json().rows as Array<{ z_adjusted: number | null }>).map((x) => x.z_adjusted);
        expect(z.length).toBe(f.rows.length);
        expect(z.slice(-zero.length)).toEqual(zero.map(() => null));
        expect(z.slice(0, -zero.length).every((v) => v !== null)).toBe(true);
      }
    });

    it('a client that takes brotli or gzip gets the same funnel compressed that way; one that takes neither gets JSON', async () => {
      const url = '/api/indicators/antibiotic_items_per_starpu/funnel?period=2019-09';
      const plain = await call(app, ANON, { method: 'GET', url });
      const ask = (encodings: string) =>
        call(app, ANON, { method: 'GET', url, headers: { 'accept-encoding': encodings } });
      const brotli = await ask('br;q=1, gzip;q=0.8');
      const zipped = await ask('gzip, deflate');
      const gzipFirst = await ask('br;q=0.5, gzip;q=1');
      const refused = await ask('gzip;q=0, identity');
      for (const r of [plain, brotli, zipped, gzipFirst, refused]) {
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(r.headers.vary).toMatch(/accept-encoding/i);
      }
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(brotli.headers['content-encoding']).toBe('br');
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gzipFirst.headers['content-encoding']).toBe('gzip');
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(brotli.rawPayload.length).toBeLessThan(zipped.rawPayload.length);
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
      expect(brotliDecompressSync(brotli.rawPayload).toString('utf8')).toBe(plain.body);
      expect(refused.body).toBe(plain.body);
      expect((plain.json().rows as unknown[]).length).toBeGreaterThan(50);
    });

    it('an answer one process made is sent by another from the database, made by the same code, until the data moves', async () => {
      const url = '/api/indicators/antibiotic_items_per_starpu/funnel?period=2019-08';
      // (the first funnel asked of a store sets its default tier rules, a change of its own)
      await call(app, ANON, { method: 'GET', url });
      const first = await call(app, ANON, { method: 'GET', url });
      expect(first.statusCode).toBe(200);
      const version = async () =>
        Number((await db.query<{ version: string }>('SELECT version FROM data_version'))[0]!.version);
      const now = await version();
      const [kept] = await db.query<{ key: string; data_version: string }>(
        `SELECT key, data_version FROM stored_answers WHERE key LIKE '%funnel:antibiotic_items_per_starpu:%2019-08%'`,
      );
      // keyed on the code that made it (a digest of its files), the day and the query
      expect(kept?.key).toMatch(/^[0-9a-f]{16}:\d{4}-\d{2}-\d{2}:funnel:antibiotic_items_per_starpu:/);
      expect(Number(kept!.data_version)).toBe(now);
      // what another process finds there is what it sends: marked here, so that only a read of the row can send it
      const marked = { ...first.json(), title: 'made by another process' };
      const marker = Buffer.from(JSON.stringify(marked));
      await db.query('UPDATE stored_answers SET gzip = $2, br = $3 WHERE key = $1', [
        kept!.key,
        gzipSync(marker),
        brotliCompressSync(marker),
      ]);
      // a server on the same database with nothing in memory: another process, as far as its caches know
      const other = await buildServer(Object.create(db) as Database, { rateLimit: false });
      try {
        const fromStore = await call(other, ANON, { method: 'GET', url });
        expect(fromStore.json()).toEqual(marked);
        // once the data moves, the answer is made again from the data, and the old ones let go: those of older
        // versions, and those another release or another day made
        await db.query(`UPDATE indicator_values SET value = value WHERE false`);
        expect(await version()).toBeGreaterThan(now);
        const [{ version: moved }] = await db.query<{ version: string }>('SELECT version FROM data_version');
        await db.query(`INSERT INTO stored_answers (key, data_version, json) VALUES ($1, $2, $3)`, [
          `0000000000000000:2000-01-01:funnel:elsewhere`,
          moved,
          Buffer.from('{}'),
        ]);
        const fresh = await call(other, ANON, { method: 'GET', url });
        expect(fresh.body).toBe(first.body);
        const left = await db.query<{ key: string; data_version: string }>(
          'SELECT key, data_version FROM stored_answers',
        );
        expect(left.length).toBeGreaterThan(0);
        for (const r of left) {
          expect(Number(r.data_version), r.key).toBe(Number(moved));
          expect(r.key.slice(0, 28), r.key).toBe(kept!.key.slice(0, 28));
        }
      } finally {
        await other.close();
      }
    });

    it('refuses what it cannot answer, plainly', async () => {
      const bad = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/antibiotic_items_per_starpu/funnel?period=2030-01',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().detail).toMatch(
        /has no period starting 2030-01; periods with counts start 2019-09, 2019-08/,
      );
      expect(bad.json().periods.slice(0, 2)).toEqual(['2019-09-01', '2019-08-01']);
      const area = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/antibiotic_items_per_starpu/funnel?area=P84650',
      });
      expect(area.json().detail).toMatch(
        /area must be a CCG \(sub-ICB location\) or an ICB; P84650 is a practice/,
      );
    });

    it('tiers: each practice in 14L has one, with the rule text and the evidence behind it', async () => {
      const rules = await call(app, ANON, { method: 'GET', url: '/api/tiers/rules' });
      // one indicator per family: items per STAR-PU leads antibiotic prescribing (items per 1,000 share its
      // numerator; cost is an amount), and with one family loaded below the line needs that one
      expect(rules.json().rules).toMatchObject({
        version: 1,
        indicators: ['antibiotic_items_per_starpu'],
        minFamilies: 1,
        windowMonths: 4,
      });
      const list = await call(app, lead, { method: 'GET', url: '/api/tiers?area=14L' });
      expect(list.statusCode).toBe(200);
      const body = list.json();
      expect(body.practices.length).toBeGreaterThan(60);
      // crude, pooled over 4 months: the two practices furthest above expectation are below the line
      expect(body.counts.below_the_line).toBe(2);
      const someone = body.practices.find((p: { tier: string }) => p.tier === 'below_the_line');
      const tier = await call(app, lead, { method: 'GET', url: `/api/practices/${someone.code}/tier` });
      expect(tier.json()).toMatchObject({
        tier: 'below_the_line',
        ruleVersion: 1,
        about: expect.stringMatching(/never an individual clinician/),
      });
      const e = tier.json().evidence[0];
      expect(e).toMatchObject({
        indicator: 'antibiotic_items_per_starpu',
        family: 'antibiotic_prescribing',
        periodStart: '2019-09-01',
        windowStart: '2019-06-01',
        periods: 4,
        worseWatch: true,
        worseStrict: true,
        judged: true,
        // no case-mix facts are loaded here: crude, and the evidence says why
        adjustment: 'none',
        adjustmentNote: expect.stringMatching(/no case-mix facts .* are loaded, so it is compared crude/),
        crude: null,
      });
      expect(e.value).toBeGreaterThan(e.upperStrict);
      expect(e.q).toBeLessThan(0.05);
      // the overview grid: each practice's cell reads as its tier says (lower is better for antibiotics)
      expect(body.indicators).toEqual([
        // compared crude here: its figures are in its own unit
        expect.objectContaining({ code: 'antibiotic_items_per_starpu', adjusted: false }),
      ]);
      // open member practices without counts in the window are listed with no tier (and no cells)
      const tiered = body.practices.filter((p: { tier: string | null }) => p.tier !== null);
      expect(tiered.length).toBeGreaterThan(60);
      expect(body.noTier).toBe(body.practices.length - tiered.length);
      for (const p of body.practices.filter((x: { tier: string | null }) => x.tier === null))
        expect(p.cells).toEqual({});
      for (const p of tiered) {
        const cell = p.cells.antibiotic_items_per_starpu;
        if (p.tier === 'below_the_line') expect(cell.reading).toBe('worse_strict');
        else if (p.tier === 'could_do_better') expect(cell.reading).toMatch(/^worse_/);
        else expect(cell.reading).not.toMatch(/^worse_/);
        if (cell.reading === 'better') expect(cell.value).toBeLessThan(cell.expected);
      }
      // movement since the period before: every practice counted once
      const m = body.movement;
      expect(m.better + m.worse + m.same + m.unknown).toBe(tiered.length);
      expect(m.better + m.worse).toBe(
        body.practices.filter(
          (p: { previous: string | null; tier: string }) => p.previous && p.previous !== p.tier,
        ).length,
      );
      // the biggest changes, largest first, each recomputed from the z-scores shown (lower is better: sign flips)
      expect(body.changes.length).toBe(10);
      for (const [i, c] of body.changes.entries()) {
        expect(c.change).toBeCloseTo(-(c.to.zAdjusted - c.from.zAdjusted), 12);
        expect(c.to.periodStart > c.from.periodStart).toBe(true);
        // each side is a pooled window of 4 months, named by its first and latest
        expect(c.to).toMatchObject({ windowStart: '2019-06-01', periodStart: '2019-09-01' });
        expect(c.from).toMatchObject({ windowStart: '2019-05-01', periodStart: '2019-08-01' });
        if (i > 0) expect(Math.abs(c.change)).toBeLessThanOrEqual(Math.abs(body.changes[i - 1].change));
      }
      // a practice closed since (June 2021, after the data's last month) keeps its tier, marked closed, and none of
      // the changes worth a look is a closed practice's
      expect(body.practices.find((p: { code: string }) => p.code === 'P84062')).toMatchObject({
        closeDate: '2021-06-30',
        tier: expect.any(String),
      });
      const closedCodes = new Set(
        body.practices
          .filter((p: { closeDate: string | null }) => p.closeDate !== null)
          .map((p: { code: string }) => p.code),
      );
      expect(closedCodes.size).toBeGreaterThan(0);
      expect(body.changes.filter((c: { code: string }) => closedCodes.has(c.code))).toEqual([]);
      // a partner (NHS England, CQC) does not see the commissioner's working tiers
      const partner = await signIn(app, 'partner@test.lantern.invalid', 'partner');
      expect(
        (await call(app, partner, { method: 'GET', url: `/api/practices/${someone.code}/tier` })).statusCode,
      ).toBe(403);
    });

    it('a new rule version is recorded, shown as text, and says who moved', async () => {
      const r = await call(app, lead, {
        method: 'POST',
        url: '/api/tiers/rules',
        payload: { qBelow: 0.01, note: 'A stricter false-discovery level, to see who it would move.' },
      });
      expect(r.statusCode).toBe(201);
      const body = r.json();
      expect(body.version).toBe(2);
      expect(body.text[0]).toMatch(
        /with a false-discovery q-value below 0\.01, on indicators of at least 1 family/,
      );
      expect(body.moved.length).toBeGreaterThan(0);
      for (const m of body.moved) expect(m).toMatchObject({ from: 'below_the_line', to: 'could_do_better' });
      const after = await call(app, lead, {
        method: 'GET',
        url: `/api/practices/${body.moved[0].code}/tier`,
      });
      expect(after.json()).toMatchObject({ tier: 'could_do_better', ruleVersion: 2 });
      expect(after.json().evidence).toEqual([
        expect.objectContaining({ periodStart: '2019-09-01', windowStart: '2019-06-01', worseStrict: true }),
      ]);
      // an amount cannot be adopted as evidence, and the refusal says why
      const money = await call(app, lead, {
        method: 'POST',
        url: '/api/tiers/rules',
        payload: {
          indicators: ['antibiotic_items_per_starpu', 'antibacterial_cost_per_1000'],
          note: 'Add cost.',
        },
      });
      expect(money.statusCode).toBe(400);
      expect(money.json().detail).toMatch(
        /antibacterial_cost_per_1000 is an amount \(£ or staff\), not a count of events: context, not tier evidence/,
      );
      const history = (await call(app, ANON, { method: 'GET', url: '/api/tiers/rules' })).json().history;
      expect(history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    });
  });
}

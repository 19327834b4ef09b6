/**
 * Access beside continuity through the product path, on both databases: SYNTHETIC continuity generated for the
 * synthetic area's CCG 9Z1, loaded as local indicators (recounted here from the generator's appointments), and the
 * page's endpoint as a commissioner (raw), the practice's own user (own row raw, the rest suppressed) and the
 * public (all suppressed), with the survey figures as the file gives them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { newestAgeSex } from '../../src/db/repos/population.js';
import { generatePractice } from '../../src/continuity/generator.js';
import { CONTINUITY_CODES, publishContinuity } from '../../src/continuity/publish.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, type TestSession } from './sessions.js';

const SEED = 19;
const AREA_PRACTICES = Array.from({ length: 18 }, (_, i) => `Z${10001 + i}`); // CCG 9Z1
interface Row {
  code: string;
  selected: boolean;
  slicc: {
    numerator: number | null;
    denominator: number | null;
    value: number | null;
    suppressed?: true;
  } | null;
  upc: number | null;
  coc: number | null;
  appointmentGood: number | null;
  overallGood: number | null;
}

describeEachDatabase('access and continuity', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let dir: string;
  let lead: TestSession;
  let practice: TestSession;
  let firstLoad: number | null;

  beforeAll(async () => {
    db = await t.open();
    dir = writeSyntheticArea();
    // only what the page reads (CI time): organisations and links, the newest list sizes, the survey
    for (const f of [
      'eccg_synthetic.csv',
      'epraccur_synthetic.csv',
      'practice_pcn_ccg_stp_region_2020-21.csv',
      'list_sizes/Patient_List_Size_2016_01-03.csv',
      'gpps_2023_synthetic.csv',
    ])
      await ingestFile(db, join(dir, f));
    // only the first four practices, to keep the test quick; the others have no continuity
    firstLoad = (await publishContinuity(db, AREA_PRACTICES.slice(0, 4), { seed: SEED, yearEnding: 2024 }))!
      .report.loadId;
    app = await buildServer(db, { rateLimit: false });
    await createRoleUser(db, 'commissioner_lead');
    await createRoleUser(db, 'practice_user');
    lead = await signIn(app, 'commissioner_lead@test.lantern.invalid', 'commissioner_lead');
    practice = await signIn(app, 'practice_user@test.lantern.invalid', 'practice_user');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  it('stores SLICC, UPC and COC recounted from the SYNTHETIC appointments, labelled synthetic; a re-run changes nothing', async () => {
    expect(firstLoad).not.toBeNull();
    const listSize = (await newestAgeSex(db, 'Z10001')).reduce((s, r) => s + r.patients, 0);
    const s = generatePractice({ code: 'Z10001', listSize, imdScore: null }, { seed: SEED });
    // recount SLICC independently: per patient, appointments with the list GP, patients with 2 or more appointments
    const n = new Map<number, number>();
    const own = new Map<number, number>();
    for (const a of s.appointments) {
      n.set(a.patient, (n.get(a.patient) ?? 0) + 1);
      if (a.clinician === s.listGp[a.patient - 1]) own.set(a.patient, (own.get(a.patient) ?? 0) + 1);
    }
    let num = 0;
    let den = 0;
    for (const [p, k] of n)
      if (k >= 2) {
        den += k;
        num += own.get(p) ?? 0;
      }
    const [stored] = await db.query<{ numerator: number; denominator: number; period_start: string }>(
      `SELECT numerator, denominator, period_start::text FROM indicator_values WHERE indicator_code = 'cont_slicc' AND org_code = 'Z10001' AND current`,
    );
    expect(stored).toEqual({ numerator: num, denominator: den, period_start: '2023-04-01' });
    const defs = await db.query<{ code: string; source: string; published: boolean }>(
      `SELECT DISTINCT ON (code) code, source, published FROM indicators WHERE code LIKE 'cont\\_%' ORDER BY code, version DESC`,
    );
    expect(defs.map((d) => d.code).sort()).toEqual([...CONTINUITY_CODES].sort());
    for (const d of defs) expect(d.source, d.code).toContain('SYNTHETIC');
    expect(defs.every((d) => !d.published)).toBe(true);
    // SLICC has counts, so its funnel is computed with the load (the four practices); UPC and COC have none
    const funnel = await db.query<{ indicator: string; n: number }>(
      `SELECT indicator_code AS indicator, max(practices)::int AS n FROM variation_computations
        WHERE indicator_code LIKE 'cont\\_%' AND fit_type IS NOT NULL GROUP BY 1`,
    );
    expect(funnel).toEqual([{ indicator: 'cont_slicc', n: 4 }]);
    const again = await publishContinuity(db, AREA_PRACTICES.slice(0, 4), { seed: SEED, yearEnding: 2024 });
    expect(again!.report.loadId).toBeNull();
  });

  it('the page’s endpoint: every practice of the CCG, the survey as published, continuity raw for a commissioner', async () => {
    const r = await call(app, lead, { method: 'GET', url: '/api/practices/Z10002/access-continuity' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.synthetic).toBe(true);
    expect(body.syntheticNote).toContain('SYNTHETIC');
    expect(body.access.absent.join(' ')).toMatch(/phone/);
    expect(body.access.absent.join(' ')).toMatch(/preferred GP/);
    expect(body.suppression).toBeUndefined();
    const rows = body.rows as Row[];
    expect(rows.map((x) => x.code).sort()).toEqual(AREA_PRACTICES);
    expect(rows.filter((x) => x.selected).map((x) => x.code)).toEqual(['Z10002']);
    // the survey figures as in the file
    const gpps = Papa.parse<Record<string, string>>(
      readFileSync(join(dir, 'gpps_2023_synthetic.csv'), 'utf8'),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    for (const row of rows) {
      const f = gpps.find((g) => g.Practice_Code === row.code)!;
      expect(row.appointmentGood).toBeCloseTo(Number(f.appointment_good), 6);
      expect(row.overallGood).toBeCloseTo(Number(f.overall_good), 6);
    }
    const [stored] = await db.query<{ numerator: number; denominator: number }>(
      `SELECT numerator, denominator FROM indicator_values WHERE indicator_code = 'cont_slicc' AND org_code = 'Z10003' AND current`,
    );
    const z3 = rows.find((x) => x.code === 'Z10003')!;
    expect(z3.slicc).toEqual({ ...stored, value: (100 * stored!.numerator) / stored!.denominator });
    expect(z3.upc! >= z3.coc! && z3.coc! >= 0 && z3.upc! <= 1).toBe(true);
    // practices without synthetic continuity have none
    expect(rows.find((x) => x.code === 'Z10010')!.slicc).toBeNull();
  });

  it('a practice user sees their own continuity raw and the others’ suppressed; the public sees all suppressed', async () => {
    const mine = (
      await call(app, practice, { method: 'GET', url: '/api/practices/Z10001/access-continuity' })
    ).json();
    const rows = mine.rows as Row[];
    expect(mine.suppression).toMatch(/suppressed/);
    const own = rows.find((x) => x.code === 'Z10001')!;
    expect(own.slicc!.suppressed).toBeUndefined();
    expect(own.upc).not.toBeNull();
    for (const viewer of [practice, ANON]) {
      const body = (
        await call(app, viewer, { method: 'GET', url: '/api/practices/Z10001/access-continuity' })
      ).json();
      const others = (body.rows as Row[]).filter((x) => x.slicc && (viewer === ANON || x.code !== 'Z10001'));
      expect(others.length).toBeGreaterThanOrEqual(3);
      for (const x of others) {
        expect(x.slicc!.suppressed).toBe(true);
        expect(x.slicc!.numerator! % 5).toBe(0);
        expect(x.slicc!.denominator! % 5).toBe(0);
        expect(x.upc).toBeNull();
        expect(x.coc).toBeNull();
        // the published survey is not suppressed
        expect(x.appointmentGood).not.toBeNull();
      }
    }
  });

  it('refuses what is not a practice, naming it', async () => {
    const r = await call(app, lead, { method: 'GET', url: '/api/practices/9Z1/access-continuity' });
    expect(r.statusCode).toBe(400);
    expect(r.json().message ?? r.body).toMatch(/9Z1/);
  });
});

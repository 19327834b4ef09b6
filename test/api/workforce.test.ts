/**
 * Workforce resilience on the real workforce file: an extract of it (one CCG's practices and a few practices whose
 * GP FTE was not returned, with their epraccur rows) is loaded, and each practice's figures are checked against an
 * independent reading of the same CSV lines here (not Lantern's reader).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { ANON, call } from './sessions.js';

/** A CSV line's fields, quotes removed (names and ICB names hold commas). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
const lines = (f: string) => readFileSync(shared(f), 'latin1').split(/\r?\n/).filter(Boolean);

/** null where the file says NA or nothing */
interface CsvYear {
  year: number;
  patients: number | null;
  gp: number | null;
  nurse: number | null;
  dpc: number | null;
}
/** Linear-interpolated quantile (PostgreSQL's percentile_cont, R type 7), written out here. */
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
}

const dir = mkdtempSync(join(tmpdir(), 'lantern-workforce-'));
let ccg = '';
/** the open practices epraccur puts in that CCG */
let members: string[] = [];
const csv = new Map<string, CsvYear[]>();
if (HAS_SHARED_DATA) {
  const wf = lines('workforce/gp_workforce_by_practice_2023-2025.csv');
  const head = fields(wf[0]!);
  const col = (n: string) => head.indexOf(n);
  const byPractice = new Map<string, string[]>();
  for (const l of wf.slice(1)) {
    const code = fields(l)[0]!;
    if (!byPractice.has(code)) byPractice.set(code, []);
    byPractice.get(code)!.push(l);
  }
  const ods = lines('ods/epraccur_2021-11.csv').map(fields);
  const open = ods.filter((r) => r[12] === 'A' && r[25] === '4' && byPractice.has(r[0]!));
  const counts = new Map<string, number>();
  for (const r of open) counts.set(r[14]!, (counts.get(r[14]!) ?? 0) + 1);
  ccg = [...counts].find(([, n]) => n >= 25 && n <= 45)![0];
  const notReturned = [...byPractice]
    .filter(([, ls]) => ls.some((l) => fields(l)[col('TOTAL_GP_EXTGL_FTE')] === '0'))
    .map(([c]) => c)
    .filter((c) => open.some((r) => r[0] === c))
    .slice(0, 3);
  members = open.filter((r) => r[14] === ccg).map((r) => r[0]!);
  const chosen = new Set([...open.filter((r) => r[14] === ccg).map((r) => r[0]!), ...notReturned]);
  const chosenLines = [...chosen].flatMap((c) => byPractice.get(c)!);
  writeFileSync(
    join(dir, 'gp_workforce_by_practice_2023-2025.csv'),
    [wf[0], ...chosenLines].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'epraccur_2021-11.csv'),
    lines('ods/epraccur_2021-11.csv')
      .filter((l) => chosen.has(fields(l)[0]!))
      .join('\n') + '\n',
  );
  for (const l of chosenLines) {
    const f = fields(l);
    const n = (c: string) => (['', 'NA'].includes(f[col(c)]!) ? null : Number(f[col(c)]));
    if (!csv.has(f[0]!)) csv.set(f[0]!, []);
    csv.get(f[0]!)!.push({
      year: n('Year')!,
      patients: n('TOTAL_PATIENTS'),
      gp: n('TOTAL_GP_EXTGL_FTE'),
      nurse: n('TOTAL_NURSES_FTE'),
      dpc: n('TOTAL_DPC_FTE'),
    });
  }
}
const fy = (y: number) => `${y - 1}-${String(y % 100).padStart(2, '0')}`;

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`workforce resilience on a real extract [${t.name}]`, () => {
    let db: Database;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await t.open();
      for (const f of ['epraccur_2021-11.csv', 'gp_workforce_by_practice_2023-2025.csv'])
        await ingestFile(db, join(dir, f));
      app = await buildServer(db, { rateLimit: false });
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      if (db) await t.dispose(db);
      if (t === DATABASES.at(-1)) rmSync(dir, { recursive: true, force: true });
    });

    it('each practice-year equals the CSV: patients per GP FTE and per clinician FTE (GP + nurse + DPC), the mix', async () => {
      let checked = 0;
      let flagged = 0;
      for (const [code, years] of csv) {
        const r = await call(app, ANON, { method: 'GET', url: `/api/practices/${code}/workforce` });
        expect(r.statusCode, r.body).toBe(200);
        const body = r.json();
        // a year without patients, or without any FTE, gives Lantern nothing to keep
        const sorted = [...years]
          .filter((c) => c.patients !== null && [c.gp, c.nurse, c.dpc].some((x) => x !== null))
          .sort((a, b) => a.year - b.year);
        expect(body.years.map((y: { year: string }) => y.year)).toEqual(sorted.map((y) => fy(y.year)));
        sorted.forEach((c, i) => {
          const y = body.years[i];
          if (c.patients === null) expect(y.patients).toBeNull();
          else expect(y.patients).toBeCloseTo(c.patients, 6);
          expect(y.gpFte).toBe(c.gp);
          expect(y.nurseFte).toBe(c.nurse);
          expect(y.dpcFte).toBe(c.dpc);
          if (c.gp && c.patients) expect(y.patientsPerGpFte).toBeCloseTo(c.patients / c.gp, 6);
          else expect(y.patientsPerGpFte).toBeNull();
          if (c.gp && c.nurse && c.dpc !== null && c.patients) {
            const clin = c.gp + c.nurse + c.dpc;
            expect(y.patientsPerClinicianFte).toBeCloseTo(c.patients / clin, 6);
            expect(y.mix.gp).toBeCloseTo(c.gp / clin, 9);
            expect(y.mix.dpc).toBeCloseTo(c.dpc / clin, 9);
            checked++;
          } else expect(y.patientsPerClinicianFte).toBeNull();
        });
        // flags that follow directly from the CSV
        const has = (f: string) => body.flags.some((x: { code: string }) => x.code === f);
        expect(has('not_returned'), code).toBe(
          sorted.some((c) => c.patients! > 0 && (c.gp === 0 || c.nurse === 0)),
        );
        const lastGp = sorted.filter((c) => c.gp! > 0 && c.patients! > 0).at(-1);
        expect(has('small_gp_capacity'), code).toBe(lastGp !== undefined && lastGp.gp! < 2);
        const firstGp = sorted.find((c) => c.gp! > 0 && c.patients! > 0);
        expect(has('falling_gp_fte_rising_list'), code).toBe(
          firstGp !== lastGp &&
            lastGp!.gp! / firstGp!.gp! - 1 <= -0.1 + 1e-9 &&
            lastGp!.patients! > firstGp!.patients!,
        );
        const p90 = body.england.find(
          (e: { periodStart: string }) => lastGp && e.periodStart === `${lastGp.year - 1}-04-01`,
        )?.p90;
        expect(has('high_patients_per_gp_fte'), code).toBe(
          lastGp !== undefined && lastGp.patients! / lastGp.gp! >= p90,
        );
        flagged += body.flags.length;
      }
      expect(checked).toBeGreaterThan(60);
      expect(flagged).toBeGreaterThan(3);
    });

    it("England's spread is every loaded practice's returned patients per GP FTE (median and 90th centile)", async () => {
      const [code] = [...csv.keys()];
      const body = (await call(app, ANON, { method: 'GET', url: `/api/practices/${code}/workforce` })).json();
      for (const year of [2023, 2024, 2025]) {
        const xs = [...csv.values()].flatMap((ys) =>
          ys.filter((c) => c.year === year && c.gp! > 0 && c.patients! > 0).map((c) => c.patients! / c.gp!),
        );
        const d = body.england.find((e: { periodStart: string }) => e.periodStart === `${year - 1}-04-01`);
        expect(d.practices).toBe(xs.length);
        expect(d.median).toBeCloseTo(quantile(xs, 0.5), 6);
        expect(d.p90).toBeCloseTo(quantile(xs, 0.9), 6);
      }
      expect(body.use).toMatch(/not tier evidence/);
      expect(body.limits.join(' ')).toMatch(/returned no data.*primary care network.*no vacancy/s);
    });

    it("an area's table lists each open practice of the CCG with its latest year, change and flags", async () => {
      const r = await call(app, ANON, { method: 'GET', url: `/api/areas/${ccg}/workforce` });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json();
      expect(body.practices.map((p: { code: string }) => p.code).sort()).toEqual(members.sort());
      for (const p of body.practices) {
        const last = [...csv.get(p.code)!].sort((a, b) => a.year - b.year).at(-1)!;
        expect(p.latest.year).toBe(fy(last.year));
        expect(p.latest.gpFte).toBe(last.gp);
      }
      const single = (
        await call(app, ANON, { method: 'GET', url: `/api/practices/${members[0]}/workforce` })
      ).json();
      const row = body.practices.find((p: { code: string }) => p.code === members[0]);
      expect(row.flags.map((f: { code: string }) => f.code)).toEqual(
        single.flags.map((f: { code: string }) => f.code),
      );
    });

    it('names what was wrong: an unknown code (404), a CCG as a practice and a practice as an area (400)', async () => {
      const unknown = await call(app, ANON, { method: 'GET', url: '/api/practices/Z99999/workforce' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().detail).toMatch(/No organisation has the code Z99999/);
      const asPractice = await call(app, ANON, { method: 'GET', url: `/api/practices/${ccg}/workforce` });
      expect(asPractice.statusCode).toBe(400);
      expect(asPractice.json().detail).toMatch(
        /is a sub_icb; workforce resilience is shown for GP practices/,
      );
      const [code] = [...csv.keys()];
      const asArea = await call(app, ANON, { method: 'GET', url: `/api/areas/${code}/workforce` });
      expect(asArea.statusCode).toBe(400);
      expect(asArea.json().detail).toMatch(/area must be a CCG \(sub-ICB location\) or an ICB/);
    });
  });
}

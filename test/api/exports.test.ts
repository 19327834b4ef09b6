/**
 * Downloads on the synthetic area: each XLSX is read back by a different parser (read-excel-file) and each CSV by
 * papaparse, and compared cell by cell with the JSON the same viewer gets from the page's route; the Notes sheet names
 * the source and the load; text a spreadsheet would run as a formula (concern descriptions here) comes out neutralised
 * in CSV and as plain text in XLSX; a count suppressed in JSON is suppressed in both downloads.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { createConcern } from '../../src/concerns/concerns.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { setClock } from '../../src/domain/clock.js';
import type { Role } from '../../src/domain/roles.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, type TestSession } from './sessions.js';

const INJECTIONS = [
  '=HYPERLINK("http://x","y") letter lost',
  '+1 week late for the clinic letter',
  '-2+3 discharge summary missing',
  '@SUM(A1) referral never acknowledged',
];
const KTT9 = 'antibiotic_items_per_starpu';
type Row = unknown[];

describeEachDatabase('exports', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const as = new Map<Role | 'anonymous', TestSession>();
  const get = async (who: Role | 'anonymous', url: string) => {
    const r = await call(app, as.get(who)!, { method: 'GET', url });
    expect(r.statusCode, `${who} ${url}: ${r.body.slice(0, 300)}`).toBe(200);
    return r;
  };
  const json = async (who: Role | 'anonymous', url: string) => (await get(who, url)).json();
  /** The download as CSV (rows of strings, header first) and as XLSX (the Data and Notes sheets). */
  async function download(who: Role | 'anonymous', url: string) {
    const sep = url.includes('?') ? '&' : '?';
    const c = await get(who, `${url}${sep}format=csv`);
    expect(c.headers['content-type']).toMatch(/^text\/csv/);
    const csv = Papa.parse<string[]>(c.body.replace(/\r\n$/, ''), { newline: '\r\n' }).data;
    const x = await get(who, `${url}${sep}format=xlsx`);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    const sheets = await readXlsxFile(x.rawPayload, { trim: false });
    const sheet = (name: string) => sheets.find((s) => s.sheet === name)!.data as Row[];
    return { csv, data: sheet('Data'), notes: sheet('Notes') };
  }
  /** CSV text for a JSON value as the export writes it (numbers as numbers, null empty). */
  const asCsv = (v: unknown) => (v === null || v === undefined ? '' : String(v));

  beforeAll(async () => {
    db = await t.open();
    setClock('2024-06-30T09:00:00Z');
    await ingestFolder(db, writeSyntheticArea());
    const keys = PatientKeys.random();
    app = await buildServer(db, { rateLimit: false, patientKeys: keys });
    for (const role of ['admin', 'commissioner_lead', 'practice_user', 'partner', 'provider_user'] as const) {
      await createRoleUser(db, role);
      as.set(role, await signIn(app, `${role}@test.lantern.invalid`, role));
    }
    as.set('anonymous', ANON);
    // concerns from a practice of 9Z1 about RZ1 (4: suppressed outside the commissioner team) and from a
    // practice of 9Z2 about RZ2 (12: rounded to 10), their descriptions starting with formula characters
    const recorder = { userId: null, email: 'exports@test.lantern.invalid', role: null };
    const concern = (provider: string, practice: string, description: string) =>
      createConcern(db, keys, recorder, {
        provider,
        category: 'clinic_letter_late',
        harm: 'no_harm',
        description,
        eventDate: '2024-05-10',
        practice,
        submit: true,
      });
    for (const d of INJECTIONS) await concern('RZ1', 'Z10001', d);
    for (let k = 0; k < 12; k++)
      await concern('RZ2', 'Z10030', `Clinic letter ${k} arrived three weeks late.`);
  }, 120_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    if (db) await t.dispose(db);
  });

  it('the funnel download has the JSON rows cell by cell, typed, with units in the headers and the load in the notes', async () => {
    const f = await json('anonymous', `/api/indicators/${KTT9}/funnel?area=9Z1`);
    const { csv, data, notes } = await download(
      'anonymous',
      `/api/indicators/${KTT9}/funnel/export?area=9Z1`,
    );
    expect(f.rows.length).toBeGreaterThan(5);
    expect(data[0]!.slice(0, 7)).toEqual([
      'Practice code',
      'Practice',
      'CCG',
      'Numerator (count)',
      'Denominator (count)',
      `Value (${f.unit})`,
      `Expected (${f.unit})`,
    ]);
    expect(csv[0]).toEqual(data[0]);
    const keys = ['numerator', 'denominator', 'value', 'expected', 'z_adjusted', 'lower_95', 'upper_95'];
    expect(data.length).toBe(f.rows.length + 1);
    f.rows.forEach((r: Record<string, unknown>, i: number) => {
      const x = data[i + 1]!;
      const c = csv[i + 1]!;
      expect(x.slice(0, 3)).toEqual([r.code, r.name, r.ccg]);
      expect(c.slice(0, 3)).toEqual([r.code, r.name, r.ccg]);
      keys.forEach((k, j) => {
        expect(x[3 + j], `${r.code} ${k}`).toBe(r[k]);
        if (r[k] !== null) expect(typeof x[3 + j]).toBe('number');
        expect(c[3 + j]).toBe(asCsv(r[k]));
      });
    });
    // negative z-scores stay numbers: no quote before them in CSV, a number in XLSX
    const negative = f.rows.findIndex((r: { z_adjusted: number | null }) => (r.z_adjusted ?? 0) < 0);
    expect(negative).toBeGreaterThanOrEqual(0);
    expect(data[negative + 1]![7]).toBeLessThan(0);
    expect(csv[negative + 1]![7]).toMatch(/^-\d/);
    // the notes: the indicator's source and the load that wrote its values, with its date
    const [load] = await db.query<{ id: number; fileName: string; finishedAt: string }>(
      `SELECT id, file_name AS "fileName", finished_at::text AS "finishedAt" FROM loads WHERE file_name LIKE '%ktt9%'`,
    );
    const [def] = await db.query<{ source: string }>(`SELECT source FROM indicators WHERE code = $1`, [KTT9]);
    expect(notes.find((r) => r[0] === 'Data source')![1]).toContain(def!.source);
    const loadRow = notes.find((r) => r[0] === load!.id)!;
    expect(loadRow[2]).toBe(load!.fileName);
    expect(loadRow[3]).toBeInstanceOf(Date);
    expect(Math.abs((loadRow[3] as Date).getTime() - new Date(load!.finishedAt).getTime())).toBeLessThan(
      1000,
    );
    expect(notes.find((r) => r[0] === 'Suppression')![1]).toMatch(/published/);
  });

  it('deciles, an area’s tiers and its overview grid equal their JSON', async () => {
    const d = await json('anonymous', `/api/indicators/${KTT9}/deciles`);
    const dx = await download('anonymous', `/api/indicators/${KTT9}/deciles/export`);
    expect(d.periods.length).toBeGreaterThan(0);
    expect(dx.data.slice(1)).toEqual(
      d.periods.map((p: { periodStart: string; practices: number; deciles: number[] }) => [
        new Date(`${p.periodStart}T00:00:00Z`),
        p.practices,
        ...p.deciles,
      ]),
    );
    expect(dx.csv.slice(1)).toEqual(
      d.periods.map((p: { periodStart: string; practices: number; deciles: number[] }) =>
        [p.periodStart, p.practices, ...p.deciles].map(asCsv),
      ),
    );

    const tiers = await json('commissioner_lead', '/api/tiers?area=9Z1');
    const tx = await download('commissioner_lead', '/api/tiers/export?area=9Z1');
    const label = (x: string | null) => (x === null ? null : tiers.labels[x]);
    expect(tiers.practices.length).toBeGreaterThan(5);
    expect(tx.data.slice(1)).toEqual(
      tiers.practices.map((p: Record<string, string | number | null>) => [
        p.code,
        p.name,
        p.ccg,
        p.closeDate,
        label(p.tier as string | null) ?? 'No tier',
        label(p.previous as string | null),
        p.evidence,
        p.reason,
      ]),
    );
    const gx = await download('commissioner_lead', '/api/tiers/grid/export?area=9Z1');
    const inds = tiers.indicators as Array<{ code: string; title: string; unit: string }>;
    expect(inds.length).toBeGreaterThan(0);
    inds.forEach((ind, k) => expect(gx.data[0]![4 + 4 * k]).toBe(`${ind.title}: value (${ind.unit})`));
    let cells = 0;
    tiers.practices.forEach(
      (p: { code: string; cells: Record<string, { value: number; expected: number }> }, i: number) => {
        const x = gx.data[i + 1]!;
        expect(x[0]).toBe(p.code);
        inds.forEach((ind, k) => {
          const c = p.cells[ind.code];
          expect(x[4 + 4 * k]).toBe(c ? c.value : null);
          expect(x[5 + 4 * k]).toBe(c ? c.expected : null);
          if (c) cells++;
        });
      },
    );
    expect(cells).toBeGreaterThan(0);
  });

  it('concerns and themes: the same rows as the list with the same filter; formula text neutralised in CSV, plain text in XLSX', async () => {
    for (const who of ['commissioner_lead', 'practice_user'] as const) {
      const list = await json(who, '/api/concerns?status=submitted&provider=RZ1');
      const { csv, data } = await download(who, '/api/concerns/export?status=submitted&provider=RZ1');
      expect(list.concerns.length, who).toBe(INJECTIONS.length);
      expect(data.slice(1).map((r) => r[0])).toEqual(list.concerns.map((c: { id: number }) => c.id));
      const description = data[0]!.indexOf('Description');
      expect(
        data
          .slice(1)
          .map((r) => r[description])
          .sort(),
      ).toEqual([...INJECTIONS].sort());
      expect(
        csv
          .slice(1)
          .map((r) => r[description])
          .sort(),
      ).toEqual(INJECTIONS.map((s) => `'${s}`).sort());
      const eventDate = data[0]!.indexOf('Event date');
      expect(data[1]![eventDate]).toEqual(new Date('2024-05-10T00:00:00Z'));
      expect(csv[1]![eventDate]).toBe('2024-05-10');
    }
    const themes = await json('commissioner_lead', '/api/concerns/themes');
    const th = await download('commissioner_lead', '/api/concerns/themes/export');
    expect(themes.rows.length).toBeGreaterThan(0);
    expect(th.data.slice(1)).toEqual(
      themes.rows.map((r: Record<string, string | number | null>) => [
        r.providerCode,
        r.providerName,
        r.parentLabel,
        r.categoryLabel,
        r.serviceLabel,
        r.last30,
        r.last90,
        r.last365,
      ]),
    );
  });

  it('referral choice: every count suppressed in JSON is suppressed in CSV and XLSX for each non-privileged viewer', async () => {
    const url = '/api/referral-choice?providers=RZ1,RZ2';
    const exportUrl = '/api/referral-choice/export?providers=RZ1,RZ2';
    let suppressedSeen = 0;
    for (const who of ['partner', 'practice_user', 'provider_user'] as const) {
      const r = await json(who, url);
      const { csv, data, notes } = await download(who, exportUrl);
      const header = data[0]!;
      const total = header.indexOf('Concerns, last 12 months (count)');
      const marked = header.indexOf('Suppressed cells');
      expect(total).toBeGreaterThan(0);
      expect(marked, `${who}: a column naming suppressed cells`).toBeGreaterThan(total);
      r.providers.forEach(
        (p: { provider: { code: string }; concerns: { total: number | null } }, i: number) => {
          const x = data[i + 1]!;
          const c = csv[i + 1]!;
          expect(x[0]).toBe(p.provider.code);
          expect(p.concerns.total === null || p.concerns.total === 0 || p.concerns.total % 5 === 0).toBe(
            true,
          );
          expect(x[total]).toBe(p.concerns.total);
          expect(c[total]).toBe(asCsv(p.concerns.total));
          if (p.concerns.total === null) {
            suppressedSeen++;
            expect(String(x[marked])).toContain('Concerns, last 12 months (count)');
            expect(c[marked]).toContain('Concerns, last 12 months (count)');
          }
          // no rate reaches them: withheld and marked
          for (const k of [total + 1, total + 2, total + 3]) {
            expect(x[k]).toBeNull();
            expect(c[k]).toBe('');
          }
        },
      );
      expect(notes.find((n) => n[0] === 'Suppression')![1]).toMatch(/counts of 1 to 7 are hidden/);
    }
    // RZ1's 4 concerns are suppressed for all three; RZ2's 12 are rounded to 10
    expect(suppressedSeen).toBe(3);
    // the commissioner team sees its own area's count in full (so the check above could fail)
    const lead = await download('commissioner_lead', exportUrl);
    const total = lead.data[0]!.indexOf('Concerns, last 12 months (count)');
    expect(lead.data.find((x) => x[0] === 'RZ1')![total]).toBe(4);
    expect(lead.data[0]).not.toContain('Suppressed cells');
  });

  it('the audit export keeps its URL and columns as CSV, and offers the same entries as XLSX', async () => {
    const r = await get('admin', '/api/audit/export?action=auth');
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const csv = Papa.parse<string[]>(r.body.trimEnd(), { newline: '\r\n' }).data;
    expect(csv[0]).toEqual([
      'seq',
      'at',
      'actor',
      'role',
      'action',
      'target',
      'outcome',
      'details',
      'ip',
      'prev_hash',
      'hash',
    ]);
    expect(csv.length).toBeGreaterThan(3);
    const x = await get('admin', '/api/audit/export?action=auth&format=xlsx');
    const [sheet] = await readXlsxFile(x.rawPayload, { trim: false });
    const seqs = sheet!.data.slice(1).map((row) => row[0]);
    expect(seqs.every((s) => typeof s === 'number')).toBe(true);
    // the second export is itself audited (and so may list one more entry); every entry of the first is there
    expect(seqs.slice(-csv.length + 1)).toEqual(csv.slice(1).map((row) => Number(row[0])));
  });

  it('exports are rate-limited like the other downloads', async () => {
    const limited = await buildServer(db);
    try {
      const codes: number[] = [];
      for (let k = 0; k < 11; k++)
        codes.push(
          (await limited.inject({ method: 'GET', url: `/api/indicators/${KTT9}/deciles/export` })).statusCode,
        );
      expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
      expect(codes[10]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

/**
 * Values that cannot be right as published, on the real files: flagged at load with the reason (kept, not lost),
 * counted in the load's warnings, left out of funnels and benchmarks, and flagged the same way by migration 0012's
 * backfill for stores loaded before the rules. Every expectation is read from the CSV files here, independently.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Database } from '../../src/db/connect.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { LoadReport } from '../../src/ingest/write.js';
import { fitFunnel, practiceValuesFor } from '../../src/variation/funnel.js';
import { QUALITY_ISSUES } from '../../src/domain/value-quality.js';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { describeEachDatabase } from './databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';

const WORKFORCE = shared('workforce/gp_workforce_by_practice_2023-2025.csv');
const PAYMENTS = shared('payments/nhs_payments_to_general_practice_2014-15_to_2022-23.csv');
const PREVALENCE = shared('qof/2019-20/PREVALENCE_1920.csv');
const MANCHESTER = shared('prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv');

/** A CSV file as records by header name (quoted cells may hold commas). */
function readCsv(path: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(path, 'latin1').split(/\r?\n/).filter(Boolean);
  const split = (line: string) =>
    [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
  const names = split(header!);
  return lines.map((l) => {
    const cells = split(l);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}
const num = (s: string | undefined) => (s === undefined || s === '' || s === 'NA' ? null : Number(s));

describeEachDatabase('values that cannot be right (real sample files)', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const reports: Record<string, LoadReport> = {};
  const workforce = HAS_SHARED_DATA ? readCsv(WORKFORCE) : [];
  const payments = HAS_SHARED_DATA ? readCsv(PAYMENTS) : [];
  const prevalence = HAS_SHARED_DATA ? readCsv(PREVALENCE) : [];
  beforeAll(async () => {
    db = await t.open();
    if (!HAS_SHARED_DATA) return;
    reports.workforce = await ingestFile(db, WORKFORCE);
    reports.payments = await ingestFile(db, PAYMENTS);
    reports.prevalence = await ingestFile(db, PREVALENCE);
    await ingestFile(db, MANCHESTER);
    app = await buildServer(db, { rateLimit: false });
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    await t.dispose(db);
  });

  const flagged = async (indicator: string, issue: string) =>
    db.query<{ org: string; start: string }>(
      `SELECT org_code AS org, period_start AS start FROM indicator_values
        WHERE indicator_code = $1 AND current AND quality_issue = $2 ORDER BY org_code, period_start`,
      [indicator, issue],
    );
  const key = (org: string, start: string) => `${org} ${start}`;

  it.skipIf(!HAS_SHARED_DATA)(
    'a GP FTE of 0 for a practice with patients is flagged "not returned", and kept',
    async () => {
      // Year 2023 is April 2022 – March 2023
      const expected = workforce
        .filter((r) => num(r.TOTAL_GP_EXTGL_FTE) === 0 && (num(r.TOTAL_PATIENTS) ?? 0) > 0)
        .map((r) => key(r['Practice.Code']!, `${Number(r.Year) - 1}-04-01`))
        .sort();
      expect(expected.length).toBeGreaterThan(50);
      const rows = await flagged('patients_per_gp_fte', QUALITY_ISSUES.zeroFte);
      expect(rows.map((r) => key(r.org, r.start))).toEqual(expected);
      // a practice with no patients and no GPs is flagged too, for its denominator of 0
      const empty = workforce.filter((r) => num(r.TOTAL_GP_EXTGL_FTE) === 0 && num(r.TOTAL_PATIENTS) === 0);
      expect(empty.length).toBeGreaterThan(0);
      expect(
        (await flagged('patients_per_gp_fte', QUALITY_ISSUES.nonPositiveDenominator)).map((r) =>
          key(r.org, r.start),
        ),
      ).toEqual(empty.map((r) => key(r['Practice.Code']!, `${Number(r.Year) - 1}-04-01`)).sort());
      // kept as published: the value's counts are there
      const [kept] = await db.query<{ numerator: number; denominator: number }>(
        `SELECT numerator, denominator FROM indicator_values WHERE indicator_code = 'patients_per_gp_fte' AND org_code = $1 AND period_start = $2 AND current`,
        [rows[0]!.org, rows[0]!.start],
      );
      expect(kept!.denominator).toBe(0);
      expect(kept!.numerator).toBeGreaterThan(0);
    },
  );

  it.skipIf(!HAS_SHARED_DATA)(
    'a nurse FTE of 0 for a practice with patients is flagged and left out of the funnel, with the reason',
    async () => {
      const zero = workforce.filter(
        (r) => r.Year === '2023' && num(r.TOTAL_NURSES_FTE) === 0 && (num(r.TOTAL_PATIENTS) ?? 0) > 0,
      );
      expect(zero.length).toBeGreaterThan(10);
      const input = (await practiceValuesFor(db, 'nurse_fte_per_1000', ['2022-04-01'])).get('2022-04-01')!;
      const fit = fitFunnel({ method: 'rate', multiplier: 1000 }, input)!;
      const inFunnel = new Set(fit.rows.map((r) => r.code));
      for (const r of zero) expect(inFunnel.has(r['Practice.Code']!), r['Practice.Code']).toBe(false);
      expect(
        fit.excludedForQuality
          .filter((e) => e.reason === QUALITY_ISSUES.zeroFte)
          .map((e) => e.code)
          .sort(),
      ).toEqual(zero.map((r) => r['Practice.Code']!).sort());
      // the rest left out for quality are practices with no patients that year
      const noPatients = new Set(
        workforce
          .filter((r) => r.Year === '2023' && num(r.TOTAL_PATIENTS) === 0)
          .map((r) => r['Practice.Code']),
      );
      for (const e of fit.excludedForQuality.filter((x) => x.reason !== QUALITY_ISSUES.zeroFte)) {
        expect(e.reason).toBe(QUALITY_ISSUES.nonPositiveDenominator);
        expect(noPatients.has(e.code), e.code).toBe(true);
      }
    },
  );

  it.skipIf(!HAS_SHARED_DATA)(
    'a direct patient care FTE of 0 is not flagged (staff a primary care network may employ instead)',
    async () => {
      const zero = workforce.filter((r) => num(r.TOTAL_DPC_FTE) === 0 && (num(r.TOTAL_PATIENTS) ?? 0) > 0);
      expect(zero.length).toBeGreaterThan(1000);
      expect(await flagged('dpc_fte_per_1000', QUALITY_ISSUES.zeroFte)).toEqual([]);
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM indicator_values WHERE indicator_code = 'dpc_fte_per_1000' AND current
            AND numerator = 0 AND denominator > 0 AND quality_issue IS NULL`,
      );
      expect(n).toBe(zero.length);
    },
  );

  it.skipIf(!HAS_SHARED_DATA)('a negative QOF payment is flagged as a recovery, not a payment', async () => {
    const expected = payments
      .filter((r) => (num(r.total_qof_payments) ?? 0) < 0 && (num(r.registered_patients) ?? 0) > 0)
      .map((r) => key(r.practice_code!, `${r.financial_year!.slice(0, 4)}-04-01`))
      .sort();
    expect(expected.length).toBeGreaterThan(50);
    const rows = await flagged('qof_payments_per_patient', QUALITY_ISSUES.negativeMoney);
    expect(rows.map((r) => key(r.org, r.start))).toEqual(expected);
  });

  it.skipIf(!HAS_SHARED_DATA)(
    'a QOF register above its list size (prevalence above 100%) is flagged and out of the England figure',
    async () => {
      const above = prevalence.filter((r) => Number(r.REGISTER) > Number(r.PATIENT_LIST_SIZE));
      expect(above.length).toBeGreaterThan(0);
      for (const r of above) {
        const code = `qof_prevalence_${r.GROUP_CODE!.toLowerCase()}`;
        const rows = await flagged(code, QUALITY_ISSUES.aboveDenominator);
        expect(rows.map((x) => x.org)).toEqual([r.PRACTICE_CODE]);
        // England pooled over the other practices only
        const others = prevalence.filter(
          (x) => x.GROUP_CODE === r.GROUP_CODE && Number(x.REGISTER) <= Number(x.PATIENT_LIST_SIZE),
        );
        const pooled =
          (others.reduce((s, x) => s + Number(x.REGISTER), 0) /
            others.reduce((s, x) => s + Number(x.PATIENT_LIST_SIZE), 0)) *
          100;
        const [england] = await db.query<{ value: number; units: number }>(
          `SELECT value, units FROM indicator_aggregates WHERE indicator_code = $1 AND area_code = 'E92000001'`,
          [code],
        );
        expect(england!.units).toBe(others.length);
        expect(england!.value).toBeCloseTo(pooled, 9);
      }
    },
  );

  it.skipIf(!HAS_SHARED_DATA)(
    'each load counts its flagged values and names the file, line and figure',
    async () => {
      const w = reports.workforce!;
      const stored = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM indicator_values WHERE load_id = $1 AND quality_issue IS NOT NULL`,
        [w.loadId],
      );
      expect(w.values.flagged).toBe(stored[0]!.n);
      const warning = w.warnings.find((x) => x.includes(QUALITY_ISSUES.zeroFte))!;
      expect(warning).toMatch(
        /^gp_workforce_by_practice_2023-2025\.csv: \d+ values kept as published but flagged/,
      );
      // the first example names a real line of the file whose GP or nurse or DPC FTE is 0
      const m = /line (\d+), (numerator|denominator) \(([^)]*)\) of (\w+) for (\w+)/.exec(warning)!;
      const row = workforce[Number(m[1]) - 2]!;
      expect(row['Practice.Code']).toBe(m[5]);
      const column = {
        patients_per_gp_fte: 'TOTAL_GP_EXTGL_FTE',
        nurse_fte_per_1000: 'TOTAL_NURSES_FTE',
        dpc_fte_per_1000: 'TOTAL_DPC_FTE',
      }[m[4]!]!;
      expect(num(row[column])).toBe(0);
    },
  );

  it.skipIf(!HAS_SHARED_DATA)(
    'a practice’s page says what a benchmark over Manchester’s practices covers, and flags a value that cannot be right',
    async () => {
      const rows = readCsv(MANCHESTER);
      const last = rows.reduce((m, r) => (r.date! > m ? r.date! : m), '');
      const counted = rows.filter((r) => r.date === last && Number(r.total_list_size) > 0);
      const practice = counted[0]!.id!;
      const page = (
        await app.inject({ method: 'GET', url: `/api/organisations/${practice}/indicators` })
      ).json() as {
        indicators: Array<{ definition: { code: string }; englandLabel: string }>;
      };
      const items = page.indicators.find((i) => i.definition.code === 'antibacterial_items_per_1000')!;
      expect(items.englandLabel).toMatch(new RegExp(`^All ${counted.length} practices with data`));
      expect(counted.length).toBeLessThan(100);

      // a national indicator keeps "England"; a nurse FTE of 0 carries its reason on the practice's page
      const zero = workforce.find(
        (r) => r.Year === '2023' && num(r.TOTAL_NURSES_FTE) === 0 && (num(r.TOTAL_PATIENTS) ?? 0) > 0,
      )!;
      const own = (
        await app.inject({ method: 'GET', url: `/api/organisations/${zero['Practice.Code']}/indicators` })
      ).json() as {
        indicators: Array<{
          definition: { code: string };
          englandLabel: string;
          points: Array<{ periodStart: string; qualityIssue: string | null }>;
        }>;
      };
      const nurses = own.indicators.find((i) => i.definition.code === 'nurse_fte_per_1000')!;
      expect(nurses.englandLabel).toBe('England');
      expect(nurses.points.find((p) => p.periodStart === '2022-04-01')!.qualityIssue).toBe(
        QUALITY_ISSUES.zeroFte,
      );
    },
  );

  it.skipIf(!HAS_SHARED_DATA)(
    'migration 0014 flags a store loaded before the rules exactly as a load does',
    async () => {
      const flagged = `SELECT indicator_code, org_code, period_start, period_end, load_id, quality_issue AS issue
          FROM indicator_values WHERE quality_issue IS NOT NULL
         ORDER BY indicator_code, org_code, period_start, period_end, load_id`;
      const before = await db.query(flagged);
      expect(before.length).toBeGreaterThan(100);
      // the same store as before the rules: only flagged rows hold a flag (clearing every row rewrote ~300,000 rows
      // for nothing and was most of this file's time)
      const sql = readFileSync(new URL('../../drizzle/0014_value_quality.sql', import.meta.url), 'utf8');
      const backfill = sql.split('--> statement-breakpoint')[1]!;
      const after = await db.transaction(async (tx) => {
        await tx.query('UPDATE indicator_values SET quality_issue = NULL WHERE quality_issue IS NOT NULL');
        const [{ n }] = await tx.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM indicator_values WHERE quality_issue IS NOT NULL',
        );
        expect(n).toBe(0);
        // 0014 ran when each value had an id (0026 dropped it): its backfill runs on a table that has one again
        await tx.query('ALTER TABLE indicator_values ADD COLUMN id bigserial');
        await tx.query(backfill);
        await tx.query('ALTER TABLE indicator_values DROP COLUMN id');
        return tx.query(flagged);
      });
      expect(after).toEqual(before);
    },
  );
});

/**
 * The suppression scan: real ODS organisations and published GP Patient Survey results from ../shared/data,
 * plus a synthetic local indicator with many small counts for 400 real practices. Every non-privileged role
 * (anonymous public, partner, provider user, and practice and peer-group users outside their own scope) walks
 * the API; no local count of 1–7, no count that is not a multiple of 5, and no rate not rebuilt from rounded
 * parts may reach them. Privileged views inside their scope see the raw figures (so the scan can fail).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import type { Role } from '../../src/domain/roles.js';
import { mulberry32 } from '../../src/stats/random.js';
import { scorePatients, storeParsedExtract, SYSTEM } from '../../src/population/service.js';
import { readExtract } from '../../src/population/extract.js';
import { publishAggregates } from '../../src/population/aggregates.js';
import { insertFeedback } from '../../src/db/repos/patient-voice.js';
import { publishContinuityOf } from '../../src/continuity/publish.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASES } from '../db/databases.js';
import { WORKFORCE_INDICATORS } from '../../src/db/repos/workforce.js';
import { CATALOGUE } from '../../src/domain/indicators.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import {
  ANON,
  call,
  defineLocalIndicator,
  genericCsv,
  signIn,
  TEST_PASSWORD,
  type TestSession,
} from './sessions.js';

const LOCAL = 'local_dna_rate';
interface Point {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Every problem with a set of local points as a non-privileged viewer receives them. */
function disclosureProblems(where: string, points: Point[]): string[] {
  const out: string[] = [];
  const ok = (n: number | null) => n === null || n === 0 || (n >= 10 && n % 5 === 0);
  for (const p of points) {
    if (!ok(p.numerator)) out.push(`${where}: numerator ${p.numerator}`);
    if (!ok(p.denominator)) out.push(`${where}: denominator ${p.denominator}`);
    if (p.value !== null) {
      if (p.numerator === null || p.denominator === null || p.denominator === 0)
        out.push(`${where}: value ${p.value} without both rounded parts`);
      else if (Math.abs(p.value - (p.numerator / p.denominator) * 100) > 1e-9)
        out.push(`${where}: value ${p.value} is not ${p.numerator}/${p.denominator} × 100`);
    }
  }
  return out;
}

/**
 * The points in a FHIR searchset of MeasureReports: a count absent (with its data-absent-reason) is null; a
 * funnel reading beside suppressed counts is a problem (it would tell the raw figures' position).
 */
function fhirPoints_(
  bundle: { entry?: Array<{ resource: FhirReport }> },
  mayBeRaw: boolean,
): { points: Point[]; problems: string[] } {
  const problems: string[] = [];
  const points = (bundle.entry ?? []).map(({ resource: r }) => {
    const count = (code: string) =>
      r.group[0]!.population.find((p) => p.code.coding[0]!.code === code)?.count ?? null;
    const suppressed = r.extension?.some((e) => e.url.endsWith('/suppression-note')) ?? false;
    if (!mayBeRaw && !suppressed) problems.push(`${r.period.start}: not marked suppressed`);
    if (suppressed && r.extension!.some((e) => e.url.endsWith('/funnel-reading')))
      problems.push(`${r.period.start}: a funnel reading beside suppressed counts`);
    return {
      numerator: count('numerator'),
      denominator: count('denominator'),
      value: r.group[0]!.measureScore.value ?? null,
    };
  });
  return { points, problems };
}
interface FhirReport {
  period: { start: string };
  extension?: Array<{ url: string }>;
  group: Array<{
    population: Array<{ code: { coding: Array<{ code: string }> }; count?: number }>;
    measureScore: { value?: number };
  }>;
}

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`suppression scan on real data [${t.name}]`, () => {
    let db: Database;
    let app: FastifyInstance;
    let practices: Array<{ code: string; ccg: string; pcn: string | null }>;
    const sessions = new Map<string, TestSession>();
    let own: { practice: string; pcn: string; icb: string; trust: string };

    beforeAll(async () => {
      db = await t.open();
      for (const f of [
        'ods/eccg_2018-11.csv',
        'ods/epraccur_2021-11.csv',
        'ods/nhs_trusts_2023.csv',
        'ods/practice_pcn_ccg_stp_region_2020-21.csv',
        'ods/ccg_to_icb_2022.csv',
        'gp_patient_survey/gpps_2023_practice_experience_subset.csv',
      ])
        await ingestFile(db, shared(f));
      await defineLocalIndicator(db, LOCAL);
      practices = await db.query(
        `SELECT o.code, c.parent_code AS ccg, (SELECT p.parent_code FROM organisation_links p WHERE p.child_code = o.code AND p.relationship = 'practice_pcn' ORDER BY p.valid_from DESC LIMIT 1) AS pcn
           FROM organisations o JOIN organisation_links c ON c.child_code = o.code AND c.relationship = 'practice_sub_icb' AND c.valid_to IS NULL
          WHERE o.type = 'practice' ORDER BY o.code LIMIT 400`,
      );
      // synthetic local figures for real practices: small numerators on purpose
      const rand = mulberry32(6);
      const rows: Array<[string, string, string, number, number]> = [];
      for (const p of practices)
        for (const month of ['2024-04', '2024-05', '2024-06'])
          rows.push([LOCAL, p.code, month, Math.floor(rand() * 25), 30 + Math.floor(rand() * 400)]);
      const dir = mkdtempSync(join(tmpdir(), 'lantern-scan-'));
      writeFileSync(join(dir, 'local.csv'), genericCsv(rows));
      await ingestFile(db, join(dir, 'local.csv'));

      const first = practices.find((p) => p.pcn && p.pcn !== 'U')!;
      const [icb] = await db.query<{ icb: string }>(
        `SELECT parent_code AS icb FROM organisation_links WHERE child_code = $1 AND relationship = 'sub_icb_icb' ORDER BY valid_from DESC LIMIT 1`,
        [first.ccg],
      );
      const [trust] = await db.query<{ code: string }>(
        `SELECT code FROM organisations WHERE type = 'trust' ORDER BY code LIMIT 1`,
      );
      own = { practice: first.code, pcn: first.pcn!, icb: icb!.icb, trust: trust!.code };
      // population-health aggregates of small synthetic extracts (3–14 patients a practice), local figures too
      const extract = [
        'extract_date,practice_code,patient_ref,sex,age,conditions,efi_deficits,emergency_admissions_12m,appointments_12m',
      ];
      for (const p of practices)
        for (let k = 0, n = 3 + Math.floor(rand() * 12); k < n; k++)
          extract.push(
            `2024-06-30,${p.code},ref-${p.code}-${k},${rand() < 0.5 ? 'male' : 'female'},${60 + Math.floor(rand() * 35)},HYP,${Array.from({ length: Math.floor(rand() * 14) }, (_, d) => d + 1).join(';')},${Math.floor(rand() * 3)},${Math.floor(rand() * 20)}`,
          );
      writeFileSync(join(dir, 'extract.csv'), extract.join('\n') + '\n');
      await storeParsedExtract(db, await readExtract(db, join(dir, 'extract.csv')), SYSTEM);
      await scorePatients(db);
      await publishAggregates(db);
      app = await buildServer(db, { rateLimit: false });
      const grants: Array<[string, Role, string | null]> = [
        ['partner', 'partner', null],
        ['provider', 'provider_user', own.trust],
        ['practice', 'practice_user', own.practice],
        ['peers', 'peer_group_lead', own.pcn],
        ['lead', 'commissioner_lead', own.icb],
      ];
      for (const [name, role, org] of grants) {
        const u = await createLocalUser(db, {
          email: `${name}@scan.lantern.invalid`,
          password: TEST_PASSWORD,
        });
        await addGrant(db, u.id, role, org);
        sessions.set(name, await signIn(app, `${name}@scan.lantern.invalid`, role));
      }
      sessions.set('public', ANON);
      // patient feedback (synthetic): nine reports about the trust recorded by the lead's ICB (three also on
      // communication), three PPG reports about the practice; small counts on purpose
      const at = new Date().toISOString();
      const received = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      const voice = {
        source: 'healthwatch' as const,
        sourceDetail: null,
        receivedOn: received,
        periodFrom: received,
        periodTo: received,
        summary: 'Synthetic feedback for the suppression scan.',
      };
      for (let k = 0; k < 9; k++)
        await insertFeedback(
          db,
          {
            ...voice,
            subject: 'provider',
            org: own.trust,
            area: own.icb,
            themes: [
              { theme: 'discharge', sentiment: 'negative' },
              ...(k < 3 ? [{ theme: 'communication' as const, sentiment: 'positive' as const }] : []),
            ],
          },
          { userId: null, role: null },
          at,
        );
      for (let k = 0; k < 3; k++)
        await insertFeedback(
          db,
          {
            ...voice,
            source: 'ppg',
            subject: 'practice',
            org: own.practice,
            area: own.practice,
            themes: [{ theme: 'access', sentiment: 'mixed' }],
          },
          { userId: null, role: null },
          at,
        );
    }, 300_000);
    afterAll(async () => {
      await app?.close();
      if (db) await t.dispose(db);
    });

    /** Walk the pages a viewer can reach for these practices and their CCGs; collect every local point. */
    async function scan(
      s: TestSession,
      codes: string[],
    ): Promise<{
      problems: string[];
      points: number;
      rawSmall: number;
      populationPoints: number;
      fhirPoints: number;
    }> {
      const problems: string[] = [];
      let fhirPoints = 0;
      let points = 0;
      let populationPoints = 0;
      let rawSmall = 0;
      const ccgs = new Set<string>();
      for (const code of codes) {
        for (const path of ['', '/population']) {
          const r = await call(app, s, { method: 'GET', url: `/api/organisations/${code}${path}` });
          expect(r.statusCode).toBe(200);
        }
        const r = await call(app, s, { method: 'GET', url: `/api/organisations/${code}/indicators` });
        for (const g of r.json().indicators as Array<{
          definition: { code: string; published: boolean };
          points: Point[];
        }>) {
          if (g.definition.published) continue;
          // the series alone, as a practice's page asks for it chart by chart, is suppressed the same way
          const one = await call(app, s, {
            method: 'GET',
            url: `/api/organisations/${code}/indicators?indicator=${g.definition.code}`,
          });
          expect(one.json().indicators).toEqual([g]);
          points += g.points.length;
          if (g.definition.code.startsWith('pop_')) populationPoints += g.points.length;
          rawSmall += g.points.filter(
            (p) => p.numerator !== null && p.numerator > 0 && p.numerator <= 7,
          ).length;
          problems.push(...disclosureProblems(`${code} ${g.definition.code}`, g.points));
        }
        ccgs.add(practices.find((p) => p.code === code)!.ccg);
      }
      for (const ccg of ccgs) {
        const r = await call(app, s, {
          method: 'GET',
          url: `/api/organisations/${ccg}/rollup?indicator=${LOCAL}`,
        });
        const pts = r.json().points as Point[];
        points += pts.length;
        problems.push(...disclosureProblems(`${ccg} roll-up`, pts));
      }
      // FHIR MeasureReports: a quarter of the practices' individual reports and four CCGs' summaries (CI time)
      for (const code of [...codes.filter((_, i) => i % 4 === 0), ...[...ccgs].slice(0, 4)]) {
        const r = await call(app, s, {
          method: 'GET',
          url: `/fhir/MeasureReport?subject=Organization/${code}&measure=Measure/local-dna-rate`,
        });
        expect(r.statusCode, r.body).toBe(200);
        const pts = fhirPoints_(r.json(), s === sessions.get('lead') || code === own.practice);
        fhirPoints += pts.points.length;
        problems.push(...pts.problems.map((p) => `${code} FHIR: ${p}`));
        problems.push(...disclosureProblems(`${code} FHIR MeasureReport`, pts.points));
      }
      return { problems, points, rawSmall, populationPoints, fhirPoints };
    }

    it('no small or unrounded local count reaches any non-privileged viewer outside their scope', async () => {
      const outside = (s: string) =>
        practices
          .filter((p) =>
            s === 'practice' ? p.code !== own.practice : s === 'peers' ? p.pcn !== own.pcn : true,
          )
          .filter((_, i) => i % 8 === 0)
          .map((p) => p.code);
      for (const who of ['public', 'partner', 'provider', 'practice', 'peers']) {
        const r = await scan(sessions.get(who)!, outside(who));
        expect(r.points, who).toBeGreaterThan(100);
        expect(r.populationPoints, `${who}: population-health aggregates scanned`).toBeGreaterThan(20);
        expect(r.fhirPoints, `${who}: FHIR MeasureReports scanned`).toBeGreaterThan(30);
        expect(r.problems, who).toEqual([]);
      }
    });

    it('patient voice: no small or unrounded feedback count reaches a viewer outside the area; the lead counts in full', async () => {
      type VoiceCounts = {
        total: number | null;
        suppressed: boolean;
        byTheme: Array<Record<string, unknown>>;
      };
      const numbers = (c: VoiceCounts) => [
        c.total,
        ...c.byTheme.flatMap((t) => [t.positive, t.mixed, t.negative] as Array<number | null>),
      ];
      const ok = (n: number | null) => n === null || n === 0 || (n >= 10 && n % 5 === 0);
      const read = async (who: string) => {
        const s = sessions.get(who)!;
        const card = await call(app, s, { method: 'GET', url: `/api/providers/${own.trust}/scorecard` });
        expect(card.statusCode).toBe(200);
        const pages = [`/api/providers/${own.trust}/patient-voice`];
        // the practice's own users count their practice's feedback in full, as they read it
        if (who !== 'practice') pages.push(`/api/practices/${own.practice}/patient-voice`);
        const lists = [];
        for (const url of pages) {
          const r = await call(app, s, { method: 'GET', url });
          expect(r.statusCode, `${who} ${url}`).toBe(who === 'public' ? 401 : 200);
          if (r.statusCode === 200) lists.push(r.json() as { counts: VoiceCounts; items: unknown[] });
        }
        return { card: card.json().patientVoice as VoiceCounts | null, lists };
      };
      for (const who of ['public', 'partner', 'provider', 'practice', 'peers']) {
        const { card, lists } = await read(who);
        if (who === 'public') expect(card).toBeNull();
        for (const c of [...(card ? [card] : []), ...lists.map((l) => l.counts)]) {
          expect(c.suppressed, who).toBe(true);
          expect(
            numbers(c).filter((n) => !ok(n)),
            who,
          ).toEqual([]);
        }
        for (const l of lists) expect(l.items, `${who}: records`).toEqual([]);
      }
      // the lead's ICB recorded them: counted in full (9 and 3), which the check above would flag
      const lead = (await read('lead')).card!;
      expect(lead.suppressed).toBe(false);
      expect(
        numbers(lead)
          .filter((n) => !ok(n))
          .sort(),
      ).toEqual([3, 9, 9]);
    });

    it('the public view carries no local figure to anyone, inside their scope or not', async () => {
      // practices with local figures, and practices with published ones (the survey's subset is elsewhere)
      const withPublished = await db.query<{ code: string }>(
        `SELECT DISTINCT v.org_code AS code FROM indicator_values v JOIN indicators d ON d.code = v.indicator_code
          WHERE d.published AND d.org_type = 'practice' AND v.current ORDER BY v.org_code LIMIT 10`,
      );
      const sample = [
        ...practices.filter((_, i) => i % 16 === 0).map((p) => p.code),
        ...withPublished.map((p) => p.code),
      ];
      for (const who of ['public', 'partner', 'provider', 'practice', 'peers', 'lead']) {
        let published = 0;
        // the answer does not depend on who asks: the whole sample for the public, a few practices for the rest
        const codes = who === 'public' ? [own.practice, ...sample] : [own.practice, ...sample.slice(-3)];
        for (const code of codes) {
          const r = await call(app, sessions.get(who)!, {
            method: 'GET',
            url: `/api/public/practices/${code}`,
          });
          expect(r.statusCode, `${who} ${code}`).toBe(200);
          const shown = (r.json().figures as Array<{ indicator: string }>).map((f) => f.indicator);
          // the local indicator and the population-health aggregates, which the organisation pages do carry
          expect(
            shown.filter((c) => c === LOCAL || c.startsWith('pop_')),
            `${who} ${code}`,
          ).toEqual([]);
          published += shown.length;
        }
        expect(published, `${who}: published figures scanned`).toBeGreaterThanOrEqual(3);
        const h = await call(app, sessions.get(who)!, { method: 'GET', url: '/api/public/hospitals' });
        expect(h.statusCode).toBe(200);
        expect(JSON.stringify(h.json())).not.toContain(LOCAL);
      }
    });

    it('downloads (CSV and XLSX) carry no local figure a non-privileged viewer outside their scope would not see', async () => {
      const ccg =
        practices.find((p) => p.code !== own.practice && p.ccg !== practices[0]!.ccg)?.ccg ??
        practices[0]!.ccg;
      for (const who of ['public', 'partner', 'provider', 'practice', 'peers']) {
        const s = sessions.get(who)!;
        for (const format of ['csv', 'xlsx']) {
          // a local indicator's funnel and deciles are not downloadable outside the area, as on the page
          for (const url of [
            `/api/indicators/${LOCAL}/funnel/export?area=${ccg}&format=${format}`,
            `/api/indicators/${LOCAL}/deciles/export?format=${format}`,
          ]) {
            const r = await call(app, s, { method: 'GET', url });
            expect(r.statusCode, `${who} ${url}`).toBe(403);
          }
          if (who === 'public' || format === 'xlsx') continue;
          // referral choice (once, as CSV): concern counts 0 or rounded to 5 (suppressed ones empty), rates withheld
          const r = await call(app, s, {
            method: 'GET',
            url: `/api/referral-choice/export?providers=${own.trust}&format=csv`,
          });
          expect(r.statusCode, who).toBe(200);
          const [header, ...rows] = Papa.parse<string[]>(r.body.trimEnd(), { newline: '\r\n' }).data;
          const total = header!.indexOf('Concerns, last 12 months (count)');
          expect(total, who).toBeGreaterThan(0);
          expect(rows.length, who).toBe(1);
          for (const row of rows) {
            const n = row[total] === '' ? null : Number(row[total]);
            expect(n === null || n === 0 || (n >= 10 && n % 5 === 0), `${who}: ${row[total]}`).toBe(true);
            expect(row.slice(total + 1, total + 4), `${who}: rates withheld`).toEqual(['', '', '']);
          }
        }
      }
      // the commissioner lead downloads the local funnel of their own ICB, raw (so the refusals above could fail)
      const lead = await call(app, sessions.get('lead')!, {
        method: 'GET',
        url: `/api/indicators/${LOCAL}/funnel/export?area=${own.icb}&format=csv`,
      });
      expect(lead.statusCode).toBe(200);
      expect(lead.body.split('\r\n').length).toBeGreaterThan(3);
    });

    it('a local funnel the server holds for its area is still refused to every viewer outside it: its rows and its points', async () => {
      // the answer is kept as text once made for the lead: each later ask is checked before it is served
      for (const [url, practices] of [
        [`/api/indicators/${LOCAL}/funnel?area=${own.icb}`, (b: { rows: unknown[] }) => b.rows.length],
        [
          `/api/indicators/${LOCAL}/funnel/points?area=${own.icb}`,
          (b: { points: { code: unknown[] } }) => b.points.code.length,
        ],
      ] as const) {
        const lead = await call(app, sessions.get('lead')!, { method: 'GET', url });
        expect(lead.statusCode, url).toBe(200);
        expect(practices(lead.json()), url).toBeGreaterThan(3);
        for (const who of ['public', 'partner', 'provider', 'practice', 'peers']) {
          const r = await call(app, sessions.get(who)!, { method: 'GET', url });
          expect(r.statusCode, `${who}: ${url}`).toBe(403);
          expect(r.body, who).not.toMatch(/"rows"|"points"/);
        }
        const again = await call(app, sessions.get('lead')!, { method: 'GET', url });
        expect(again.body).toBe(lead.body);
      }
    });

    it('inside their scope practice users and commissioners see the raw figures, which the scan would flag', async () => {
      const mine = await scan(sessions.get('practice')!, [own.practice]);
      const icbPractices = practices.filter((_, i) => i % 8 === 0).map((p) => p.code);
      const lead = await scan(sessions.get('lead')!, [own.practice, ...icbPractices]);
      // the lead's ICB covers some of the sample: raw figures there, with small counts the scan reports
      // three months for the practice, three for its CCG roll-up (suppressed: the CCG is beyond the grant), and the
      // practice's four population-health aggregates
      expect(mine.points).toBe(10);
      // three months of the practice's own reports (raw) and of its CCG's summary (suppressed) by FHIR
      expect(mine.fhirPoints).toBe(6);
      expect(lead.rawSmall + mine.rawSmall).toBeGreaterThan(0);
      expect([...mine.problems, ...lead.problems].length).toBeGreaterThan(0);
    });

    it('meeting reports: refused outside scope; in the practice report other practices appear only in published figures', async () => {
      const outside = practices.find((p) => p.code !== own.practice && p.pcn !== own.pcn)!.code;
      for (const who of ['public', 'partner', 'provider', 'practice', 'peers']) {
        const s = sessions.get(who)!;
        const r = await call(app, s, { method: 'GET', url: `/api/reports/practice/${outside}?format=html` });
        expect([401, 403], `${who}: practice report`).toContain(r.statusCode);
        const c = await call(app, s, { method: 'GET', url: `/api/reports/committee/${own.icb}?format=html` });
        expect([401, 403], `${who}: committee pack`).toContain(c.statusCode);
      }
      const mine = await call(app, sessions.get('practice')!, {
        method: 'GET',
        url: `/api/reports/practice/${own.practice}?format=json`,
      });
      expect(mine.statusCode).toBe(200);
      const report = mine.json() as {
        funnels: Array<{ indicator: string }>;
        peers: { comparison: Array<{ indicator: string }> };
        spine: Array<{ indicator: string }>;
      };
      // funnels, peers and spine spreads show other practices: the local indicator is in none of them
      for (const shown of [report.funnels, report.peers.comparison, report.spine])
        expect(shown.map((x) => x.indicator)).not.toContain(LOCAL);
    });

    it('workforce resilience reads published figures only: the same answer for every viewer, no local indicator', async () => {
      const ccg = practices.find((p) => p.code === own.practice)!.ccg;
      for (const url of [`/api/practices/${own.practice}/workforce`, `/api/areas/${ccg}/workforce`]) {
        const bodies = new Set<string>();
        for (const s of sessions.values()) {
          const r = await call(app, s, { method: 'GET', url });
          expect(r.statusCode, `${s.role} ${url}`).toBe(200);
          bodies.add(r.body);
        }
        expect(bodies.size, url).toBe(1);
        expect([...bodies][0]).not.toContain(LOCAL);
      }
      for (const code of WORKFORCE_INDICATORS)
        expect(CATALOGUE.find((d) => d.code === code)?.published, code).toBe(true);
    });

    it('access beside continuity: SYNTHETIC continuity of small lists reaches no one outside their scope unsuppressed', async () => {
      // small lists (20–200 patients) on purpose, for small counts: every practice of two CCGs, the own practice's and another
      const ownCcg = practices.find((p) => p.code === own.practice)!.ccg;
      const otherCcg = practices.find((p) => p.ccg !== ownCcg)!.ccg;
      const chosen = practices.filter((p) => p.ccg === ownCcg || p.ccg === otherCcg);
      const rand = mulberry32(19);
      await publishContinuityOf(
        db,
        [...new Set(chosen.map((p) => p.code))].map((code) => ({
          code,
          listSize: 20 + Math.floor(rand() * 180),
        })),
        { seed: 19, yearEnding: 2024 },
      );
      const inScope = (who: string, code: string) =>
        who === 'practice'
          ? code === own.practice
          : who === 'peers'
            ? practices.find((p) => p.code === code)?.pcn === own.pcn
            : false;
      type Row = { code: string; slicc: Point | null; upc: number | null; coc: number | null };
      const pages = [own.practice, practices.find((p) => p.ccg === otherCcg)!.code];
      for (const who of ['public', 'partner', 'provider', 'practice', 'peers']) {
        const problems: string[] = [];
        let seen = 0;
        for (const code of pages) {
          const r = await call(app, sessions.get(who)!, {
            method: 'GET',
            url: `/api/practices/${code}/access-continuity`,
          });
          expect(r.statusCode, `${who} ${code}`).toBe(200);
          for (const row of r.json().rows as Row[]) {
            if (!row.slicc || inScope(who, row.code)) continue;
            seen++;
            problems.push(...disclosureProblems(`${who} ${code} ${row.code} SLICC`, [row.slicc]));
            if (row.upc !== null || row.coc !== null)
              problems.push(`${who} ${code} ${row.code}: UPC/COC shown`);
          }
        }
        expect(seen, who).toBeGreaterThan(5);
        expect(problems, who).toEqual([]);
      }
      // the lead inside their ICB sees raw counts, which the scan above would flag (so it can fail)
      const lead = await call(app, sessions.get('lead')!, {
        method: 'GET',
        url: `/api/practices/${own.practice}/access-continuity`,
      });
      const raw = (lead.json().rows as Row[]).filter((r) => r.slicc);
      expect(raw.flatMap((r) => disclosureProblems(r.code, [r.slicc!])).length).toBeGreaterThan(0);
      expect(raw.every((r) => r.upc !== null)).toBe(true);
    });
  });
}

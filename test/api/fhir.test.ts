/**
 * FHIR R4: every resource the /fhir endpoints return is validated against the official R4 JSON schema (vendored in
 * test/fixtures/fhir); the values are the store's and the funnel API's; partOf follows a CCG merger; MeasureReports
 * of a local indicator load and come back with the same numbers, a bad Bundle changes nothing and names the
 * element; an anonymous viewer sees a local indicator's counts suppressed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { describeEachDatabase, tableCounts } from '../db/databases.js';
import {
  ANON,
  call,
  createRoleUser,
  defineLocalIndicator,
  genericCsv,
  signIn,
  type TestSession,
} from './sessions.js';

/** The resource types the /fhir endpoints serve. */
const SERVED = [
  'Bundle',
  'CapabilityStatement',
  'Measure',
  'MeasureReport',
  'OperationOutcome',
  'Organization',
];

// the 3.5 MB schema is compiled once for the file
let compiled: { any: ValidateFunction; byType: (type: string) => ValidateFunction | undefined } | null = null;
function fhirSchema() {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    gunzipSync(readFileSync(new URL('../fixtures/fhir/fhir.schema.json.gz', import.meta.url))).toString(),
  );
  // the file names itself with draft-04's `id`, which Ajv reads as draft-06's `$id`
  const { id, ...rest } = schema;
  // the official definitions, with a resource (top level, or a Bundle entry's) one of the types Lantern serves:
  // compiling the ~150 resource types of the full list costs seconds, and no other type may appear in an answer
  const served = { oneOf: SERVED.map((t) => ({ $ref: `#/definitions/${t}` })) };
  rest.oneOf = served.oneOf;
  rest.definitions.ResourceList = served;
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema({ ...rest, $id: id });
  compiled = {
    any: ajv.getSchema(id)!,
    byType: (type) => (SERVED.includes(type) ? ajv.getSchema(`${id}#/definitions/${type}`) : undefined),
  };
  return compiled;
}

/** The resource in an answer, after checking it is FHIR JSON and valid R4. */
function resourceOf(r: LightMyRequestResponse, status: number, type: string) {
  expect(r.statusCode, r.body).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = r.json();
  const { any, byType } = fhirSchema();
  // on failure, the errors against the resource's own definition say what is wrong
  const own = byType(body.resourceType);
  expect(any(body) ? [] : own && !own(body) ? own.errors?.slice(0, 5) : any.errors?.slice(0, 5)).toEqual([]);
  expect(body.resourceType).toBe(type);
  return body;
}

const LOCAL = 'local_dna_rate';
const STARPU = 'antibiotic_items_per_starpu';
const POP = 'http://terminology.hl7.org/CodeSystem/measure-population';
const FUNNEL_EXT = 'https://lantern.invalid/fhir/StructureDefinition/funnel-reading';
const DAR = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

interface Report {
  type: string;
  subject: { reference: string };
  period: { start: string; end: string };
  extension?: Array<{
    url: string;
    extension?: Array<{ url: string; valueDecimal?: number; valueCode?: string }>;
  }>;
  group: Array<{
    population: Array<{
      code: { coding: Array<{ code: string }> };
      count?: number;
      _count?: { extension: Array<{ url: string; valueCode: string }> };
    }>;
    measureScore: { value?: number; extension?: Array<{ url: string; valueCode: string }> };
  }>;
}
const population = (r: Report, code: string) =>
  r.group[0]!.population.find((p) => p.code.coding[0]!.code === code)!;
const reports = (bundle: { entry?: Array<{ resource: Report; search: { mode: string } }> }, mode = 'match') =>
  (bundle.entry ?? []).filter((e) => e.search.mode === mode).map((e) => e.resource);
const reading = (r: Report) => {
  const ext = r.extension?.find((e) => e.url === FUNNEL_EXT);
  if (!ext) return null;
  return Object.fromEntries(ext.extension!.map((e) => [e.url, e.valueDecimal ?? e.valueCode]));
};

/** One headerless epraccur row (the synthetic area's format): a practice in a CCG from a date. */
const epraccurRow = (code: string, ccg: string, joined: string) => {
  const cells = [
    code,
    `MERGER TEST PRACTICE ${code}`,
    'Y90',
    '',
    'SYNTHETIC STREET',
    '',
    'DEMOTOWN',
    '',
    '',
    'ZZ9 9ZZ',
  ];
  cells.push('19900401', '', 'A', 'B', ccg, joined);
  const row = [...cells, ...Array(27 - cells.length).fill('')];
  row[25] = '4';
  return row.map((c) => `"${c}"`).join(',');
};

/** A MeasureReport of the local indicator, as a client would send it. */
function localReport(org: string, month: string, numerator: number | string, denominator: number) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return {
    resourceType: 'MeasureReport',
    status: 'complete',
    type: 'individual',
    measure: 'https://lantern.invalid/fhir/Measure/local-dna-rate',
    subject: { reference: `Organization/${org}` },
    period: { start: `${month}-01`, end },
    group: [
      {
        population: [
          { code: { coding: [{ system: POP, code: 'numerator' }] }, count: numerator },
          { code: { coding: [{ system: POP, code: 'denominator' }] }, count: denominator },
        ],
      },
    ],
  };
}
const batch = (entries: object[]) => ({
  resourceType: 'Bundle',
  type: 'batch',
  entry: entries.map((resource) => ({ resource, request: { method: 'POST', url: 'MeasureReport' } })),
});

describeEachDatabase('FHIR R4', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let lead: TestSession;
  let provider: TestSession;
  const get = (s: TestSession, url: string) => call(app, s, { method: 'GET', url });
  const post = (s: TestSession, payload: object) =>
    call(app, s, {
      method: 'POST',
      url: '/fhir/MeasureReport',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    // two practices of CCG 9Z3 that moved to 9Z1 on 1 April 2017: 9Z3 merged into 9Z1 then
    const dir = mkdtempSync(join(tmpdir(), 'lantern-fhir-'));
    writeFileSync(
      join(dir, 'old.csv'),
      ['Z10101', 'Z10102'].map((c) => epraccurRow(c, '9Z3', '20130401')).join('\n'),
    );
    writeFileSync(
      join(dir, 'new.csv'),
      ['Z10101', 'Z10102'].map((c) => epraccurRow(c, '9Z1', '20170401')).join('\n'),
    );
    await ingestFile(db, join(dir, 'old.csv'));
    await ingestFile(db, join(dir, 'new.csv'));
    // a local indicator for 9Z1's 18 practices in April 2024, with small counts
    await defineLocalIndicator(db, LOCAL);
    const rows: Array<[string, string, string, number, number]> = [];
    for (let i = 1; i <= 18; i++) rows.push([LOCAL, `Z${10000 + i}`, '2024-04', i % 9, 40 + 7 * i]);
    writeFileSync(join(dir, 'local.csv'), genericCsv(rows));
    await ingestFile(db, join(dir, 'local.csv'));
    app = await buildServer(db, { rateLimit: false });
    await createRoleUser(db, 'commissioner_lead');
    await createRoleUser(db, 'provider_user');
    lead = await signIn(app, 'commissioner_lead@test.lantern.invalid', 'commissioner_lead');
    provider = await signIn(app, 'provider_user@test.lantern.invalid', 'provider_user');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  it('metadata is a CapabilityStatement of this instance (R4 4.0.1, JSON) naming the resources and interactions served', async () => {
    const cs = resourceOf(await get(ANON, '/fhir/metadata'), 200, 'CapabilityStatement');
    expect(cs).toMatchObject({ kind: 'instance', fhirVersion: '4.0.1', format: ['json'] });
    const served = Object.fromEntries(
      cs.rest[0].resource.map((r: { type: string; interaction: Array<{ code: string }> }) => [
        r.type,
        r.interaction.map((i) => i.code).sort(),
      ]),
    );
    expect(served).toEqual({
      Organization: ['read'],
      Measure: ['read'],
      MeasureReport: ['create', 'search-type'],
    });
    const params = cs.rest[0].resource[2].searchParam.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['subject', 'measure', 'period']));
    // a client that accepts only plain JSON gets it as application/json
    const plain = await call(app, ANON, {
      method: 'GET',
      url: '/fhir/metadata',
      headers: { accept: 'application/json' },
    });
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    // what is not served, and a search without its required parameters, answer OperationOutcomes
    const other = resourceOf(await get(ANON, '/fhir/Patient/1'), 404, 'OperationOutcome');
    expect(other.issue[0].diagnostics).toContain('/fhir/metadata');
    const incomplete = resourceOf(
      await get(ANON, '/fhir/MeasureReport?subject=Z10001'),
      400,
      'OperationOutcome',
    );
    expect(incomplete.issue[0].diagnostics).toContain('measure');
  });

  it('Organization: ODS identifier, name, type, active, and partOf its CCG; an unknown code is a 404 OperationOutcome', async () => {
    const o = resourceOf(await get(ANON, '/fhir/Organization/Z10001'), 200, 'Organization');
    const [row] = await db.query<{ name: string }>(`SELECT name FROM organisations WHERE code = 'Z10001'`);
    expect(o).toMatchObject({
      id: 'Z10001',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Z10001' }],
      name: row!.name,
      active: true,
      type: [{ coding: [{ code: 'practice' }] }],
      partOf: { reference: 'Organization/9Z1' },
    });
    const missing = resourceOf(await get(ANON, '/fhir/Organization/Z99999'), 404, 'OperationOutcome');
    expect(missing.issue[0]).toMatchObject({ severity: 'error', code: 'not-found' });
    expect(missing.issue[0].diagnostics).toContain('Z99999');
    const bad = resourceOf(
      await get(ANON, '/fhir/Organization/Z10001?date=2024-13-01'),
      400,
      'OperationOutcome',
    );
    expect(bad.issue[0].diagnostics).toContain('date');
  });

  it('partOf as at a date: before the 2017 merger a practice is in 9Z3, after it in 9Z1; the closed 9Z3 is then part of 9Z1', async () => {
    const at = async (code: string, date: string) =>
      resourceOf(await get(ANON, `/fhir/Organization/${code}?date=${date}`), 200, 'Organization');
    expect((await at('Z10101', '2016-06-01')).partOf.reference).toBe('Organization/9Z3');
    expect((await at('Z10101', '2018-01-01')).partOf.reference).toBe('Organization/9Z1');
    const before = await at('9Z3', '2016-06-01');
    const after = await at('9Z3', '2018-01-01');
    expect(before.active).toBe(true);
    expect(after).toMatchObject({ active: false, partOf: { reference: 'Organization/9Z1' } });
  });

  it('Measure: title, scoring from the method, populations with their definitions, improvement notation from the direction, version', async () => {
    const catalogue = (await get(ANON, '/api/indicators')).json().indicators as Array<{
      code: string;
      title: string;
      method: string;
      direction: string;
      version: number;
      source: string;
      numeratorDescription: string | null;
    }>;
    const scoring: Record<string, string> = {
      proportion: 'proportion',
      rate: 'ratio',
      ratio: 'ratio',
      count: 'continuous-variable',
      value: 'continuous-variable',
      mean: 'continuous-variable',
    };
    const neither = catalogue.find((d) => d.direction === 'neither');
    expect(neither).toBeDefined();
    for (const def of [
      catalogue.find((d) => d.code === STARPU)!,
      catalogue.find((d) => d.code === LOCAL)!,
      neither!,
    ]) {
      const m = resourceOf(await get(ANON, `/fhir/Measure/${def.code.replace(/_/g, '-')}`), 200, 'Measure');
      expect(m.title).toBe(def.title);
      expect(m.version).toBe(String(def.version));
      expect(m.publisher).toBe(def.source);
      expect(m.scoring.coding[0].code).toBe(scoring[def.method]);
      const notation = { higher_better: 'increase', lower_better: 'decrease', neither: undefined }[
        def.direction
      ];
      expect(m.improvementNotation?.coding[0].code).toBe(notation);
      if (def.numeratorDescription)
        expect(m.group[0].population[0]).toMatchObject({
          code: { coding: [{ code: 'numerator' }] },
          description: def.numeratorDescription,
        });
    }
    // the indicator code itself is accepted as the id
    resourceOf(await get(ANON, `/fhir/Measure/${STARPU}`), 200, 'Measure');
    resourceOf(await get(ANON, '/fhir/Measure/no-such-indicator'), 404, 'OperationOutcome');
  });

  it('a practice’s individual reports carry the funnel API’s numerator, denominator, expected value, limits and flags', async () => {
    const funnel = (await get(ANON, `/api/indicators/${STARPU}/funnel`)).json();
    const period = funnel.periodStart as string;
    const bundle = resourceOf(
      await get(
        ANON,
        `/fhir/MeasureReport?subject=Organization/Z10005&measure=Measure/${STARPU}&period=${period}`,
      ),
      200,
      'Bundle',
    );
    expect(bundle.type).toBe('searchset');
    const [r, ...more] = reports(bundle);
    expect(more).toEqual([]);
    const row = funnel.rows.find((x: { code: string }) => x.code === 'Z10005');
    expect(r!).toMatchObject({ type: 'individual', subject: { reference: 'Organization/Z10005' } });
    expect(r!.period.start).toBe(period);
    expect(population(r!, 'numerator').count).toBe(row.numerator);
    expect(population(r!, 'denominator').count).toBe(row.denominator);
    expect(r!.group[0]!.measureScore.value).toBeCloseTo(row.value, 9);
    expect(reading(r!)).toMatchObject({
      comparator: 'england',
      expected: row.expected,
      lower95: row.lower_95,
      upper95: row.upper_95,
      lower998: row.lower_99_8,
      upper998: row.upper_99_8,
      flag95: row.flag_95 || 'within',
      flag998: row.flag_99_8 || 'within',
    });
  });

  it('an area’s summary report sums its practices as the roll-up does; practices=true adds their individual reports', async () => {
    const funnel = (await get(ANON, `/api/indicators/${STARPU}/funnel`)).json();
    const period = funnel.periodStart as string;
    const rollup = (await get(ANON, `/api/organisations/9Z1/rollup?indicator=${STARPU}`))
      .json()
      .points.find((p: { periodStart: string }) => p.periodStart === period);
    const bundle = resourceOf(
      await get(
        ANON,
        `/fhir/MeasureReport?subject=Organization/9Z1&measure=Measure/${STARPU}&period=${period}&practices=true`,
      ),
      200,
      'Bundle',
    );
    const [summary] = reports(bundle);
    expect(summary!.type).toBe('summary');
    expect(population(summary!, 'numerator').count).toBeCloseTo(rollup.numerator, 6);
    expect(population(summary!, 'denominator').count).toBeCloseTo(rollup.denominator, 6);
    // the funnel rows of the area are its practices then: each has its individual report, with its counts
    const inArea = funnel.rows.filter((x: { ccg: string }) => x.ccg === '9Z1');
    const included = reports(bundle, 'include');
    expect(included.length).toBe(inArea.length);
    for (const x of inArea) {
      const r = included.find((i) => i.subject.reference === `Organization/${x.code}`)!;
      expect(population(r, 'numerator').count).toBe(x.numerator);
    }
  });

  it('round trip: a Bundle of MeasureReports loads a local indicator, the same numbers come back, and posting it again changes nothing', async () => {
    const sent = ['Z10001', 'Z10002', 'Z10003', 'Z10004'].flatMap((org, i) => [
      localReport(org, '2024-05', 20 + i, 300 + i),
      localReport(org, '2024-06', 2 + i, 310 + i),
    ]);
    const r = await post(lead, batch(sent));
    const outcome = resourceOf(r, 201, 'OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({ severity: 'information' });
    for (const s of sent) {
      const org = s.subject.reference.slice('Organization/'.length);
      const back = resourceOf(
        await get(
          lead,
          `/fhir/MeasureReport?subject=${org}&measure=local-dna-rate&period=${s.period.start.slice(0, 7)}`,
        ),
        200,
        'Bundle',
      );
      const [got] = reports(back);
      expect(population(got!, 'numerator').count).toBe(s.group[0]!.population[0]!.count);
      expect(population(got!, 'denominator').count).toBe(s.group[0]!.population[1]!.count);
      expect(got!.period).toEqual(s.period);
      // and as the CSV load would have computed it
      expect(got!.group[0]!.measureScore.value).toBeCloseTo(
        ((s.group[0]!.population[0]!.count as number) / (s.group[0]!.population[1]!.count as number)) * 100,
        9,
      );
    }
    const before = await tableCounts(db);
    const again = resourceOf(await post(lead, batch(sent)), 200, 'OperationOutcome');
    expect(again.issue[0].diagnostics).toContain('already loaded');
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a bad Bundle changes nothing and names each element that is wrong, with what was expected', async () => {
    const before = await tableCounts(db);
    const entries = ['Z10005', 'Z10006', 'Z10007', 'Z10008'].map((org) =>
      localReport(org, '2024-07', 30, 400),
    );
    entries[3]!.group[0]!.population[1]!.count = -5;
    const refused = resourceOf(await post(lead, batch(entries)), 400, 'OperationOutcome');
    expect(refused.issue).toHaveLength(1);
    expect(refused.issue[0].expression).toEqual(['Bundle.entry[3].resource.group[0].population[1].count']);
    expect(refused.issue[0].diagnostics).toMatch(/expected .*≥ 0.*-5/);
    // problems found in the FHIR structure, and by the load (an indicator it does not know), name their elements too
    const structural = entries.map((e) => structuredClone(e));
    structural[3]!.group[0]!.population[1]!.count = 400;
    (structural[1] as { period: object }).period = { start: '2024-07-01' };
    structural[2]!.group[0]!.population[0]!.count = '30';
    const s = resourceOf(await post(lead, batch(structural)), 400, 'OperationOutcome');
    expect(s.issue.map((i: { expression: string[] }) => i.expression[0])).toEqual([
      'Bundle.entry[1].resource.period.end',
      'Bundle.entry[2].resource.group[0].population[0].count',
    ]);
    const unknown = structuredClone(entries[0]!);
    unknown.measure = 'Measure/no-such-indicator';
    const u = resourceOf(await post(lead, unknown), 400, 'OperationOutcome');
    expect(u.issue[0].expression).toEqual(['MeasureReport.measure']);
    expect(u.issue[0].diagnostics).toContain('define it first');
    expect(await tableCounts(db)).toEqual(before);
  });

  it('loading is the CSV upload’s right: anonymous 401, a provider user 403, a lead outside their area 403, as OperationOutcomes', async () => {
    const before = await tableCounts(db);
    const one = localReport('Z10001', '2024-08', 10, 100);
    expect(resourceOf(await post(ANON, one), 401, 'OperationOutcome').issue[0].code).toBe('login');
    expect(resourceOf(await post(provider, one), 403, 'OperationOutcome').issue[0].code).toBe('forbidden');
    const outside = resourceOf(
      await post(lead, localReport('Z10030', '2024-08', 10, 100)),
      403,
      'OperationOutcome',
    );
    expect(outside.issue[0].diagnostics).toContain('Z10030');
    expect(await tableCounts(db)).toEqual(before);
  });

  it('an anonymous viewer sees a local indicator suppressed: small counts absent as masked, others rounded to 5, no funnel reading', async () => {
    const anon = resourceOf(
      await get(
        ANON,
        '/fhir/MeasureReport?subject=Organization/9Z1&measure=local-dna-rate&period=2024-04&practices=true',
      ),
      200,
      'Bundle',
    );
    const raw = resourceOf(
      await get(
        lead,
        '/fhir/MeasureReport?subject=Organization/9Z1&measure=local-dna-rate&period=2024-04&practices=true',
      ),
      200,
      'Bundle',
    );
    const seen = reports(anon, 'include');
    expect(seen).toHaveLength(18);
    let masked = 0;
    for (const r of [...reports(anon), ...seen]) {
      expect(reading(r)).toBeNull();
      for (const p of r.group[0]!.population) {
        if (p.count === undefined) {
          expect(p._count!.extension).toEqual([{ url: DAR, valueCode: 'masked' }]);
          masked++;
        } else expect(p.count === 0 || (p.count >= 10 && p.count % 5 === 0), `${p.count}`).toBe(true);
      }
      const [n, d] = [population(r, 'numerator').count, population(r, 'denominator').count];
      if (n === undefined || d === undefined) expect(r.group[0]!.measureScore.value).toBeUndefined();
      else expect(r.group[0]!.measureScore.value).toBeCloseTo((n / d) * 100, 9);
    }
    expect(masked).toBeGreaterThan(5);
    // without a period: one report per period the practice has a value in
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM indicator_values WHERE indicator_code = $1 AND org_code = 'Z10001' AND current`,
      [LOCAL],
    );
    const all = resourceOf(
      await get(ANON, '/fhir/MeasureReport?subject=Z10001&measure=local_dna_rate'),
      200,
      'Bundle',
    );
    expect(all.total).toBe(n);
    expect(n).toBeGreaterThan(1);
    // the lead of 9Z1 sees the same practices raw, with the funnel page's reading
    const funnel = (await get(lead, `/api/indicators/${LOCAL}/funnel?area=9Z1&period=2024-04`)).json();
    for (const r of reports(raw, 'include')) {
      const row = funnel.rows.find((x: { code: string }) => `Organization/${x.code}` === r.subject.reference);
      expect(population(r, 'numerator').count).toBe(row.numerator);
      expect(reading(r)!.expected).toBe(row.expected);
    }
  });
});

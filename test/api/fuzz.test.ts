/**
 * Malformed input to every route (fast-check): arbitrary path parameters, query strings, JSON bodies, broken JSON
 * and CSV uploads, sent as an administrator so that they reach validation; then, to every route, ids at the integer
 * limits, NUL bytes, lone surrogates and text that changes under Unicode normalisation, in each place input goes.
 * No answer may be a server error, and a refused request must leave every table as it was.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { routeTable, type RouteEntry } from '../../src/api/route.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { describeEachDatabase } from '../db/databases.js';
import { call, createRoleUser, defineLocalIndicator, signIn, type TestSession } from './sessions.js';

const TABLES = [
  'users',
  'grants',
  'organisations',
  'organisation_links',
  'populations',
  'indicators',
  'indicator_values',
  'indicator_aggregates',
  'loads',
];
/** these take no input, and end the session the fuzzing runs in */
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);
/** What a refusal is sent as: problem details, or under /fhir an OperationOutcome as FHIR JSON. */
const errorType = (url: string) =>
  url.startsWith('/fhir/') ? /application\/fhir\+json/ : /application\/problem\+json/;

async function counts(db: Database): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
  );
  return row!;
}

/** ids either side of PostgreSQL's integer and of JavaScript's exact integers, and the first non-positive ones */
const LIMITS = ['2147483647', '2147483648', '9007199254740993', '-1', '0'];
/** text no column can hold as sent (NUL, lone surrogates), text NFC or NFKC would change, and LIKE wildcards */
const AWKWARD = [
  '\u0000',
  'Z1\u00000001',
  '\ud800',
  'a\udc00b',
  '\ud83d',
  'e\u0301',
  'A\u030a',
  '\ufb01le',
  '\uff3a\uff11\uff10\uff10\uff10\uff11',
  '9\u200b4\u200b3\u200b476\u200b5919',
  '%',
  '_',
  '\\',
];
/** what a URL can carry that a string cannot say: a raw NUL, a UTF-8-encoded surrogate, an overlong NUL */
const RAW_SEGMENTS = ['%00', '%ED%A0%80', '%C0%80'];
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// a URL holds UTF-8, in which a lone surrogate cannot be written: those go raw (above) and in JSON bodies
const segment = (v: string) => (RAW_SEGMENTS.includes(v) ? v : encodeURIComponent(v.replace(LONE, '\ufffd')));
/** the route's address with parameters that exist (or, for accounts and sessions, are not the admin's own) */
const validPath = (url: string) =>
  url
    .replace(':id', /\/(users|sessions)\//.test(url) ? '2147483647' : '1')
    .replace(
      ':code',
      url.startsWith('/api/indicators/')
        ? 'local_dna_rate'
        : url.startsWith('/api/providers/')
          ? 'RZ1'
          : 'Z10001',
    );
interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
}
interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
/** Every property name in a body schema, at any depth (the branches of a union, the items of an array). */
function propertiesOf(s: JsonSchema | undefined, into = new Set<string>()): Set<string> {
  if (!s) return into;
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    into.add(k);
    propertiesOf(v, into);
  }
  for (const sub of [
    ...(s.anyOf ?? []),
    ...(s.oneOf ?? []),
    ...(s.allOf ?? []),
    ...(s.items ? [s.items] : []),
  ])
    propertiesOf(sub, into);
  return into;
}

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...AWKWARD));
const csvCell = fc.oneof(
  text,
  fc.constantFrom('Z10001', 'Z10030', 'local_dna_rate', '2024-05', '-3', '1e309', '', 'NA', '"'),
  fc.integer().map(String),
);
const csvBody = fc.oneof(
  fc
    .array(fc.array(csvCell, { maxLength: 7 }), { maxLength: 6 })
    .map(
      (rows) =>
        'indicator_code,organisation_code,period,numerator,denominator,value\n' +
        rows.map((r) => r.join(',')).join('\n'),
    ),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  text,
);
const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        email: fc.oneof(text, fc.emailAddress()),
        password: text,
        role: fc.oneof(text, fc.constantFrom('admin', 'practice_user')),
        org: fc.oneof(text, fc.constant(null), fc.constantFrom('Z10001', 'QZZ')),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  text, // not JSON at all
);

function requestFor(r: RouteEntry) {
  const pathParam = fc.oneof(
    text,
    fc.constantFrom('Z10001', '9Z1', '99999999999999999999', '..%2F..', ...LIMITS, ...RAW_SEGMENTS),
    fc.integer().map(String),
  );
  const query = fc.dictionary(
    fc.oneof(
      text,
      fc.constantFrom(
        'q',
        'at',
        'limit',
        'indicator',
        'basis',
        'name',
        'before',
        'from',
        'action',
        'state',
        'returnTo',
      ),
    ),
    text,
    { maxKeys: 4 },
  );
  const body = r.body === 'csv' ? csvBody : r.body === 'json' ? jsonBody : fc.constant(undefined);
  return fc.record({ p: pathParam, q: query, b: body }).map(({ p, q, b }): InjectOptions => {
    const url = r.url.replace(/:\w+/g, () => segment(p)) + '?' + new URLSearchParams(q).toString();
    return {
      method: r.method as InjectOptions['method'],
      url,
      ...(b !== undefined
        ? { payload: b, headers: { 'content-type': r.body === 'csv' ? 'text/csv' : 'application/json' } }
        : {}),
    };
  });
}

describeEachDatabase('malformed requests', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let admin: TestSession;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    await defineLocalIndicator(db);
    app = await buildServer(db, { rateLimit: false });
    await createRoleUser(db, 'admin');
    admin = await signIn(app, 'admin@test.lantern.invalid', 'admin');
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('no route answers a malformed request with a server error, and a refused request writes nothing', async () => {
    const routes = routeTable(app).filter((r) => !SKIP.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      await fc.assert(
        fc.asyncProperty(requestFor(r), async (req) => {
          const before = await counts(db);
          const res = await call(app, admin, req);
          expect(res.statusCode, `${req.method} ${req.url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(errorType(r.url));
            expect(await counts(db)).toEqual(before);
          }
        }),
        { numRuns: 20, seed: 20261122 },
      );
      // a fuzzed DELETE /api/auth/sessions/1 may have ended this very session: sign in again so the rest reach validation
      if ((await call(app, admin, { method: 'GET', url: '/api/auth/session' })).json().user === null)
        admin = await signIn(app, 'admin@test.lantern.invalid', 'admin');
    }
    // some 1,700 requests, each with a count of every table: a minute on an idle 2-core machine, more under load
  }, 300_000);

  it('every route answers ids at the integer limits, NUL, lone surrogates and non-NFC text in its path, query and body without a server error', async () => {
    const routes = routeTable(app).filter((r) => !SKIP.has(`${r.method} ${r.url}`));
    const values = [...LIMITS, ...AWKWARD];
    const failures: string[] = [];
    // each route's own query parameters and body fields, from its OpenAPI description
    const doc = app.swagger() as { paths: Record<string, Record<string, Operation>> };
    for (const r of routes) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url} in the OpenAPI document`).toBeDefined();
      const queryKeys = (op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const bodyKeys = [...propertiesOf(op!.requestBody?.content?.['application/json']?.schema)];
      const requests: InjectOptions[] = [];
      const method = r.method as InjectOptions['method'];
      if (r.url.includes(':'))
        for (const v of [...values, ...RAW_SEGMENTS])
          requests.push({ method, url: r.url.replace(/:\w+/g, () => segment(v)) });
      const path = validPath(r.url);
      for (const k of queryKeys)
        for (const v of [...values, ...RAW_SEGMENTS])
          requests.push({ method, url: `${path}?${k}=${segment(v)}` });
      if (r.body === 'json')
        for (const f of bodyKeys)
          for (const v of values) {
            // JSON.stringify writes a lone surrogate as its escape (\ud800), which is how a client can send one;
            // 9007199254740993 goes as digits, which JSON.parse rounds; an array field gets the value as its item
            const value = LIMITS.includes(v) ? v : JSON.stringify(v);
            for (const payload of [`{${JSON.stringify(f)}:${value}}`, `{${JSON.stringify(f)}:[${value}]}`])
              requests.push({ method, url: path, payload, headers: { 'content-type': 'application/json' } });
          }
      const before = await counts(db);
      let wrote = false;
      for (const req of requests) {
        const res = await call(app, admin, req);
        if (res.statusCode >= 500)
          failures.push(
            `${req.method} ${req.url} ${req.payload ?? ''} → ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
        else if (res.statusCode >= 400 && !errorType(r.url).test(String(res.headers['content-type'])))
          failures.push(`${req.method} ${req.url} → ${res.statusCode} without problem details`);
        if (res.statusCode < 300) wrote = true;
      }
      if (!wrote) expect(await counts(db), `${r.method} ${r.url}`).toEqual(before);
      if ((await call(app, admin, { method: 'GET', url: '/api/auth/session' })).json().user === null)
        admin = await signIn(app, 'admin@test.lantern.invalid', 'admin');
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

/**
 * Malformed input to every route (fast-check): arbitrary path parameters, query strings, JSON bodies, broken JSON
 * and CSV uploads, sent as an administrator so that they reach validation. No answer may be a server error, and a
 * refused request must leave every table as it was.
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

async function counts(db: Database): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
  );
  return row!;
}

const text = fc.string({ unit: 'binary', maxLength: 40 });
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
    fc.constantFrom('Z10001', '9Z1', '0', '-1', '99999999999999999999', '%00', '..%2F..'),
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
    const url = r.url.replace(/:\w+/g, () => encodeURIComponent(p)) + '?' + new URLSearchParams(q).toString();
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
    const routes = routeTable().filter((r) => !SKIP.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      await fc.assert(
        fc.asyncProperty(requestFor(r), async (req) => {
          const before = await counts(db);
          const res = await call(app, admin, req);
          expect(res.statusCode, `${req.method} ${req.url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
            expect(await counts(db)).toEqual(before);
          }
        }),
        { numRuns: 20, seed: 20261122 },
      );
      // a fuzzed DELETE /api/auth/sessions/1 may have ended this very session: sign in again so the rest reach validation
      if ((await call(app, admin, { method: 'GET', url: '/api/auth/session' })).json().user === null)
        admin = await signIn(app, 'admin@test.lantern.invalid', 'admin');
    }
  });
});

/** Server logs (one JSON line per request, with its id; 5xx with the stack; no secrets) and audit entries for failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { searchAudit, verifyAudit } from '../../src/auth/audit.js';
import { openTestPglite } from '../db/databases.js';
import { call, createRoleUser, defineLocalIndicator, genericCsv, signIn, TEST_PASSWORD } from './sessions.js';

interface LogLine {
  level: number;
  reqId?: string;
  msg: string;
  method?: string;
  url?: string;
  status?: number;
  responseTime?: number;
  err?: { message: string; stack: string };
}

function logSink() {
  const raw: string[] = [];
  return {
    raw,
    stream: { write: (s: string) => void raw.push(s) },
    lines: () => raw.map((s) => JSON.parse(s) as LogLine),
    of: (reqId: string) => raw.map((s) => JSON.parse(s) as LogLine).filter((l) => l.reqId === reqId),
  };
}

describe('server logs and failure audit', () => {
  let db: Database;
  let app: FastifyInstance;
  const log = logSink();
  beforeAll(async () => {
    db = await openTestPglite();
    await ingestFile(db, join(writeSyntheticArea(), 'epraccur_synthetic.csv'));
    await defineLocalIndicator(db);
    app = await buildServer(db, { rateLimit: false, secureCookies: false, logger: { stream: log.stream } });
    // a test-only route standing for any handler that fails; the error carries request headers, as the errors
    // of HTTP clients do, to show they are redacted
    app.get('/api/test-only/fails', async (request) => {
      throw Object.assign(new Error('the handler failed on purpose'), { headers: request.headers });
    });
    await createRoleUser(db, 'commissioner_analyst');
    await createRoleUser(db, 'commissioner_analyst', 'changes-password@test.lantern.invalid');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('a server error: a 500 problem document with the request id, one log line with that id and the stack, an audit entry', async () => {
    const s = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    const r = await call(app, s, { method: 'GET', url: '/api/test-only/fails' });
    expect(r.statusCode).toBe(500);
    const id = r.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json()).toMatchObject({ status: 500, requestId: id });
    expect(r.json().detail).toContain(id);
    const lines = log.of(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, method: 'GET', url: '/api/test-only/fails', status: 500 });
    expect(lines[0]!.err!.stack).toMatch(/the handler failed on purpose\n\s+at /);
    const [entry] = await searchAudit(db, { action: 'server.error', limit: 1 });
    expect(entry).toMatchObject({
      actor: 'commissioner_analyst@test.lantern.invalid',
      target: 'GET /api/test-only/fails',
      outcome: 'error',
      details: { requestId: id, status: 500 },
    });
  });

  it('one JSON line per request (method, URL, status, time); an x-request-id sent in is kept and returned', async () => {
    const before = log.raw.length;
    const r = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'proxy-7f3a.1' },
    });
    expect(r.headers['x-request-id']).toBe('proxy-7f3a.1');
    const added = log.lines().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      level: 30,
      reqId: 'proxy-7f3a.1',
      method: 'GET',
      url: '/api/health',
      status: 200,
    });
    expect(added[0]!.responseTime).toBeGreaterThanOrEqual(0);
    // an id that is not short and plain is replaced, not written into the log
    const odd = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'a b\n{"x":1}' },
    });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().requestId).toBe(missing.headers['x-request-id']);
  });

  it('cookies, CSRF tokens, passwords and the OIDC code never reach the log', async () => {
    const s = await signIn(app, 'changes-password@test.lantern.invalid', 'commissioner_analyst');
    const cookie = Object.values(s.cookies)[0]!;
    await call(app, s, {
      method: 'GET',
      url: '/api/test-only/fails',
      headers: { authorization: 'Bearer top-secret-bearer' },
    });
    const changed = await call(app, s, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another secret phrase for the log test' },
    });
    expect(changed.statusCode).toBe(200);
    await app.inject({
      method: 'GET',
      url: '/api/auth/oidc/callback?state=st4te-value&code=auth-code-value',
    });
    const all = log.raw.join('');
    expect(all).toContain('/api/test-only/fails');
    expect(all).toContain('/api/auth/oidc/callback?state=[redacted]&code=[redacted]');
    for (const secret of [
      cookie,
      s.csrf,
      TEST_PASSWORD,
      'another secret phrase',
      'top-secret-bearer',
      'auth-code-value',
      'st4te-value',
    ])
      expect(all).not.toContain(secret);
  });

  it('a refused upload is audited as refused, with the request id and where the file first went wrong', async () => {
    const s = await signIn(app, 'commissioner_analyst@test.lantern.invalid', 'commissioner_analyst');
    const r = await call(app, s, {
      method: 'POST',
      url: '/api/loads?name=bad.csv',
      headers: { 'content-type': 'text/csv' },
      payload: genericCsv([['local_dna_rate', 'Z10002', '2023-01', 'lots', 400]]),
    });
    expect(r.statusCode).toBe(400);
    const [entry] = await searchAudit(db, { action: 'data.upload', limit: 1 });
    expect(entry).toMatchObject({
      actor: 'commissioner_analyst@test.lantern.invalid',
      role: 'commissioner_analyst',
      outcome: 'refused',
      details: {
        file: 'upload/bad.csv',
        status: 400,
        problems: r.json().errors.length,
        first: { line: 2, column: 'numerator' },
        requestId: r.headers['x-request-id'],
      },
    });
    // an upload naming organisations outside the grant is a refusal too
    const outside = await call(app, s, {
      method: 'POST',
      url: '/api/loads?name=outside.csv',
      headers: { 'content-type': 'text/csv' },
      payload: genericCsv([['local_dna_rate', 'Z10030', '2023-01', 10, 400]]),
    });
    expect(outside.statusCode).toBe(403);
    const [second] = await searchAudit(db, { action: 'data.upload', limit: 1 });
    expect(second).toMatchObject({
      outcome: 'refused',
      details: { file: 'upload/outside.csv', status: 403, requestId: outside.headers['x-request-id'] },
    });
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});

it('when the store itself fails, the 500 still goes out with its request id, and the missed audit entry is logged', async () => {
  const db = await openTestPglite();
  const log = logSink();
  const app = await buildServer(db, { rateLimit: false, logger: { stream: log.stream } });
  await app.ready();
  await db.close();
  const r = await app.inject({ method: 'GET', url: '/api/health' });
  expect(r.statusCode).toBe(500);
  const id = r.headers['x-request-id'] as string;
  expect(r.json()).toMatchObject({ title: 'Internal server error', requestId: id });
  const lines = log.of(id);
  expect(lines.map((l) => l.msg)).toEqual([
    'the audit entry for this failure could not be written',
    'GET /api/health failed',
  ]);
  expect(lines[1]!.err!.stack).toMatch(/\n\s+at /);
  await app.close();
});

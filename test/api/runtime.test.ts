/**
 * The production runtime's HTTP surface: live and ready health checks, the API reference page, and whose address
 * the server records when it stands behind proxies (LANTERN_TRUST_PROXY).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { searchAudit } from '../../src/auth/audit.js';
import { parseTrustProxy, ConfigError, type TrustProxy } from '../../src/config/env.js';
import { describeEachDatabase } from '../db/databases.js';

describeEachDatabase('health checks', (t) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await t.open();
    app = await buildServer(db, { rateLimit: false, secureCookies: false });
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('live answers without the database; ready answers when every shipped migration is applied', async () => {
    const live = await app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: db.kind });
    // the old address is as it was
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok' });
  });

  it('ready is 503 with the reason when the newest migration is not applied, and live stays 200', async () => {
    const [newest] = await db.query<{ id: number; created_at: number }>(
      'SELECT id, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1',
    );
    await db.query('UPDATE drizzle.__drizzle_migrations SET created_at = created_at - 1 WHERE id = $1', [
      newest!.id,
    ]);
    try {
      const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toContain('application/problem+json');
      expect(ready.json().detail).toMatch(
        /^Not ready: the database has \d+ migrations applied; this version needs/,
      );
      expect((await app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    } finally {
      await db.query('UPDATE drizzle.__drizzle_migrations SET created_at = $2 WHERE id = $1', [
        newest!.id,
        newest!.created_at,
      ]);
    }
    expect((await app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
  });
});

it('ready is 503 when the database does not answer (closed)', async () => {
  const { openTestPglite } = await import('../db/databases.js');
  const db = await openTestPglite();
  const app = await buildServer(db, { rateLimit: false });
  await db.close();
  const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
  expect(ready.statusCode).toBe(503);
  expect(ready.json().detail).toMatch(/^Not ready: the database did not answer/);
  expect((await app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
  await app.close();
});

describeEachDatabase('API reference page', (t) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await t.open();
    app = await buildServer(db, { rateLimit: false });
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('is served from this origin only, under the same script policy, and reads the OpenAPI document', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // no inline script and nothing from another host: every script and style is a path here, and answers
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]|https?:\/\//);
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref.startsWith('/api/docs/')).toBe(true);
      const r = await app.inject({ method: 'GET', url: ref });
      expect(r.statusCode, ref).toBe(200);
    }
    const start = await app.inject({ method: 'GET', url: '/api/docs/start.js' });
    expect(start.body).toContain("url: '/api/openapi.json'");
    // only the files the page uses are served from the package's folder
    expect((await app.inject({ method: 'GET', url: '/api/docs/assets/index.html' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/docs/assets/../package.json' })).statusCode).toBe(
      404,
    );
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/health/live', '/api/health/ready']),
    );
  });
});

describeEachDatabase('client address behind proxies', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  /** A failed sign-in from the socket address 10.1.2.3 through a proxy naming 203.0.113.9: the audited address. */
  async function auditedAddress(trustProxy: TrustProxy | undefined, n: number): Promise<string | null> {
    const app = await buildServer(db, {
      rateLimit: false,
      secureCookies: false,
      ...(trustProxy === undefined ? {} : { trustProxy }),
    });
    try {
      const email = `nobody-${n}@example.invalid`;
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.1.2.3',
        headers: { 'x-forwarded-for': '203.0.113.9' },
        payload: { email, password: 'not-the-password' },
      });
      expect(r.statusCode).toBe(401);
      const [entry] = await searchAudit(db, { action: 'auth.sign_in', actor: email, limit: 1 });
      return entry!.ip;
    } finally {
      await app.close();
    }
  }

  it('records the socket’s address by default, and X-Forwarded-For’s client only from a trusted proxy', async () => {
    expect(await auditedAddress(undefined, 1)).toBe('10.1.2.3');
    expect(await auditedAddress(parseTrustProxy(''), 2)).toBe('10.1.2.3');
    expect(await auditedAddress(parseTrustProxy('true'), 3)).toBe('203.0.113.9');
    expect(await auditedAddress(parseTrustProxy('1'), 4)).toBe('203.0.113.9');
    expect(await auditedAddress(parseTrustProxy('10.0.0.0/8, 127.0.0.1'), 5)).toBe('203.0.113.9');
    // a proxy not in the list is not believed
    expect(await auditedAddress(parseTrustProxy('192.168.0.0/16'), 6)).toBe('10.1.2.3');
  });
});

it('LANTERN_TRUST_PROXY is parsed, and anything else is refused naming what it accepts', () => {
  expect(parseTrustProxy(undefined)).toBe(false);
  expect(parseTrustProxy('false')).toBe(false);
  expect(parseTrustProxy('0')).toBe(false);
  expect(parseTrustProxy('true')).toBe(true);
  expect(parseTrustProxy('2')).toBe(2);
  expect(parseTrustProxy('10.0.0.0/8,::1, fd00::/8,loopback')).toEqual([
    '10.0.0.0/8',
    '::1',
    'fd00::/8',
    'loopback',
  ]);
  for (const bad of ['yes', '10.0.0.0/33', '10.0.0', 'proxy.example', '10.0.0.0/8,', '-1', '::1/129'])
    expect(() => parseTrustProxy(bad), bad).toThrow(ConfigError);
  expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(
    'LANTERN_TRUST_PROXY must be false, true, a number of proxy hops, or a comma list of proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1); "10.0.0.0/33" is none of these',
  );
});

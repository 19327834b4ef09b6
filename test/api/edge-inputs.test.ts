/**
 * Inputs that used to break things, on both databases: ids beyond PostgreSQL's integer, NUL bytes and lone
 * surrogates (which no column can hold as sent), NHS numbers disguised in free text, LIKE wildcards in a search,
 * and a missing script answered with the app's page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { verifyAudit } from '../../src/auth/audit.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, type TestSession } from './sessions.js';

const BEYOND = '99999999999';

describeEachDatabase('inputs that break things', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let ui: FastifyInstance;
  const s: Record<string, TestSession> = {};
  let concern: number;

  beforeAll(async () => {
    setClock('2026-12-22T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    for (const role of ['admin', 'practice_user', 'commissioner_lead'] as const) {
      await createRoleUser(db, role);
      s[role] = await signIn(app, `${role}@test.lantern.invalid`, role);
    }
    const made = await call(app, s.practice_user!, {
      method: 'POST',
      url: '/api/concerns',
      payload: {
        provider: 'RZ1',
        category: 'discharge_summary_late',
        description: 'Discharge summary for an inpatient stay arrived nine days after discharge.',
        harm: 'low',
        eventDate: '2026-12-14',
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    concern = made.json().id;
    const web = mkdtempSync(join(tmpdir(), 'lantern-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Lantern</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    ui = await buildServer(db, { rateLimit: false, webRoot: web });
  }, 300_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    await ui?.close();
    if (db) await t.dispose(db);
  });

  const as = (who: string, req: InjectOptions) => call(app, s[who]!, req);

  it('an id beyond 2147483647, or a NUL byte in text, is a 400 or 404 naming the field and the value, never a 500', async () => {
    const cases: Array<[string, InjectOptions, RegExp]> = [
      ['practice_user', { method: 'GET', url: `/api/concerns/${BEYOND}` }, /id .*99999999999/],
      ['commissioner_lead', { method: 'GET', url: `/api/improvement/${BEYOND}` }, /id .*99999999999/],
      ['commissioner_lead', { method: 'GET', url: `/api/groups/${BEYOND}` }, /id .*99999999999/],
      [
        'commissioner_lead',
        { method: 'POST', url: `/api/incidents/${BEYOND}`, payload: { status: 'closed' } },
        /id .*99999999999/,
      ],
      ['admin', { method: 'DELETE', url: `/api/auth/sessions/${BEYOND}` }, /id .*99999999999/],
      [
        'admin',
        {
          method: 'POST',
          url: `/api/admin/users/${BEYOND}/grants`,
          payload: { role: 'practice_user', org: 'Z10001' },
        },
        /id .*99999999999/,
      ],
      [
        'admin',
        {
          method: 'POST',
          url: `/api/admin/users/${BEYOND}/revoke`,
          payload: { role: 'practice_user', org: 'Z10001' },
        },
        /id .*99999999999/,
      ],
      ['admin', { method: 'GET', url: `/api/audit?before=${BEYOND}` }, /before .*99999999999/],
      [
        'commissioner_lead',
        { method: 'GET', url: `/api/indicators/qof_dm_hba1c/funnel?group=${BEYOND}` },
        /group .*99999999999/,
      ],
      [
        'commissioner_lead',
        {
          method: 'POST',
          url: `/api/concerns/${concern}/transitions`,
          payload: { to: 'closed', reason: 'duplicate', duplicateOf: Number(BEYOND) },
        },
        /duplicateOf .*99999999999/,
      ],
      [
        'practice_user',
        {
          method: 'POST',
          url: '/api/concerns',
          payload: {
            provider: 'RZ1',
            category: 'discharge_summary_late',
            description: 'Discharge summary \u0000 arrived nine days late.',
            harm: 'low',
            eventDate: '2026-12-14',
          },
        },
        /description .*NUL/,
      ],
      [
        'practice_user',
        { method: 'POST', url: '/api/auth/login', payload: { email: 'a\u0000@x.invalid', password: 'x' } },
        /email .*NUL/,
      ],
    ];
    const wrong: string[] = [];
    for (const [who, req, names] of cases) {
      const r = await as(who, req);
      if (![400, 404].includes(r.statusCode) || !names.test(r.json().detail))
        wrong.push(`${req.method} ${req.url} → ${r.statusCode} ${r.json().detail}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a lone surrogate anywhere in the input is refused with a 400 naming the field', async () => {
    const r = await as('admin', {
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        email: 'x@y.invalid',
        password: 'plum kettle orbit lantern',
        role: 'practice_user',
        org: 'Z10001',
        displayName: 'bad \ud800 name',
      },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().detail).toMatch(/displayName .*lone surrogate/);
    const q = await as('admin', { method: 'GET', url: '/api/organisations?q=a%00b' });
    expect(q.statusCode).toBe(400);
    expect(q.json().detail).toMatch(/q .*NUL/);
  });

  it('a failed sign-in with a lone surrogate in the e-mail is refused and leaves the audit chain intact', async () => {
    const r = await call(app, ANON, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: '\ud800@x.invalid', password: 'whatever it is' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/email .*lone surrogate/);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('% _ and \\ in an organisation search are literal characters, not LIKE wildcards', async () => {
    for (const q of ['%', '_', '%%', 'Z1000_', '\\', 'Z\\%']) {
      const r = await call(app, ANON, {
        method: 'GET',
        url: `/api/organisations?q=${encodeURIComponent(q)}`,
      });
      expect(r.statusCode, `${q} → ${r.body}`).toBe(200);
      expect(r.json().results, q).toEqual([]);
    }
    const plain = await call(app, ANON, { method: 'GET', url: '/api/organisations?q=Z1000' });
    expect(plain.json().results.length).toBeGreaterThan(0);
    // the same in the audit search (actor contains, action starts with)
    for (const q of ['actor=%25', 'actor=a_m', 'action=_', 'actor=%5C']) {
      const r = await as('admin', { method: 'GET', url: `/api/audit?${q}` });
      expect(r.statusCode, q).toBe(200);
      expect(r.json().entries, q).toEqual([]);
    }
    expect(
      (await as('admin', { method: 'GET', url: '/api/audit?actor=admin' })).json().entries.length,
    ).toBeGreaterThan(0);
  });

  it('a missing file under /assets (or any address with a file extension) is a 404; a page address is the app', async () => {
    const get = (url: string) => ui.inject({ method: 'GET', url });
    expect((await get('/assets/app.js')).statusCode).toBe(200);
    for (const url of ['/assets/x.js', '/assets/deep/x.css', '/favicon.ico', '/robots.txt']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toMatch(/<title>Lantern/);
    }
    for (const url of ['/', '/concerns', '/organisations/Z10001', '/admin?tab=audit']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toMatch(/<title>Lantern/);
    }
  });

  // last: it tampers with the audit trail
  it('GET /api/audit/verify names every entry that does not fit, not only the first', async () => {
    const [{ n }] = await db.query<{ n: number }>('SELECT max(seq)::int AS n FROM audit_log');
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await db.query(`UPDATE audit_log SET actor = 'someone@else' WHERE seq IN (2, $1)`, [n - 1]);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    const r = await as('admin', { method: 'GET', url: '/api/audit/verify' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      ok: false,
      breakCount: 2,
      breaks: [
        { seq: 2, problem: expect.stringMatching(/altered/) },
        { seq: n - 1, problem: expect.stringMatching(/altered/) },
      ],
    });
  });
});

/**
 * Several `lantern serve` processes on one PostgreSQL: an answer one process has cached (the store's counts, an
 * indicator's periods) follows a load made through another, because cached answers are keyed on the database's
 * data version; and `serve --workers 2` answers from both workers and stops cleanly on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { openDatabase } from '../../src/db/connect.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { adminSql, PG_URL } from '../db/databases.js';
import { killServeProcesses, startServe, type ServeProcess } from './support/serve-process.js';
import { createRoleUser, defineLocalIndicator, genericCsv, TEST_PASSWORD } from '../api/sessions.js';

const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lantern-two-processes-'));
const database = `lantern_two_${process.pid}`;
const databaseUrl = PG_URL ? Object.assign(new URL(PG_URL), { pathname: `/${database}` }).toString() : '';
const LEAD = 'commissioner_lead@test.lantern.invalid';
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const IND = 'local_dna_rate';

function serve(...args: string[]): Promise<ServeProcess> {
  return startServe(['--no-sample', ...args], {
    DATABASE_URL: databaseUrl,
    LANTERN_DATA_DIR: join(dir, 'unused'),
    LANTERN_CONCERNS_KEY_FILE: join(dir, 'concerns.key'),
    LANTERN_LOG_LEVEL: 'info',
    PORT: '0',
  });
}

/** One request on a connection of its own (so that requests to a cluster are spread over its workers). */
function call(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (b: Buffer) => (body += b.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function signIn(port: number): Promise<{ cookie: string; csrf: string }> {
  const r = await call(port, '/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: LEAD, password: TEST_PASSWORD }),
  });
  expect(r.status, r.body).toBe(200);
  const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  return { cookie: cookies.map((c) => c.split(';')[0]).join('; '), csrf: JSON.parse(r.body).csrfToken };
}

describe.skipIf(!PG_URL)('lantern serve processes on one PostgreSQL [postgres]', () => {
  beforeAll(async () => {
    await adminSql(`CREATE DATABASE ${database}`);
    // the synthetic area, a local indicator without values yet, and a commissioner who may load it
    const db = await openDatabase({ databaseUrl });
    try {
      await ingestFolder(db, writeSyntheticArea(join(dir, 'synthetic')));
      await defineLocalIndicator(db, IND);
      await createRoleUser(db, 'commissioner_lead');
    } finally {
      await db.close();
    }
  }, 300_000);
  afterAll(async () => {
    killServeProcesses();
    if (PG_URL) await adminSql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('a load through one process is seen through another that had cached the answers before it, and an answer one made is sent by the other', async () => {
    const a = await serve();
    const b = await serve();
    // a session made on one process is good on the other: both read it from the database
    const session = await signIn(a.port);
    const asLead = { cookie: session.cookie };
    const health = async () => JSON.parse((await call(b.port, '/api/health')).body);
    const funnel = () => call(b.port, `/api/indicators/${IND}/funnel?area=9Z1`, { headers: asLead });

    const before = await health();
    const none = await funnel();
    expect(none.status, none.body).toBe(400);
    expect(none.body).toMatch(/has no values loaded/);
    // asked again, the same cached answers
    expect(await health()).toEqual(before);

    const load = await call(a.port, `/api/loads?name=two-processes.csv`, {
      method: 'POST',
      headers: { ...asLead, 'x-csrf-token': session.csrf, 'content-type': 'text/csv' },
      body: genericCsv(
        ['Z10001', 'Z10002', 'Z10003', 'Z10004', 'Z10005'].map((p, i) => [IND, p, '2024-05', 3 + i, 100]),
      ),
    });
    expect(load.status, load.body).toBe(201);

    const after = await health();
    expect(after.loads).toBe(before.loads + 1);
    expect(after.values).toBe(before.values + 5);
    const drawn = await funnel();
    expect(drawn.status, drawn.body).toBe(200);
    expect(JSON.parse(drawn.body).rows.map((r: { code: string }) => r.code)).toEqual([
      'Z10001',
      'Z10002',
      'Z10003',
      'Z10004',
      'Z10005',
    ]);

    // the answer b made is kept in the database, and a sends it without making it again: marked here, so that only
    // a read of what b kept can send the mark
    // (the first funnel drawn on a store sets its default tier rules, a change that moves the data version: asked
    // again, b keeps its answer at the version a will read)
    expect((await funnel()).body).toBe(drawn.body);
    const marked = Buffer.from(
      JSON.stringify({ ...JSON.parse(drawn.body), title: 'made by the other process' }),
    );
    const db = await openDatabase({ databaseUrl, migrate: false });
    try {
      const kept = await db.query(
        `UPDATE stored_answers
            SET json = CASE WHEN json IS NULL THEN NULL ELSE $1::bytea END,
                gzip = CASE WHEN gzip IS NULL THEN NULL ELSE $2::bytea END,
                br = CASE WHEN br IS NULL THEN NULL ELSE $3::bytea END
          WHERE key LIKE $4 RETURNING key`,
        [marked, gzipSync(marked), brotliCompressSync(marked), `%:funnel:${IND}:%`],
      );
      expect(kept).toHaveLength(1);
    } finally {
      await db.close();
    }
    const fromA = await call(a.port, `/api/indicators/${IND}/funnel?area=9Z1`, { headers: asLead });
    expect(JSON.parse(fromA.body).title).toBe('made by the other process');

    for (const s of [a, b]) s.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  }, 120_000);

  it('serve --workers 2 answers from both workers and stops them all on SIGTERM, exiting 0', async () => {
    const s = await serve('--workers', '2');
    expect(s.output()).toMatch(/PostgreSQL, 2 worker processes/);
    for (let i = 0; i < 8; i++) expect((await call(s.port, '/api/health')).status).toBe(200);
    // each request's log line names the process that answered it
    const pids = new Set(
      s
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { pid: number; url?: string; status?: number })
        .filter((l) => l.url === '/api/health' && l.status === 200)
        .map((l) => l.pid),
    );
    expect(pids.size).toBe(2);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/SIGTERM: stopping 2 workers/);
  }, 120_000);
});

it('serve --workers 2 without DATABASE_URL is refused: the embedded database is one process’s', async () => {
  const child = spawn(process.execPath, [bin, 'serve', '--no-sample', '--workers', '2'], {
    env: { ...process.env, DATABASE_URL: '', LANTERN_DATA_DIR: join(dir, 'embedded'), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(err).toMatch(/--workers 2 needs PostgreSQL \(set DATABASE_URL\)/);
}, 60_000);

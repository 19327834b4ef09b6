/**
 * `lantern serve` stops gracefully on SIGTERM: it finishes the request in flight, closes the database (the data
 * directory's lock is released) and exits 0; a request that does not finish within LANTERN_SHUTDOWN_TIMEOUT_SECONDS
 * makes it exit 1 at the limit instead of hanging.
 */
import { afterEach, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/connect.js';

const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
let child: ChildProcess | null = null;
afterEach(() => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function until(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startServer(env: Record<string, string>) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'lantern-shutdown-')), 'data');
  child = spawn(process.execPath, [bin, 'serve', '--no-sample'], {
    env: {
      ...process.env,
      LANTERN_DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: '0',
      LANTERN_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (b: Buffer) => (out.stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  await until('the server to start', () => /Lantern is running at/.test(out.stdout));
  const port = Number(/Lantern is running at http:\/\/[^:]+:(\d+)/.exec(out.stdout)![1]);
  return { port, dataDir, out, exited, proc: child };
}

/** A sign-in request whose body is sent only in part: the server holds it in flight until the rest comes. */
function halfSentRequest(port: number): { socket: Socket; finish: () => void; answer: () => string } {
  const body = JSON.stringify({ email: 'nobody@example.invalid', password: 'not-the-password' });
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (b) => (answer += b.toString()));
  socket.on('error', () => {});
  socket.write(
    `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
  );
  return { socket, finish: () => socket.write(body.slice(10)), answer: () => answer };
}

it('on SIGTERM finishes the request in flight, closes the database and exits 0', async () => {
  const s = await startServer({ LANTERN_SHUTDOWN_TIMEOUT_SECONDS: '60' });
  const req = halfSentRequest(s.port);
  await new Promise((r) => setTimeout(r, 300)); // the request has reached the server
  s.proc.kill('SIGTERM');
  await until('the stop to begin', () => /SIGTERM: stopping/.test(s.out.stderr), 10_000);
  // still waiting for the request, and no longer taking new connections
  await new Promise((r) => setTimeout(r, 500));
  expect(s.proc.exitCode).toBe(null);
  const refused = await new Promise<boolean>((resolve) => {
    const c = connect(s.port, '127.0.0.1');
    c.on('connect', () => (c.destroy(), resolve(false)));
    c.on('error', () => resolve(true));
  });
  expect(refused).toBe(true);
  req.finish();
  expect(await s.exited).toBe(0);
  expect(req.answer()).toMatch(/^HTTP\/1\.1 401 /);
  expect(s.out.stderr).toContain('Stopped.');
  // the data directory's lock is released: another process may open it
  const db = await openDatabase({ dataDir: s.dataDir });
  await db.close();
}, 180_000);

it('exits 1 when a request in flight outlasts the shutdown time limit', async () => {
  const s = await startServer({ LANTERN_SHUTDOWN_TIMEOUT_SECONDS: '1' });
  const req = halfSentRequest(s.port);
  await new Promise((r) => setTimeout(r, 300));
  const signalled = Date.now();
  s.proc.kill('SIGTERM');
  expect(await s.exited).toBe(1);
  expect(Date.now() - signalled).toBeGreaterThanOrEqual(900);
  expect(s.out.stderr).toContain('Not stopped within 1 s (LANTERN_SHUTDOWN_TIMEOUT_SECONDS)');
  req.socket.destroy();
}, 180_000);

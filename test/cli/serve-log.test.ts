/** `lantern serve` writes one JSON log line per request, at the level LANTERN_LOG_LEVEL names. */
import { afterAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfig } from '../../src/config/env.js';

const bin = new URL('../../bin/lantern.js', import.meta.url).pathname;
let child: ChildProcess | null = null;
afterAll(() => {
  if (child?.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
});

it('one JSON line per request with its request id, method, URL, status and time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-serve-log-'));
  child = spawn(process.execPath, [bin, 'serve', '--no-sample'], {
    env: {
      ...process.env,
      LANTERN_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      PORT: '0',
      LANTERN_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (!(url = /Lantern is running at (http:\/\/\S+)/.exec(out)?.[1]) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  expect(url).toBeDefined();
  const r = await fetch(`${url}/api/health`, { headers: { 'x-request-id': 'serve-log-test-1' } });
  expect(r.status).toBe(200);
  expect(r.headers.get('x-request-id')).toBe('serve-log-test-1');
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; level: number; status?: number; url?: string });
  while (!lines().some((l) => l.reqId === 'serve-log-test-1') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const mine = lines().filter((l) => l.reqId === 'serve-log-test-1');
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ level: 30, method: 'GET', url: '/api/health', status: 200 });
}, 180_000);

it('LANTERN_LOG_LEVEL names a pino level or start-up stops with what it accepts', () => {
  expect(readConfig({}).logLevel).toBe('info');
  expect(readConfig({ LANTERN_LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
  expect(() => readConfig({ LANTERN_LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  expect(() => readConfig({ LANTERN_LOG_LEVEL: 'loud' })).toThrow(
    'LANTERN_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
  );
});

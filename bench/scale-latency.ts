/**
 * The latency part of `npm run bench -- scale`: `lantern serve` (the compiled build) on the benchmark's database,
 * an account made with `lantern users add` and signed in through POST /api/auth/login, then autocannon against
 * each page's API call at 50 and at 200 concurrent clients, asking as a browser does (the session cookie, and
 * Accept-Encoding: gzip, deflate, br). Every request's latency is kept, so the percentiles are of all of them
 * (autocannon's own summary has no p95).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { quantileSorted } from '../src/stats/quantile.js';

export const LANTERN_BIN = new URL('../bin/lantern.js', import.meta.url).pathname;

/** A page as its API call: each request takes the next path in turn, so caches see many practices and indicators. */
export interface Page {
  name: string;
  paths: string[];
}

export interface PageLatency {
  page: string;
  clients: number;
  firstMs: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** connection errors and answers other than 2xx */
  errors: number;
  non2xx: number;
  timeouts: number;
  /** after the run, how long the server took to answer promptly again (the requests left in flight finishing) */
  drainMs: number;
  /** it took too long, and the server was restarted instead */
  restarted: boolean;
}

export interface Server {
  base: string;
  cookie: string;
  /** stop the server (requests in flight get LANTERN_SHUTDOWN_TIMEOUT_SECONDS), start it again, sign in again */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /**
   * what the process made ahead of asking after its (latest) start (src/variation/warm.ts): its log line and how long
   * after the start, or null if it said nothing of it within `timeoutMs`
   */
  madeAhead(timeoutMs: number): Promise<{ ms: number; message: string } | null>;
}

/** A commissioner lead over `icb`, made with the CLI, then `lantern serve` started and the account signed in. */
export async function startServer(databaseUrl: string, icb: string, tmp: string): Promise<Server> {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LANTERN_DATA_DIR: join(tmp, 'data'),
    LANTERN_FILES_DIR: join(tmp, 'files'),
    LANTERN_CONCERNS_KEY_FILE: join(tmp, 'concerns.key'),
    // plain http on localhost: cookies without __Host-/Secure, as `lantern serve` documents for development
    LANTERN_INSECURE_COOKIES: '1',
    LANTERN_SHUTDOWN_TIMEOUT_SECONDS: '5',
    // the line saying what was made ahead of asking is logged at info
    LANTERN_LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
  };
  // a new account each run, so that a kept database can be measured again
  const email = `scale-bench-${randomBytes(4).toString('hex')}@lantern.example`;
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(tmp, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  const add = spawnSync(
    process.execPath,
    [
      LANTERN_BIN,
      'users',
      'add',
      '--email',
      email,
      '--password-file',
      passwordFile,
      '--role',
      'commissioner_lead',
      '--org',
      icb,
    ],
    { env, encoding: 'utf8' },
  );
  if (add.status !== 0) throw new Error(`lantern users add failed: ${add.stderr}`);

  let child: ChildProcess;
  let madeAhead: Promise<{ ms: number; message: string }> = new Promise(() => {});
  const start = async () => {
    const started = performance.now();
    child = spawn(process.execPath, [LANTERN_BIN, 'serve', '--no-sample'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout! });
    madeAhead = new Promise((resolve) =>
      lines.on('line', (line) => {
        // what was made, or (a warning) what could not be: either way the start's making is over
        if (!line.includes('Made ahead for data version') && !line.includes('Not made ahead of asking'))
          return;
        const { msg } = JSON.parse(line) as { msg: string };
        resolve({ ms: performance.now() - started, message: msg });
      }),
    );
    server.base = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const m = /Lantern is running at (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
      });
      child.once('exit', (code) => reject(new Error(`lantern serve exited (${code}): ${stderr}`)));
    });
    // the server's log lines (one per request) are read and dropped, so its pipe never fills
    child.stdout!.resume();
    const res = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    server.cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
  };
  const server: Server = {
    base: '',
    cookie: '',
    restart: async () => {
      await stopChild(child);
      await start();
    },
    stop: () => stopChild(child),
    madeAhead: (timeoutMs) =>
      Promise.race([
        madeAhead,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
      ]),
  };
  await start();
  return server;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}

/**
 * Requests still in flight when a run ends go on being served: wait until the server answers promptly again, or
 * restart it when that takes longer than `limitMs`, so that the next run starts clean. Answers the wait (ms) and
 * whether the server was restarted.
 */
async function drain(server: Server, limitMs: number): Promise<{ ms: number; restarted: boolean }> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    const t = performance.now();
    const res = await fetch(`${server.base}/api/health/ready`, {
      signal: AbortSignal.timeout(limitMs),
    }).catch(() => null);
    await res?.arrayBuffer();
    if (res && performance.now() - t < 200) return { ms: performance.now() - t0, restarted: false };
  }
  await server.restart();
  return { ms: performance.now() - t0, restarted: true };
}

/** One page at a number of concurrent clients for a number of seconds, after one request that is timed alone. */
export async function measurePage(
  server: Server,
  page: Page,
  clients: number,
  seconds: number,
  drainSeconds: number,
): Promise<PageLatency> {
  // as a browser asks: signed in, and accepting a compressed answer
  const headers = { cookie: server.cookie, 'accept-encoding': 'gzip, deflate, br' };
  const t = performance.now();
  const status = await getWithoutTimeout(server.base + page.paths[0], headers);
  const firstMs = performance.now() - t;
  if (status !== 200) throw new Error(`${page.name}: ${page.paths[0]} answered ${status}`);
  let next = 0;
  const latencies: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.base,
        connections: clients,
        duration: seconds,
        timeout: 30,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, path: page.paths[next++ % page.paths.length] }),
          },
        ],
      },
      (err, result) => (err ? reject(err as Error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const drained = await drain(server, drainSeconds * 1000);
  const sorted = Float64Array.from(latencies).sort();
  return {
    page: page.name,
    clients,
    firstMs,
    requests: r.requests.total,
    perSecond: r.requests.total / seconds,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    errors: r.errors,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    drainMs: drained.ms,
    restarted: drained.restarted,
  };
}

/** A GET whose answer is waited for however long it takes (fetch gives up on headers after 300 s): the status. */
function getWithoutTimeout(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

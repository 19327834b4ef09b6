/**
 * `lantern serve --workers N`: N API processes on one PostgreSQL, sharing the port (node:cluster). The primary
 * migrates, runs the first start and the demo set-up alone, then forks the workers and only supervises: it prints
 * the address once every worker listens, replaces a worker that dies, and on SIGTERM or SIGINT stops them all (each
 * finishes its requests in flight) and exits 0 when all have exited 0. Nothing a worker caches can go stale when
 * another loads data: cached answers are keyed on the database's data version (src/db/store-cache.ts).
 */
import cluster, { type Worker } from 'node:cluster';

/** What the primary set up, handed to each worker (in its environment, read once at start). */
export interface WorkerSetup<A> {
  synthetic: boolean;
  demoAccounts: A[];
}

const SETUP_ENV = 'LANTERN_SERVE_WORKER_SETUP';

export const isServeWorker = () => cluster.isWorker && Boolean(process.env[SETUP_ENV]);

export function workerSetup<A>(): WorkerSetup<A> {
  return JSON.parse(process.env[SETUP_ENV]!) as WorkerSetup<A>;
}

/** A worker says where it listens, once it does. */
export function announceListening(address: string): void {
  process.send?.({ lantern: 'listening', address });
}

/**
 * Fork `count` workers and supervise them; resolves with the address once all of them listen. The process exits
 * when they have stopped (after a signal), or with status 1 when a worker fails before it listens.
 */
export function runWorkers<A>(
  count: number,
  setup: WorkerSetup<A>,
  log: (line: string) => void,
): Promise<string> {
  const env = { [SETUP_ENV]: JSON.stringify(setup) };
  const listening = new Map<number, string>();
  let stopping = false;
  let failed = false;
  return new Promise((resolve) => {
    const fork = () => cluster.fork(env);
    cluster.on('message', (w: Worker, m: { lantern?: string; address?: string }) => {
      if (m?.lantern !== 'listening' || !m.address) return;
      listening.set(w.id, m.address);
      if (listening.size === count && !stopping) resolve(m.address);
    });
    cluster.on('exit', (w, code, signal) => {
      const wasListening = listening.delete(w.id);
      const alive = Object.keys(cluster.workers ?? {}).length;
      if (stopping) {
        if (code !== 0) failed = true;
        if (alive === 0) {
          log(failed ? 'Stopped, some workers unclean.' : 'Stopped.');
          process.exit(failed ? 1 : 0);
        }
        return;
      }
      if (!wasListening) {
        // one that cannot start (a port in use, a database refused) will not start the next time either
        log(`A worker exited (${code ?? signal}) before it listened: stopping.`);
        stop('SIGTERM');
        failed = true;
        return;
      }
      log(`Worker ${w.process.pid} exited (${code ?? signal}): starting another.`);
      fork();
    });
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: stopping the workers now.`);
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        process.exit(1);
      }
      stopping = true;
      log(`${signal}: stopping ${count} workers (each finishing its requests in flight)…`);
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(1);
      for (const w of workers) w?.process.kill('SIGTERM');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    for (let i = 0; i < count; i++) fork();
  });
}

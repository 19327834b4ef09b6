/**
 * Worker threads for `lantern compute` at national scale: each fits a chunk of periods (stored-fit.ts) while this
 * thread reads the next chunk from the database and stores the fits of the last one, so fitting and reading overlap
 * and use every core. Small runs (tests, one new month) fit in this thread: a worker costs ~100 ms to start.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FitInputs } from '../db/repos/variation-fits.js';
import { fitStoredPeriods, type FitDefinition, type StoredFit } from './stored-fit.js';

export interface FitPool {
  fit(def: FitDefinition, periods: FitInputs[]): Promise<StoredFit[]>;
  close(): Promise<void>;
}

/** Fitting in this thread, one chunk at a time. */
export const inThreadPool: FitPool = {
  fit: async (def, periods) => fitStoredPeriods(def, periods),
  close: async () => {},
};

/**
 * The worker's entry. Compiled (dist/), the .js module beside this one; run from source (tsx, vitest), a small
 * bootstrap registers tsx in the worker first, since a worker does not inherit the loader of the thread that made it.
 */
function startWorker(): Worker {
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './fit-worker.ts' : './fit-worker.js',
    import.meta.url,
  );
  if (entry.pathname.endsWith('.js')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

/** `size` workers (default: one per core, at least 1), each taking the next chunk when it is free. */
export function workerPool(size = Math.max(1, availableParallelism())): FitPool {
  type Job = {
    def: FitDefinition;
    periods: FitInputs[];
    resolve: (r: StoredFit[]) => void;
    reject: (e: Error) => void;
  };
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  let failed: Error | null = null;
  const next = (w: Worker) => {
    const job = queue.shift();
    if (!job) return void idle.push(w);
    busy.set(w, job);
    w.postMessage({ def: job.def, periods: job.periods });
  };
  const workers = Array.from({ length: size }, () => {
    const w = startWorker();
    w.on('message', (r: StoredFit[]) => {
      busy.get(w)?.resolve(r);
      busy.delete(w);
      next(w);
    });
    w.on('error', (e) => {
      failed = e;
      busy.get(w)?.reject(e);
      busy.delete(w);
      for (const j of queue.splice(0)) j.reject(e);
    });
    return w;
  });
  idle.push(...workers);
  return {
    fit(def, periods) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        queue.push({ def, periods, resolve, reject });
        const w = idle.pop();
        if (w) next(w);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

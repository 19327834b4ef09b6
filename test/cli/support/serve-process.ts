/**
 * `lantern serve` (bin/lantern.js, the compiled build) started as a process of its own for tests: its stdout and
 * stderr together as one text, its exit code, and a wait until that text says something. Every process started is
 * killed by killServeProcesses (call it in afterAll), so a failed test leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../../bin/lantern.js', import.meta.url).pathname;
const running = new Set<ChildProcess>();

export interface ServeProcess {
  child: ChildProcess;
  /** stdout and stderr so far, in the order they came */
  output: () => string;
  exited: Promise<number | null>;
  /** the port from "Lantern is running at …", once it has said so (0 before) */
  port: number;
}

/**
 * Start `lantern serve ARGS` with ENV over this process's environment and wait until its output matches `until`
 * (default: it says it is running). Rejects if it exits first, or if its output matches `refuse` first.
 */
export async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { until?: RegExp; refuse?: RegExp } = {},
): Promise<ServeProcess> {
  const until = opts.until ?? /Lantern is running at/;
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) resolve();
      else if (opts.refuse?.test(out)) {
        child.kill('SIGKILL');
        reject(new Error(`said ${opts.refuse} before ${until}:\n${out}`));
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    void exited.then((code) => reject(new Error(`exited (${code}) before ${until}:\n${out}`)));
  });
  const port = Number(/Lantern is running at http:\/\/[^:]+:(\d+)/.exec(out)?.[1] ?? 0);
  return { child, output: () => out, exited, port };
}

export function killServeProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}

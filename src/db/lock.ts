import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite has no cross-process locking, and two processes writing one data directory corrupt it. A lock file
 * guards the directory. Node has no flock(2), so the file says who holds it and a newcomer judges whether that
 * holder still runs: the pid, the holder's start time (field 22 of /proc/<pid>/stat, in clock ticks since boot),
 * the boot id (/proc/sys/kernel/random/boot_id) and a random token. The lock is stale, and taken over, when the
 * machine has rebooted since, when no process has that pid, when the process with that pid started at another
 * time (the pid was reused: the usual case for a container restarted as pid 1, where the pid in the file is
 * alive but is someone else), or when the pid is this process's own and this process does not hold it.
 * Without /proc (not Linux) only "is the pid alive" is asked. A lock file of older versions holds a bare pid:
 * it is stale as above, or when the process with that pid started after the file was written.
 *
 * Known limit: a holder in another pid namespace (two containers sharing one volume) is invisible here and
 * would be judged gone; never share an embedded data directory between containers (use PostgreSQL).
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The Lantern data directory ${dir} is in use by process ${pid}. Stop that process (or use its server), ` +
        `or point LANTERN_DATA_DIR at another directory.`,
    );
  }
}

export interface LockRecord {
  pid: number;
  /** the holder's start time in clock ticks after boot; null where /proc is not available */
  startTime: number | null;
  bootId: string | null;
  token: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat, the process's start time in clock ticks after boot; null when unknown. */
export function processStartTime(pid: number): number | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // the command name (field 2) is in parentheses and may itself hold spaces and parentheses
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = Number(fields[22 - 3]);
  return Number.isFinite(start) ? start : null;
}

export const bootId = (): string | null => readOrNull('/proc/sys/kernel/random/boot_id')?.trim() || null;

/** Tokens of the locks this process holds, so that a lock naming this pid but not held by it is known stale. */
const held = new Set<string>();

// /proc reports times in USER_HZ, which is 100 on every Linux architecture Node runs on
const USER_HZ = 100;
function bootTimeMs(): number | null {
  const m = /^btime (\d+)$/m.exec(readOrNull('/proc/stat') ?? '');
  return m ? Number(m[1]) * 1000 : null;
}

/** Why the lock in the file is stale, or null when its holder may still be running. */
export function staleness(content: string, writtenAtMs: number): string | null {
  let rec: Partial<LockRecord>;
  try {
    rec = /^\s*\d+\s*$/.test(content) ? { pid: Number(content) } : (JSON.parse(content) as LockRecord);
  } catch {
    return 'the lock file is unreadable';
  }
  const pid = rec.pid;
  if (!Number.isInteger(pid) || pid! <= 0) return 'the lock file names no process';
  if (pid === process.pid) return rec.token && held.has(rec.token) ? null : 'it names this very process';
  const boot = bootId();
  if (rec.bootId && boot && rec.bootId !== boot) return 'the machine has restarted since';
  if (!alive(pid!)) return `process ${pid} is gone`;
  const start = processStartTime(pid!);
  if (rec.token !== undefined) {
    if (rec.startTime != null && start !== null && start !== rec.startTime)
      return `process ${pid} is another process that started later`;
    return null;
  }
  // a bare pid (older versions): the process is not the holder if it started after the lock was written
  const bootMs = bootTimeMs();
  if (start !== null && bootMs !== null && bootMs + (start / USER_HZ) * 1000 > writtenAtMs + 1000)
    return `process ${pid} started after the lock was written`;
  return null;
}

export function acquireDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'lantern.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    const record: LockRecord = {
      pid: process.pid,
      startTime: processStartTime(process.pid),
      bootId: bootId(),
      token: randomBytes(16).toString('hex'),
    };
    const content = JSON.stringify(record);
    // written in full beside it, then linked into place: the lock never exists half-written, and link(2)
    // refuses (EEXIST) when another process holds it
    const draft = `${file}.${record.token}`;
    try {
      writeFileSync(draft, content, { mode: 0o600 });
      try {
        linkSync(draft, file);
      } finally {
        unlinkSync(draft);
      }
      held.add(record.token);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(record.token);
        process.off('exit', release);
        if (existsSync(file) && readOrNull(file) === content) unlinkSync(file);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const content = readOrNull(file);
      if (content === null) continue; // released meanwhile: try again
      const writtenAt = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (staleness(content, writtenAt) === null) {
        const pid = Number(/^\s*\d+\s*$/.test(content) ? content : (JSON.parse(content) as LockRecord).pid);
        throw new DataDirLockedError(dir, pid);
      }
      // stale: take it over, unless another newcomer has just done so (then its fresh lock is judged next time)
      if (readOrNull(file) === content) unlinkSync(file);
    }
  }
  throw new Error(`could not lock ${dir}`);
}

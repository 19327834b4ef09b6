/**
 * The storage folder for document files (LANTERN_FILES_DIR): each file is named by the SHA-256 of its content
 * (the server chooses every name; a client's file name is never a path), written under tmp/ and renamed into
 * objects/ only once complete, so a failed or refused upload leaves nothing behind. Reading a file checks its
 * checksum: a missing or altered file is reported, never served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export type FileProblem = 'missing' | 'altered';

export class FileStore {
  readonly objects: string;
  readonly tmp: string;

  constructor(readonly dir: string) {
    this.objects = join(dir, 'objects');
    this.tmp = join(dir, 'tmp');
    mkdirSync(this.objects, { recursive: true, mode: 0o700 });
    mkdirSync(this.tmp, { recursive: true, mode: 0o700 });
  }

  pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a SHA-256: ${sha}`);
    return join(this.objects, sha);
  }

  /**
   * Store the content (written to a temporary name, flushed, then renamed). Returns its checksum and whether this
   * call created the file (false: the same content was already stored, and is shared).
   */
  async put(content: Buffer): Promise<{ sha: string; created: boolean }> {
    const sha = sha256(content);
    const target = this.pathOf(sha);
    if (existsSync(target) && (await this.check(sha)) === null) return { sha, created: false };
    const temp = join(this.tmp, `${randomBytes(12).toString('hex')}.part`);
    try {
      const f = await open(temp, 'wx', 0o600);
      try {
        await f.writeFile(content);
        await f.sync();
      } finally {
        await f.close();
      }
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    return { sha, created: true };
  }

  /** Remove a file this upload created when the record of it could not be written. */
  async discard(sha: string): Promise<void> {
    await rm(this.pathOf(sha), { force: true });
  }

  /** The content, when it is there and matches its checksum; otherwise the problem. */
  async read(sha: string): Promise<{ content: Buffer } | { problem: FileProblem }> {
    let content: Buffer;
    try {
      content = await readFile(this.pathOf(sha));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' };
      throw e;
    }
    return sha256(content) === sha ? { content } : { problem: 'altered' };
  }

  async check(sha: string): Promise<FileProblem | null> {
    const r = await this.read(sha);
    return 'problem' in r ? r.problem : null;
  }

  /** Names in tmp/ (a crash between write and rename leaves one; nothing else should). */
  leftovers(): string[] {
    return readdirSync(this.tmp);
  }
}

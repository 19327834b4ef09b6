/**
 * Answers sent from what the store already holds. A busy page whose answer is the same for everyone allowed to ask
 * it (a national funnel, an area's tiers) is made once per data version and kept as the bytes that go on the wire:
 * its JSON compressed both ways browsers take, brotli (over HTTPS) and gzip, when that pays (and unzipped for the
 * rare client that takes neither). A request then costs its access checks and one read of the data version, not a
 * serialisation of thousands of rows.
 * The bytes are kept in the process (src/db/store-cache.ts) and in the database (stored_answers), so an answer one
 * process made is sent by the others, and by the next process after a restart, without being made again. A stored
 * answer is keyed on the code that made it (a new release makes its own) and on the day (some answers depend on
 * today's date), besides its data version.
 * Call it only after the viewer's access has been checked: whoever reaches it gets the stored answer.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  brotliCompress as brotliCallback,
  constants,
  gunzip as gunzipCallback,
  gzip as gzipCallback,
} from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/connect.js';
import { cachedForDataVersion } from '../db/store-cache.js';
import {
  deleteAnswersBefore,
  readStoredAnswer,
  writeStoredAnswer,
  type AnswerBytes,
} from '../db/repos/stored-answers.js';
import { today } from '../domain/clock.js';

const JSON_TYPE = 'application/json; charset=utf-8';
// off the event loop (libuv's thread pool): a national funnel takes tens of milliseconds to compress
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);
const brotli = promisify(brotliCallback);
/**
 * Quality 9 of 11: a funnel's 6,500 points (377 KB of JSON) are 43 KB in 28 ms, against 68 KB gzipped; quality 11
 * saves 2 KB more for 13 times the work, paid by the first asker after each load. A large answer (every row of a
 * national funnel, 2.8 MB) takes quality 5: some 370 ms at quality 9 is too much to pay on every new key.
 */
const brotliQuality = (bytes: number) => (bytes < 1024 * 1024 ? 9 : 5);

/** Below this the compression's framing and work cost more than the bytes saved. */
const COMPRESS_FROM_BYTES = 1024;
/** Roughly what a row (a practice's figures) takes in memory, for weighing bytes against the cache's budget in rows. */
const BYTES_PER_ROW = 256;

/**
 * The code this process runs, as a digest of its files (dist/ or src/, read once): answers stored by other code are
 * not sent, since what an answer holds may change with any release.
 */
let codeDigest: string | null = null;
function codeIdentity(): string {
  if (codeDigest) return codeDigest;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(e.name)) hash.update(path.slice(root.length)).update(readFileSync(path));
    }
  };
  walk(root);
  return (codeDigest = hash.digest('hex').slice(0, 16));
}

/** The data version and key prefix each database's old answers were last let go for, in this process. */
const cleanedFor = new WeakMap<Queryable, string>();

async function makeAnswer(compute: () => Promise<unknown>): Promise<AnswerBytes> {
  const json = Buffer.from(JSON.stringify(await compute()));
  if (json.length < COMPRESS_FROM_BYTES) return { json };
  // browsers all take gzip: only compressed bytes are kept, and unzipped for a client that takes neither
  const [gz, br] = await Promise.all([
    gzip(json),
    brotli(json, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: brotliQuality(json.length),
        [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
      },
    }),
  ]);
  return { gzip: gz, br };
}

function storedAnswer(
  db: Queryable,
  key: string,
  compute: () => Promise<unknown>,
  warn: (message: string) => void,
  share: boolean,
) {
  return cachedForDataVersion<AnswerBytes>(
    db,
    `answer:${key}`,
    async (version) => {
      if (!share) return makeAnswer(compute);
      const prefix = `${codeIdentity()}:${today()}:`;
      const shared = prefix + key;
      const held = await readStoredAnswer(db, shared, version);
      if (held) return held;
      const made = await makeAnswer(compute);
      // the page is answered whether or not the answer could be kept for the other processes
      try {
        // once per data version and day in each process: a day's keys within one version would otherwise pile up
        if (cleanedFor.get(db) !== `${version}:${prefix}`) {
          cleanedFor.set(db, `${version}:${prefix}`);
          await deleteAnswersBefore(db, version, prefix);
        }
        await writeStoredAnswer(db, shared, version, made);
      } catch (e) {
        warn(`answer ${key} not kept for other processes: ${e instanceof Error ? e.message : String(e)}`);
      }
      return made;
    },
    { weight: (a) => ('json' in a ? a.json.length : a.gzip.length + a.br.length) / BYTES_PER_ROW },
  );
}

/** Send the answer kept for `key` at the data version, making it with `compute` if none is. */
export async function sendStoredAnswer(
  { request, reply }: { request: FastifyRequest; reply: FastifyReply },
  db: Queryable,
  key: string,
  compute: () => Promise<unknown>,
  /**
   * keep it for the other processes too (default); a small answer of one of many keys (one chart's series of one
   * practice: 650,000 keys at national scale) is cheaper to make again than to write to the database
   */
  { share = true }: { share?: boolean } = {},
): Promise<FastifyReply> {
  const a = await storedAnswer(db, key, compute, (m) => request.log.warn(m), share);
  void reply.type(JSON_TYPE).header('vary', 'accept-encoding');
  if ('json' in a) return reply.send(a.json);
  const accepted = request.headers['accept-encoding'];
  const encoding = typeof accepted === 'string' ? negotiate(accepted, ['br', 'gzip']) : null;
  if (encoding === 'br' || encoding === 'gzip')
    return reply.header('content-encoding', encoding).send(a[encoding]);
  return reply.send(await gunzip(a.gzip));
}

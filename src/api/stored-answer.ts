/**
 * Answers sent from what the store already holds. A busy page whose answer is the same for everyone allowed to ask
 * it (a national funnel, an area's tiers) is made once per data version (src/db/store-cache.ts) and kept as the
 * bytes that go on the wire: its JSON compressed both ways browsers take, brotli (over HTTPS) and gzip, when that
 * pays (and unzipped for the rare client that takes neither). A request then costs its access checks and one read
 * of the data version, not a serialisation of thousands of rows.
 * Call it only after the viewer's access has been checked: whoever reaches it gets the stored answer.
 */
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

const JSON_TYPE = 'application/json; charset=utf-8';
// off the event loop (libuv's thread pool): a national funnel takes tens of milliseconds to compress
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);
const brotli = promisify(brotliCallback);
/**
 * Quality 9 of 11: a funnel's 6,500 points (377 KB of JSON) are 43 KB in 28 ms, against 68 KB gzipped; quality 11
 * saves 2 KB more for 13 times the work, paid by the first asker after each load.
 */
const BROTLI_QUALITY = 9;

/** The answer's bytes: its JSON when small, else compressed (a national funnel's 2.8 MB is 0.7 MB gzipped). */
type StoredAnswer = { json: Buffer } | { gzip: Buffer; br: Buffer };

/** Below this the compression's framing and work cost more than the bytes saved. */
const COMPRESS_FROM_BYTES = 1024;
/** Roughly what a row (a practice's figures) takes in memory, for weighing bytes against the cache's budget in rows. */
const BYTES_PER_ROW = 256;

function storedAnswer(db: Queryable, key: string, compute: () => Promise<unknown>) {
  return cachedForDataVersion<StoredAnswer>(
    db,
    `answer:${key}`,
    async () => {
      const json = Buffer.from(JSON.stringify(await compute()));
      if (json.length < COMPRESS_FROM_BYTES) return { json };
      // browsers all take gzip: only compressed bytes are kept, and unzipped for a client that takes neither
      const [gz, br] = await Promise.all([
        gzip(json),
        brotli(json, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
          },
        }),
      ]);
      return { gzip: gz, br };
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
): Promise<FastifyReply> {
  const a = await storedAnswer(db, key, compute);
  void reply.type(JSON_TYPE).header('vary', 'accept-encoding');
  if ('json' in a) return reply.send(a.json);
  const accepted = request.headers['accept-encoding'];
  const encoding = typeof accepted === 'string' ? negotiate(accepted, ['br', 'gzip']) : null;
  if (encoding === 'br' || encoding === 'gzip')
    return reply.header('content-encoding', encoding).send(a[encoding]);
  return reply.send(await gunzip(a.gzip));
}

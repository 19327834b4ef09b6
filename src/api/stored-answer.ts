/**
 * Answers sent from what the store already holds. A busy page whose answer is the same for everyone allowed to ask
 * it (a national funnel, an area's tiers) is made once per data version (src/db/store-cache.ts) and kept as the
 * bytes that go on the wire: its JSON, gzipped when that pays (and unzipped for the rare client that does not
 * accept gzip). A request then costs its access checks and one read of the data version, not a serialisation of
 * thousands of rows.
 * Call it only after the viewer's access has been checked: whoever reaches it gets the stored answer.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/connect.js';
import { cachedForDataVersion } from '../db/store-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';
// off the event loop (libuv's thread pool): a national funnel takes tens of milliseconds to zip
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** The answer's bytes: its JSON, gzipped when that pays (a national funnel's 2.8 MB of JSON is 0.7 MB gzipped). */
interface StoredAnswer {
  bytes: Buffer;
  gzipped: boolean;
}

/** Below this the gzip framing and the work cost more than the bytes saved. */
const GZIP_FROM_BYTES = 1024;
/** Roughly what a row (a practice's figures) takes in memory, for weighing bytes against the cache's budget in rows. */
const BYTES_PER_ROW = 256;

function storedAnswer(db: Queryable, key: string, compute: () => Promise<unknown>) {
  return cachedForDataVersion<StoredAnswer>(
    db,
    `answer:${key}`,
    async () => {
      const json = Buffer.from(JSON.stringify(await compute()));
      // browsers all accept gzip: only the compressed bytes are kept, and unzipped for a client that does not
      return json.length >= GZIP_FROM_BYTES
        ? { bytes: await gzip(json), gzipped: true }
        : { bytes: json, gzipped: false };
    },
    { weight: (a) => a.bytes.length / BYTES_PER_ROW },
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
  if (!a.gzipped) return reply.send(a.bytes);
  const accepted = request.headers['accept-encoding'];
  if (typeof accepted === 'string' && negotiate(accepted, ['gzip']) === 'gzip')
    return reply.header('content-encoding', 'gzip').send(a.bytes);
  return reply.send(await gunzip(a.bytes));
}

/**
 * Answers sent from what the store already holds. A busy page whose answer is the same for everyone allowed to ask
 * it (a national funnel, an area's tiers) is made once per data version (src/db/store-cache.ts) and kept as the
 * bytes that go on the wire: its UTF-8 JSON and, for a client that accepts it, the same gzipped. A request then
 * costs its access checks and one read of the data version, not a serialisation of thousands of rows.
 * Call it only after the viewer's access has been checked: whoever reaches it gets the stored answer.
 */
import { gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/connect.js';
import { cachedForDataVersion } from '../db/store-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';

interface StoredAnswer {
  json: Buffer;
  /** null when the answer is too short for compression to pay */
  gzip: Buffer | null;
}

/** Below this the gzip framing and the work cost more than the bytes saved. */
const GZIP_FROM_BYTES = 1024;
/** Roughly the JSON of one row (a practice's figures), for weighing bytes against the cache's budget in rows. */
const BYTES_PER_ROW = 256;

async function storedAnswer(db: Queryable, key: string, compute: () => Promise<unknown>) {
  return cachedForDataVersion<StoredAnswer>(
    db,
    `answer:${key}`,
    async () => {
      const json = Buffer.from(JSON.stringify(await compute()));
      return { json, gzip: json.length >= GZIP_FROM_BYTES ? gzipSync(json) : null };
    },
    { weight: (a) => (a.json.length + (a.gzip?.length ?? 0)) / BYTES_PER_ROW },
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
  const accepted = request.headers['accept-encoding'];
  if (a.gzip && typeof accepted === 'string' && negotiate(accepted, ['gzip']) === 'gzip')
    return reply.header('content-encoding', 'gzip').send(a.gzip);
  return reply.send(a.json);
}

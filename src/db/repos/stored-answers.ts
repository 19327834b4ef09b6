/**
 * The answers the busiest pages send, as bytes, shared by every process on the database (stored_answers; the cache
 * in front of it is src/api/stored-answer.ts). A row is good only at its data version, on its day and for the code
 * that made it: the others are deleted as new answers are stored.
 */
import type { Queryable } from '../connect.js';

/** An answer's bytes: its JSON when small, else compressed both ways. */
export type AnswerBytes = { json: Buffer } | { gzip: Buffer; br: Buffer };

interface Row {
  json: Uint8Array | null;
  gzip: Uint8Array | null;
  br: Uint8Array | null;
}

/**
 * PGlite gives a bytea as a Uint8Array, node-postgres as a Buffer: a Buffer of its own either way, copied, so that
 * an answer kept in memory does not hold on to a larger buffer the driver read it into.
 */
const bufferOf = (b: Uint8Array) => Buffer.from(b);

/** The answer stored for `key` at this data version, if any process has made it. */
export async function readStoredAnswer(
  db: Queryable,
  key: string,
  version: number,
): Promise<AnswerBytes | null> {
  const [r] = await db.query<Row>(
    'SELECT json, gzip, br FROM stored_answers WHERE key = $1 AND data_version = $2',
    [key, version],
  );
  if (!r) return null;
  if (r.json) return { json: bufferOf(r.json) };
  return r.gzip && r.br ? { gzip: bufferOf(r.gzip), br: bufferOf(r.br) } : null;
}

/** Keep an answer made at this data version for every process (an answer of a newer version is not replaced). */
export async function writeStoredAnswer(
  db: Queryable,
  key: string,
  version: number,
  a: AnswerBytes,
): Promise<void> {
  const [json, gzip, br] = 'json' in a ? [a.json, null, null] : [null, a.gzip, a.br];
  await db.query(
    `INSERT INTO stored_answers (key, data_version, json, gzip, br) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO UPDATE
       SET data_version = excluded.data_version, json = excluded.json, gzip = excluded.gzip, br = excluded.br,
           made_at = excluded.made_at
     WHERE stored_answers.data_version < excluded.data_version`,
    [key, version, json, gzip, br],
  );
}

/**
 * Let go of the answers no process can ask for again: those made before this data version, and those whose key
 * does not start with `prefix` (another day's, or another release's).
 */
export async function deleteAnswersBefore(db: Queryable, version: number, prefix: string): Promise<void> {
  await db.query('DELETE FROM stored_answers WHERE data_version < $1 OR NOT starts_with(key, $2)', [
    version,
    prefix,
  ]);
}

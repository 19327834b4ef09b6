/**
 * Peer groups, on both databases, in the synthetic area: every practice gets 10 peers in order of distance, never
 * itself, with the variables shown. (Whether the peers are the right ones is tested on real data, in
 * casemix.test.ts: 36 practices in three tight clusters are too few for a Mahalanobis distance to mean much.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { syntheticPractices, writeSyntheticArea } from '../../src/demo/synthetic.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call } from './sessions.js';

describeEachDatabase('peer groups', (t) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  it('gives every practice 10 peers in order of distance, with the variables shown', async () => {
    const kinds = new Map(syntheticPractices().map((p) => [p.code, p.kind]));
    let checked = 0;
    for (const code of kinds.keys()) {
      const r = await call(app, ANON, { method: 'GET', url: `/api/practices/${code}/peers` });
      expect(r.statusCode, r.body).toBe(200);
      const d = r.json();
      expect(d.variables.map((v: { name: string }) => v.name)).toEqual(
        expect.arrayContaining(['age_15_24', 'age_75_plus']),
      );
      expect(d.peers).toHaveLength(10);
      expect(d.peers.map((p: { rank: number }) => p.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const distances = d.peers.map((p: { distance: number }) => p.distance);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      expect(d.peers.some((p: { code: string }) => p.code === code)).toBe(false);
      for (const c of d.comparison) expect(c.peersAbove).toBeLessThanOrEqual(c.peers);
      checked++;
    }
    expect(checked).toBe(36);
  });

  it('answers plainly for an organisation that is not a practice', async () => {
    const r = await call(app, ANON, { method: 'GET', url: '/api/practices/9Z1/peers' });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/peers are found for practices/);
  });
});

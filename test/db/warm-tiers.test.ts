/**
 * The tier evaluation made ahead of asking: at a serving process's start and after any load moves the data version,
 * so that the first tier page after a load reads it made instead of waiting for the national evaluation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { readDataVersion } from '../../src/db/data-version.js';
import { insertLoad } from '../../src/db/repos/loads.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { currentRules, evaluateCached } from '../../src/variation/service.js';
import type { Evaluation } from '../../src/variation/tiers.js';
import { keepTiersWarm } from '../../src/variation/warm-tiers.js';
import { describeEachDatabase } from './databases.js';

const until = async (ok: () => boolean, what: string) => {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeEachDatabase('tiers evaluated ahead of asking', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(async () => {
    if (db) await t.dispose(db);
  });

  it('with no rule set yet, evaluates nothing and writes none', async () => {
    const logged: string[] = [];
    const warmer = keepTiersWarm(db, { everyMs: 50, log: (l) => logged.push(l) });
    await warmer.settled();
    warmer.stop();
    expect(logged).toEqual([]);
    expect(await db.query('SELECT 1 FROM tier_rule_sets')).toEqual([]);
  });

  it('evaluates the rule set in force at the start and again once a load moves the version, and then stops', async () => {
    await ingestFolder(db, writeSyntheticArea());
    const rules = (await currentRules(db))!;
    const made: Array<{ version: number; evaluation: Evaluation }> = [];
    const logged: string[] = [];
    const warmer = keepTiersWarm(db, {
      everyMs: 50,
      log: (l) => logged.push(l),
      onWarm: (version, evaluation) => made.push({ version, evaluation }),
    });
    await warmer.settled();
    const first = await readDataVersion(db);
    expect(made.map((m) => m.version)).toEqual([first]);
    expect(made[0]!.evaluation.decisions.size).toBeGreaterThan(10);
    // a tier page asking now reads the evaluation made ahead
    expect(await evaluateCached(db, rules)).toBe(made[0]!.evaluation);
    expect(logged[0]).toMatch(
      new RegExp(
        `^Tiers evaluated for data version ${first} \\(rule set ${rules.version}, \\d+ practices\\) in \\d+ ms\\.$`,
      ),
    );
    // looks at an unchanged version evaluate nothing more
    await new Promise((r) => setTimeout(r, 200));
    expect(made).toHaveLength(1);
    await insertLoad(db, { source: 'test', file: 'warm.csv', checksum: 'warm', rowsRead: 0 });
    const moved = await readDataVersion(db);
    await until(() => made.length === 2, 'the evaluation after the load');
    expect(made[1]!.version).toBe(moved);
    expect(made[1]!.evaluation).not.toBe(made[0]!.evaluation);
    expect(await evaluateCached(db, rules)).toBe(made[1]!.evaluation);
    warmer.stop();
    await insertLoad(db, { source: 'test', file: 'warm-2.csv', checksum: 'warm-2', rowsRead: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(made).toHaveLength(2);
  }, 120_000);
});

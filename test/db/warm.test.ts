/**
 * What the busiest pages read, made ahead of asking: at a serving process's start and after any load moves the data
 * version, so that the first tier page or spine after a load reads it made instead of waiting for it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { readDataVersion } from '../../src/db/data-version.js';
import { insertLoad } from '../../src/db/repos/loads.js';
import type { ValueSpread } from '../../src/db/repos/practice-values.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { currentRules, evaluateCached } from '../../src/variation/service.js';
import { practiceSpine } from '../../src/variation/spine.js';
import type { Evaluation } from '../../src/variation/tiers.js';
import { keepWarm } from '../../src/variation/warm.js';
import { describeEachDatabase } from './databases.js';

const until = async (ok: () => boolean, what: string) => {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeEachDatabase('pages made ahead of asking', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(async () => {
    if (db) await t.dispose(db);
  });

  it('on an empty store, makes nothing and writes no rule set', async () => {
    const logged: string[] = [];
    const warned: string[] = [];
    const warmer = keepWarm(db, { everyMs: 50, log: (l) => logged.push(l), warn: (l) => warned.push(l) });
    await warmer.settled();
    warmer.stop();
    expect(warned).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /: no tiers \(no rule set yet\), the spread of 0 practice indicators' latest periods\.$/,
    );
    expect(await db.query('SELECT 1 FROM tier_rule_sets')).toEqual([]);
  });

  it('makes the tiers and the spines’ spreads at the start and again once a load moves the version, and then stops', async () => {
    await ingestFolder(db, writeSyntheticArea());
    const rules = (await currentRules(db))!;
    const made: Array<{ version: number; evaluation: Evaluation | null; spreads: ValueSpread[] }> = [];
    const logged: string[] = [];
    const warned: string[] = [];
    const warmer = keepWarm(db, {
      everyMs: 50,
      log: (l) => logged.push(l),
      warn: (l) => warned.push(l),
      onWarm: (version, m) => made.push({ version, ...m }),
    });
    await warmer.settled();
    const first = await readDataVersion(db);
    expect(made.map((m) => m.version)).toEqual([first]);
    const [warm] = made;
    expect(warm!.evaluation!.decisions.size).toBeGreaterThan(10);
    // a tier page asking now reads the evaluation made ahead
    expect(await evaluateCached(db, rules)).toBe(warm!.evaluation);
    // and a practice's spine places its values in the spreads made ahead (the very objects: nothing read again)
    const practice = [...warm!.evaluation!.decisions.keys()][0]!;
    const spine = await practiceSpine(db, practice);
    expect(spine.length).toBeGreaterThan(3);
    expect(warm!.spreads.length).toBeGreaterThanOrEqual(spine.length);
    for (const row of spine) expect(warm!.spreads, row.indicator).toContain(row.spread);
    expect(logged[0]).toMatch(
      new RegExp(
        `^Made ahead for data version ${first} in \\d+ ms: tiers of ${warm!.evaluation!.decisions.size} practices \\(rule set ${rules.version}\\), the spread of ${warm!.spreads.length} practice indicators' latest periods\\.$`,
      ),
    );
    // looks at an unchanged version make nothing more
    await new Promise((r) => setTimeout(r, 200));
    expect(made).toHaveLength(1);
    await insertLoad(db, { source: 'test', file: 'warm.csv', checksum: 'warm', rowsRead: 0 });
    const moved = await readDataVersion(db);
    await until(() => made.length === 2, 'what is made after the load');
    expect(made[1]!.version).toBe(moved);
    expect(made[1]!.evaluation).not.toBe(warm!.evaluation);
    expect(await evaluateCached(db, rules)).toBe(made[1]!.evaluation);
    warmer.stop();
    await insertLoad(db, { source: 'test', file: 'warm-2.csv', checksum: 'warm-2', rowsRead: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(made).toHaveLength(2);
    expect(warned).toEqual([]);
  }, 120_000);

  it('what cannot be made is warned of once per data version, not tried again at every look', async () => {
    // a rule set the code cannot read (as a store written by other code might hold): its evaluation fails
    await db.query(
      `INSERT INTO tier_rule_sets (version, rules, note, created_by) VALUES (99, '{"indicators": 5}', NULL, 'test')`,
    );
    const version = await readDataVersion(db);
    const logged: string[] = [];
    const warned: string[] = [];
    let made = 0;
    const warmer = keepWarm(db, {
      everyMs: 20,
      log: (l) => logged.push(l),
      warn: (l) => warned.push(l),
      onWarm: () => made++,
    });
    await until(() => warned.length > 0, 'the warning');
    // several more looks at the same version
    await new Promise((r) => setTimeout(r, 300));
    await warmer.settled();
    warmer.stop();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      new RegExp(`^Not made ahead of asking for data version ${version}: the tier evaluation: `),
    );
    expect(made).toBe(0);
    expect(logged).toEqual([]);
  }, 120_000);
});

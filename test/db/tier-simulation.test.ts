/**
 * The tier simulation through the product path: a simulated area of 400 practices written as files in the
 * published formats (an ODS practice extract and the generic indicator CSV), loaded, computed and evaluated from the
 * store, gives exactly the tiers of the pure evaluation that the power and false-alarm tests run many times.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { saveIndicatorDefinition } from '../../src/db/repos/indicators.js';
import { IndicatorDefinition } from '../../src/domain/indicators.js';
import { computeResults } from '../../src/variation/compute.js';
import { evaluate, saveRules, currentRules } from '../../src/variation/service.js';
import { evaluateTiers } from '../../src/variation/tiers.js';
import { DEFAULT_RULES } from '../../src/variation/rules.js';
import {
  DEFAULT_SCENARIO,
  simulateArea,
  simulatedCsv,
  simulatedInputs,
  simulatedPracticesCsv,
  type Scenario,
} from '../../src/variation/tier-simulation.js';
import { describeEachDatabase } from './databases.js';

const SCENARIO: Scenario = {
  ...DEFAULT_SCENARIO,
  plant: {
    count: 10,
    ratio: 1.5,
    monthsBeforeEnd: 4,
    indicators: DEFAULT_SCENARIO.indicators.map((i) => i.code),
  },
};

describeEachDatabase('tier simulation through load, compute and evaluate', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(async () => {
    if (db) await t.dispose(db);
  });

  it('gives the pure evaluation’s tiers and q-values for every practice', async () => {
    const area = simulateArea(2024, SCENARIO);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-tier-sim-'));
    const ccg = `"9Z1","NHS SIMULATED CCG (SYNTHETIC)","Y90","Q9Z","","","","","","ZZ1 1ZZ","20130401","","","C"${',""'.repeat(13)}\n`;
    writeFileSync(join(dir, 'eccg_simulated.csv'), ccg);
    writeFileSync(join(dir, 'epraccur_simulated.csv'), simulatedPracticesCsv(area));
    writeFileSync(join(dir, 'simulated_indicators.csv'), simulatedCsv(area, SCENARIO));
    for (const ind of SCENARIO.indicators)
      await saveIndicatorDefinition(
        db,
        IndicatorDefinition.parse({
          code: ind.code,
          version: 1,
          title: `Simulated ${ind.family.replace('_', ' ')} (synthetic)`,
          domain: 'effectiveness',
          direction: 'lower_better',
          unit: 'per 1,000 patients',
          multiplier: 1000,
          method: 'rate',
          numeratorDescription: 'events',
          denominatorDescription: 'registered patients',
          orgType: 'practice',
          source: 'Lantern tier simulation (synthetic)',
          howToRead: 'Synthetic.',
          published: false,
          family: ind.family,
        }),
        1,
      );
    for (const f of ['eccg_simulated.csv', 'epraccur_simulated.csv', 'simulated_indicators.csv']) {
      const r = await ingestFile(db, join(dir, f));
      expect(r.alreadyLoadedAs, JSON.stringify(r)).toBeNull();
    }
    const computed = await computeResults(db);
    expect(computed.computed).toBe(SCENARIO.indicators.length * SCENARIO.months);
    const first = (await currentRules(db))!;
    expect([...first.indicators].sort()).toEqual(SCENARIO.indicators.map((i) => i.code).sort());
    const rules = { ...DEFAULT_RULES, version: 1, indicators: first.indicators };
    await saveRules(db, { ...DEFAULT_RULES, indicators: first.indicators }, 'simulation', 'test');
    const stored = await evaluate(db, { ...rules, version: 2 });
    const pure = evaluateTiers(rules, simulatedInputs(area, SCENARIO));
    expect(stored.decisions.size).toBe(400);
    for (const [code, d] of pure.decisions) {
      const s = stored.decisions.get(code)!;
      expect(s.tier, code).toBe(d.tier);
      const qs = (ev: typeof d.evidence) => Object.fromEntries(ev.map((e) => [e.indicator, e.q]));
      expect(qs(s.evidence)).toEqual(qs(d.evidence));
    }
    // the planted practices are found here as in the simulations
    const found = area.planted.filter((c) => stored.decisions.get(c)!.tier === 'below_the_line').length;
    expect(found).toBeGreaterThanOrEqual(7);
  });
});

/**
 * The tier evaluation of the rule set in force, made as soon as the data version moves rather than when the first
 * page needs it. Every practice's tier and every area's tiers are read from that one national evaluation (seconds of
 * work at national scale: 13 s at 6,500 practices × 100 indicators), so without this the first commissioner to open
 * a tier page after a load, or after a start, waits for all of it.
 * A serving process looks at the version (one primary-key read) every `everyMs`; a load by any process moves it.
 */
import type { Queryable } from '../db/connect.js';
import { readDataVersion } from '../db/data-version.js';
import { RuleSet } from './rules.js';
import { ruleHistory, evaluateCached } from './service.js';
import type { Evaluation } from './tiers.js';

export interface TierWarmer {
  /** settles when the look started last has (for tests) */
  settled(): Promise<void>;
  /** no more looks; one under way is not waited for (its failure once the store closes is not reported) */
  stop(): void;
}

export function keepTiersWarm(
  db: Queryable,
  {
    everyMs = 30_000,
    log,
    onWarm,
  }: {
    everyMs?: number;
    log: (line: string) => void;
    /** told each evaluation made, with the data version it is of */
    onWarm?: (version: number, evaluation: Evaluation) => void;
  },
): TierWarmer {
  let warmedAt = -1;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const look = async () => {
    const version = await readDataVersion(db);
    if (version === warmedAt || stopped) return;
    // read only: the first rule set is written when a tier page first asks (service.ts, currentRules), not here
    const [row] = await ruleHistory(db, 1);
    if (!row) return;
    const started = Date.now();
    const evaluation = await evaluateCached(db, RuleSet.parse({ ...row.rules, version: row.version }));
    warmedAt = version;
    onWarm?.(version, evaluation);
    log(
      `Tiers evaluated for data version ${version} (rule set ${row.version}, ${evaluation.decisions.size} practices) in ${Date.now() - started} ms.`,
    );
  };
  const tick = () => {
    running = running.then(look).catch((e: unknown) => {
      if (!stopped) log(`Tiers not evaluated ahead of asking: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    settled: () => running,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

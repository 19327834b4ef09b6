/**
 * What the busiest pages read, made as soon as the data version moves rather than when the first page needs it:
 * - the tier evaluation of the rule set in force: every practice's tier and every area's tiers are read from that one
 *   national evaluation (13 s of work at 6,500 practices × 100 indicators);
 * - the spread of every practice's value for each practice indicator's latest period, which every practice's spine
 *   places its values in (a second or more at national scale).
 * Without this the first commissioner to open such a page after a load, or after a start, waits for all of it.
 * A serving process looks at the version (one primary-key read) every `everyMs`; a load by any process moves it.
 */
import type { Queryable } from '../db/connect.js';
import { readDataVersion } from '../db/data-version.js';
import { latestEnglandPeriods, listIndicators } from '../db/repos/indicators.js';
import { RuleSet } from './rules.js';
import { ruleHistory, evaluateCached } from './service.js';
import { spreadsOf } from './spine.js';
import type { Evaluation } from './tiers.js';
import type { ValueSpread } from '../db/repos/practice-values.js';

export interface Warmer {
  /** settles when the look started last has (for tests) */
  settled(): Promise<void>;
  /** no more looks; one under way is not waited for (its failure once the store closes is not reported) */
  stop(): void;
}

export function keepWarm(
  db: Queryable,
  {
    everyMs = 30_000,
    log,
    warn,
    onWarm,
  }: {
    everyMs?: number;
    log: (line: string) => void;
    /** what could not be made (once per data version: a failure is not retried until the version moves) */
    warn: (line: string) => void;
    /** told what was made at each data version: the evaluation (null with no rule set yet) and the spreads read */
    onWarm?: (version: number, made: { evaluation: Evaluation | null; spreads: ValueSpread[] }) => void;
  },
): Warmer {
  let warmedAt = -1;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const look = async () => {
    const version = await readDataVersion(db);
    if (version === warmedAt || stopped) return;
    // whatever happens below, once per version: a failing evaluation is not made again every look
    warmedAt = version;
    const started = Date.now();
    // each on its own: the spines' spreads do not wait for the tiers, nor fail with them
    const [spreads, evaluation] = await Promise.allSettled([warmSpreads(db), warmTiers(db)]);
    if (stopped) return;
    for (const [what, r] of [
      ['the spines’ spreads', spreads],
      ['the tier evaluation', evaluation],
    ] as const)
      if (r.status === 'rejected')
        warn(
          `Not made ahead of asking for data version ${version}: ${what}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
        );
    if (spreads.status === 'rejected' || evaluation.status === 'rejected') return;
    const e = evaluation.value;
    onWarm?.(version, { evaluation: e?.evaluation ?? null, spreads: spreads.value });
    log(
      `Made ahead for data version ${version} in ${Date.now() - started} ms: ${e ? `tiers of ${e.evaluation.decisions.size} practices (rule set ${e.ruleVersion})` : 'no tiers (no rule set yet)'}, the spread of ${spreads.value.length} practice indicators' latest periods.`,
    );
  };
  const tick = () => {
    running = running.then(look).catch((e: unknown) => {
      if (!stopped) warn(`Not made ahead of asking: ${e instanceof Error ? e.message : String(e)}`);
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

/** The evaluation of the rule set in force, or null when there is none yet. */
async function warmTiers(db: Queryable): Promise<{ evaluation: Evaluation; ruleVersion: number } | null> {
  // read only: the first rule set is written when a tier page first asks (service.ts, currentRules), not here
  const [row] = await ruleHistory(db, 1);
  if (!row) return null;
  const rules = RuleSet.parse({ ...row.rules, version: row.version });
  return { evaluation: await evaluateCached(db, rules), ruleVersion: row.version };
}

/** The spine's spreads of each published practice indicator's newest period. */
async function warmSpreads(db: Queryable): Promise<ValueSpread[]> {
  const spined = new Set(
    (await listIndicators(db)).filter((d) => d.orgType === 'practice' && d.published).map((d) => d.code),
  );
  const latest = (await latestEnglandPeriods(db)).filter((l) => spined.has(l.code));
  return spreadsOf(
    db,
    latest.map((l) => l.code),
    latest.map((l) => l.periodStart),
  );
}

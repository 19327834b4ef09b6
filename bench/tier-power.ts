/**
 * `npm run bench -- power`: the full tier simulation (issue 14). Seeded areas of 400 practices (tier-simulation.ts):
 * false alarms with no true outlier, the power to put a median-sized practice at 1.5× its own rate on both families
 * below the line within 4 months, the power curve by practice size × effect, and how it falls as practices truly
 * differ more (the lasting between-practice spread τ left after case mix). Then one area through the product path
 * (generic CSV → load → compute → tiers) on the embedded store, timed.
 */
import { evaluateTiers } from '../src/variation/tiers.js';
import { DEFAULT_RULES, type RuleSet } from '../src/variation/rules.js';
import {
  DEFAULT_SCENARIO,
  simulateArea,
  simulatedInputs,
  type Scenario,
} from '../src/variation/tier-simulation.js';

const CODES = DEFAULT_SCENARIO.indicators.map((i) => i.code);
const RULES: RuleSet = { ...DEFAULT_RULES, version: 1, indicators: CODES, adjustment: 'none' };
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function nullRates(runs: number, s: Scenario) {
  let below = 0;
  let watch = 0;
  let n = 0;
  for (let seed = 1; seed <= runs; seed++)
    for (const d of evaluateTiers(RULES, simulatedInputs(simulateArea(seed, s), s)).decisions.values()) {
      n++;
      if (d.tier === 'below_the_line') below++;
      if (d.tier === 'could_do_better') watch++;
    }
  return { below: below / n, watch: watch / n, n };
}

function power(runs: number, s: Scenario, ratio: number, list: number) {
  const scenario: Scenario = {
    ...s,
    plant: { count: 10, ratio, monthsBeforeEnd: 4, indicators: CODES, list },
  };
  let hit = 0;
  let trials = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const area = simulateArea(5000 + seed, scenario);
    const e = evaluateTiers(RULES, simulatedInputs(area, scenario));
    for (const c of area.planted) {
      trials++;
      if (e.decisions.get(c)?.tier === 'below_the_line') hit++;
    }
  }
  return hit / trials;
}

export async function tierPowerBench(): Promise<void> {
  console.log(
    '\n## Tier decisions by simulation (seeded areas of 400 practices; two families of monthly rates)',
  );
  const t0 = performance.now();
  const nul = nullRates(100, DEFAULT_SCENARIO);
  console.log(
    `no true outlier, 100 areas (${nul.n.toLocaleString('en-GB')} practice decisions): below the line ${pct(nul.below)} (target ≤ 1%); could do better ${pct(nul.watch)} (nominal ${pct(1 - 0.975 ** 2)})`,
  );
  const median = DEFAULT_SCENARIO.medianList;
  console.log(
    `median-sized practice (${median.toLocaleString('en-GB')} patients) at 1.5× on both families, 4 months after the shift, 100 areas × 10 practices: below the line in ${pct(power(100, DEFAULT_SCENARIO, 1.5, median))} (target ≥ 80%)`,
  );
  const sizes = [3000, 5000, median, 15000];
  const ratios = [1.2, 1.3, 1.5, 2];
  console.log(`\npower by list size (rows) and effect (columns), 30 areas × 10 practices each:`);
  console.log(
    `| list | ${ratios.map((r) => `${r}×`).join(' | ')} |\n|---|${ratios.map(() => '---').join('|')}|`,
  );
  for (const list of sizes)
    console.log(
      `| ${list.toLocaleString('en-GB')} | ${ratios.map((r) => pct(power(30, DEFAULT_SCENARIO, r, list))).join(' | ')} |`,
    );
  console.log(
    `\nas practices truly differ more (lasting log-SD τ after case mix), median size, 1.5×, 30 areas × 10:`,
  );
  for (const tau of [0.025, 0.05, 0.1, 0.15, 0.28]) {
    const s = { ...DEFAULT_SCENARIO, tauPractice: tau };
    const n = nullRates(30, s);
    console.log(
      `τ = ${tau}: power ${pct(power(30, s, 1.5, median))}; with no outlier, below the line ${pct(n.below)}, could do better ${pct(n.watch)}`,
    );
  }
  console.log(`(simulations took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

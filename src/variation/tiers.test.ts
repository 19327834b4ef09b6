/**
 * Tiers by simulation and by construction. The simulations (tier-simulation.ts) are an area of 400 practices with
 * realistic list sizes and two families of monthly rates with true between-practice variation: under the null no
 * more than 1% of practices may fall below the line and "could do better" must stay at or below its nominal rate;
 * a median-sized practice at 1.5 times its own rate on both families must reach below the line within 4 months of
 * the shift in at least 80% of runs. The full version (more runs, the power curve) is in `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateTiers,
  evaluateTiersInSlices,
  windowPeriods,
  windowStartFor,
  type IndicatorInput,
} from './tiers.js';
import { DEFAULT_RULES, describeRules, RuleSet, type RuleSet as Rules } from './rules.js';
import { DEFAULT_SCENARIO, simulateArea, simulatedInputs, type Scenario } from './tier-simulation.js';

const CODES = DEFAULT_SCENARIO.indicators.map((i) => i.code);
const RULES: Rules = { ...DEFAULT_RULES, version: 1, indicators: CODES, adjustment: 'none' };
const shifted = (ratio: number, indicators = CODES): Scenario => ({
  ...DEFAULT_SCENARIO,
  plant: { count: 10, ratio, monthsBeforeEnd: 4, indicators },
});

describe('tiers on simulated areas', () => {
  it('made in slices, the evaluation is the same, giving way between one indicator window and the next', async () => {
    const s = shifted(1.5);
    const inputs = simulatedInputs(simulateArea(7, s), s);
    const whole = evaluateTiers(RULES, inputs);
    let gaveWay = 0;
    const sliced = await evaluateTiersInSlices(RULES, inputs, {
      sliceMs: 0,
      giveWay: async () => {
        gaveWay++;
      },
    });
    expect(sliced).toEqual(whole);
    expect([...sliced.decisions.values()].some((d) => d.tier === 'below_the_line')).toBe(true);
    // each indicator's latest window and the one a period earlier, then each false-discovery family (one a window
    // rank here: every indicator has the same months)
    expect(gaveWay).toBe(inputs.length * 2 + 2);
    // with the default slice, it still answers the same
    expect(await evaluateTiersInSlices(RULES, inputs)).toEqual(whole);
  });

  it('with no true outlier, at most 1% are below the line and "could do better" stays at or below its nominal rate (20 seeded areas of 400)', () => {
    let below = 0;
    let watch = 0;
    let practices = 0;
    let flagged = 0;
    let judged = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const e = evaluateTiers(RULES, simulatedInputs(simulateArea(seed)));
      for (const d of e.decisions.values()) {
        practices++;
        if (d.tier === 'below_the_line') below++;
        if (d.tier === 'could_do_better') watch++;
      }
      for (const [now] of e.results.values())
        for (const r of now!)
          if (r.judged) {
            judged++;
            if (r.worseWatch) flagged++;
          }
    }
    expect(practices).toBe(20 * 400);
    expect(below / practices).toBeLessThanOrEqual(0.01);
    // nominal: each indicator worse beyond its one-sided 2.5% limit; a practice has two chances
    expect(flagged / judged).toBeLessThanOrEqual(0.025);
    expect(watch / practices).toBeLessThanOrEqual(1 - 0.975 ** 2);
  });

  it('a median-sized practice at 1.5× its own rate on both families is below the line 4 months after the shift in ≥ 80% of runs (20 areas × 10 practices)', () => {
    let hit = 0;
    let early = 0;
    let trials = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const s = shifted(1.5);
      const area = simulateArea(1000 + seed, s);
      const e = evaluateTiers(RULES, simulatedInputs(area, s));
      for (const code of area.planted) {
        trials++;
        const d = e.decisions.get(code)!;
        if (d.tier === 'below_the_line') {
          hit++;
          // its evidence is the pooled window: both families, 4 months, q under the rule's level
          expect(new Set(d.evidence.map((x) => x.family)).size).toBeGreaterThanOrEqual(2);
          for (const x of d.evidence) {
            expect(x.periods).toBe(4);
            expect(x.q).toBeLessThan(RULES.qBelow);
            expect(x.value).toBeGreaterThan(x.upperStrict);
          }
        }
        // a month earlier the window held 3 months of the shift and 1 before: the overview can show it moving
        if (e.previous.get(code)?.tier === 'below_the_line') early++;
      }
    }
    expect(trials).toBe(200);
    expect(hit / trials).toBeGreaterThanOrEqual(0.8);
    expect(early).toBeLessThanOrEqual(hit);
  });

  it('a shift on one behaviour alone does not meet a rule that needs two families, however strong', () => {
    const s = shifted(2.5, [CODES[0]!]);
    const area = simulateArea(77, s);
    const e = evaluateTiers(RULES, simulatedInputs(area, s));
    for (const code of area.planted) {
      const d = e.decisions.get(code)!;
      expect(d.tier).toBe('could_do_better');
      expect(d.evidence.some((x) => x.worseStrict && x.q < 0.05)).toBe(true);
    }
  });
});

/** Two indicators of one family (the same numerator over different denominators) and one of another. */
function oneBehaviourTwice(): IndicatorInput[] {
  const area = simulateArea(5, shifted(2.5, CODES));
  const [a, b] = simulatedInputs(area, shifted(2.5, CODES));
  const twin: IndicatorInput = { ...a!, code: 'sim_emergency_admissions_per_starpu', family: a!.family };
  return [a!, twin, { ...b!, family: 'ae_attendances' }];
}

describe('families, periods and size', () => {
  it('indicators measuring one behaviour count once: two of one family are not "at least 2"', () => {
    const inputs = oneBehaviourTwice();
    const rules = { ...RULES, indicators: inputs.map((i) => i.code) };
    const onlyTwins = evaluateTiers(rules, inputs.slice(0, 2));
    const both = evaluateTiers(rules, inputs);
    const planted = [...both.decisions].filter(([, d]) => d.tier === 'below_the_line').map(([c]) => c);
    expect(planted.length).toBeGreaterThan(0);
    for (const code of planted) {
      const d = onlyTwins.decisions.get(code)!;
      // strictly worse on both indicators of the one family, yet not below the line
      expect(
        d.evidence
          .filter((x) => x.worseStrict)
          .map((x) => x.indicator)
          .sort(),
      ).toEqual(['sim_emergency_admissions', 'sim_emergency_admissions_per_starpu']);
      expect(d.tier).toBe('could_do_better');
    }
  });

  it('only results of the same months share a false-discovery family, and figures older than the rule allows are stale, not judged', () => {
    const [a, b] = simulatedInputs(simulateArea(9));
    // b's figures end five years before a's
    const old: IndicatorInput = {
      ...b!,
      periods: b!.periods.map((p) => ({
        ...p,
        periodStart: p.periodStart.replace('2024', '2019'),
        periodEnd: p.periodEnd.replace('2024', '2019'),
      })),
    };
    const e = evaluateTiers(RULES, [a!, old]);
    expect(e.skipped).toEqual([
      {
        indicator: old.code,
        why: expect.stringMatching(/^stale: its latest figures end 2019-12, more than 24 months before/),
      },
    ]);
    const results = [...e.results.values()].flatMap(([now]) => now!);
    const stale = results.filter((r) => r.indicator === old.code);
    expect(stale.length).toBe(400);
    expect(stale.every((r) => !r.judged && /^stale/.test(r.notJudged!) && Number.isNaN(r.q))).toBe(true);
    // a's q-values are BH over a's own 400 tests alone: the smallest is min over j of 400 × p₍ⱼ₎ / j
    const fresh = results.filter((r) => r.indicator === a!.code);
    const sorted = fresh.map((r) => r.p).sort((x, y) => x - y);
    const smallestQ = Math.min(1, ...sorted.map((p, j) => (400 * p) / (j + 1)));
    expect(fresh).toHaveLength(400);
    expect(Math.min(...fresh.map((r) => r.q))).toBeCloseTo(smallestQ, 12);
  });

  it('a practice too small to judge stays in the comparison (its counts move the fit) but is not judged', () => {
    const [a] = simulatedInputs(simulateArea(11));
    const tiny = { code: 'Z99999', name: 'Tiny', ccg: null, icb: null, numerator: 9, denominator: 150 };
    const withTiny: IndicatorInput = {
      ...a!,
      periods: a!.periods.map((p) => ({ ...p, rows: [...p.rows, tiny] })),
    };
    const rules = { ...RULES, indicators: [a!.code], minFamilies: 1 };
    const e = evaluateTiers(rules, [withTiny]);
    const r = e.results.get('Z99999')![0]![0]!;
    // 150 patients × 8 per 1,000 × 4 months ≈ 4.8 expected events: below the 10 the rule needs
    expect(r.expectedEvents).toBeLessThan(10);
    expect(r.judged).toBe(false);
    expect(r.notJudged).toMatch(/fewer than the 10 the rule needs to judge \(kept in the comparison\)/);
    expect(e.decisions.get('Z99999')!.tier).toBe('doing_well');
    // its 9 events (a rate 3.75× the area's) are in the fit: the target differs from the fit without it
    const without = evaluateTiers(rules, [a!]);
    const target = (ev: typeof e) => [...ev.results.values()][0]![0]![0]!.expected;
    expect(target(e)).not.toBe(target(without));
  });

  it('amounts and indicators with no better direction are never tier evidence, and say why', () => {
    const [a, b] = simulatedInputs(simulateArea(3));
    const money: IndicatorInput = { ...b!, code: 'sim_cost', numeratorKind: 'continuous' };
    const neither: IndicatorInput = { ...a!, code: 'sim_neither', direction: 'neither' };
    const e = evaluateTiers({ ...RULES, indicators: ['sim_cost', 'sim_neither'] }, [money, neither]);
    expect(e.skipped).toEqual([
      {
        indicator: 'sim_cost',
        why: expect.stringMatching(/an amount \(£ or staff\), not a count of events/),
      },
      { indicator: 'sim_neither', why: expect.stringMatching(/neither higher nor lower is better/) },
    ]);
    expect(e.decisions.size).toBe(0);
  });
});

describe('windows', () => {
  it('a window of 4 months ending in a month starts 3 months earlier; of an annual period, it is that period alone', () => {
    expect(windowStartFor('2019-09-30', 4)).toBe('2019-06-01');
    const months = ['09', '08', '07', '06', '05'].map((m) => ({
      periodStart: `2019-${m}-01`,
      periodEnd: `2019-${m}-28`,
    }));
    expect(windowPeriods(months, 0, 4).map((p) => p.periodStart)).toEqual([
      '2019-09-01',
      '2019-08-01',
      '2019-07-01',
      '2019-06-01',
    ]);
    expect(windowPeriods(months, 1, 4).map((p) => p.periodStart)).toEqual([
      '2019-08-01',
      '2019-07-01',
      '2019-06-01',
      '2019-05-01',
    ]);
    const years = [
      { periodStart: '2023-04-01', periodEnd: '2024-03-31' },
      { periodStart: '2022-04-01', periodEnd: '2023-03-31' },
    ];
    expect(windowPeriods(years, 0, 4)).toEqual([years[0]]);
  });
});

describe('rule sets', () => {
  it('reads as it is applied, naming families', () => {
    const text = describeRules({ ...RULES, indicators: ['a', 'b', 'c'] }, [
      { code: 'a', title: 'Items per 1,000', family: 'abx' },
      { code: 'b', title: 'Items per STAR-PU', family: 'abx' },
      { code: 'c', title: 'Admissions', family: 'c' },
    ]).map((r) => r.text);
    expect(text[0]).toBe(
      "Below the line: worse than expected beyond the 99.8% limits, allowing for overdispersion, with a false-discovery q-value below 0.05, on indicators of at least 2 families (indicators measuring one behaviour count once). Each indicator's counts are pooled over its periods in the latest 4 months, so evidence accumulates across them rather than each period having to pass alone.",
    );
    expect(text[3]).toMatch(
      /^Adopted indicators \(rule set version 1\): Items per 1,000 and Items per STAR-PU \(one family\); Admissions\./,
    );
  });

  it('a rule set stored before families and windows is read with its counts carried over', () => {
    const old = RuleSet.parse({
      version: 3,
      indicators: ['a'],
      strictLevel: 0.998,
      qBelow: 0.05,
      minIndicators: 2,
      consecutivePeriods: 3,
      watchLevel: 0.95,
      minDenominator: 30,
    });
    expect(old).toEqual({ ...DEFAULT_RULES, version: 3, indicators: ['a'], minFamilies: 2, windowMonths: 3 });
  });
});

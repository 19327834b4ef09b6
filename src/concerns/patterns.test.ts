import { describe, expect, it } from 'vitest';
import {
  SPC_MAX_FALSE_ALARM,
  analyseMonthly,
  CLUSTER_RULE,
  CUSUM_RULE,
  findClusters,
  monthsBefore,
  type PatternConcern,
} from './patterns.js';
import { generateConcerns, type SyntheticConcern } from './synthetic.js';

const practices = Array.from({ length: 60 }, (_, i) => `P${String(81000 + i)}`);
const providers = (n: number, perMonth: number) =>
  Array.from({ length: n }, (_, i) => ({
    code: `R${String(i).padStart(2, '0')}`,
    concernsPerMonth: perMonth,
  }));
const asPattern = (rows: SyntheticConcern[]): Array<PatternConcern & { planted: boolean }> =>
  rows.map((r, i) => ({
    id: i + 1,
    providerCode: r.provider,
    categoryId: r.category,
    practiceCode: r.practice,
    eventDate: r.eventDate,
    planted: r.planted,
  }));

describe('cluster signals', () => {
  const span = { dataStart: '2024-12-01', from: '2025-12-01', to: '2026-11-30' };
  const plant = {
    provider: 'R03',
    category: 'discharge_summary_late',
    practices: 5,
    days: 21,
    start: '2026-09-07',
  };
  const scenario = (seed: number, r03PerMonth: number) =>
    asPattern(
      generateConcerns({
        seed,
        providers: [
          ...providers(20, 6).filter((p) => p.code !== 'R03'),
          { code: 'R03', concernsPerMonth: r03PerMonth },
        ],
        practices,
        from: span.dataStart,
        to: span.to,
        clusters: [plant],
      }),
    );
  const signalFor = (rows: ReturnType<typeof scenario>) =>
    findClusters(rows, span).signals.filter(
      (s) => s.providerCode === 'R03' && s.categoryId === 'discharge_summary_late',
    );

  it('a planted cluster (discharge letters, one trust, 5 practices, 3 weeks) signals and links to exactly those concerns', () => {
    // A seed where the trust raised no other discharge-letter concern within a window of the cluster (checked
    // first), so the signal must be the planted five and nothing more.
    const rows = scenario(22, 6);
    const planted = rows.filter((r) => r.planted).map((r) => r.id);
    const near = rows.filter(
      (r) =>
        !r.planted &&
        r.providerCode === 'R03' &&
        r.categoryId === 'discharge_summary_late' &&
        r.eventDate >= '2026-08-17' &&
        r.eventDate <= '2026-10-17',
    );
    expect(near).toHaveLength(0);
    const mine = signalFor(rows);
    expect(mine).toHaveLength(1);
    expect(mine[0].concernIds).toEqual(planted);
    expect(mine[0].practices).toBe(5);
    expect(mine[0].p).toBeLessThan(CLUSTER_RULE.alpha);
    expect(mine[0].to >= '2026-09-27' && mine[0].from <= '2026-09-07').toBe(true);
  });

  it('on a busy trust the signal holds the planted concerns and exactly the others dated in its span', () => {
    const rows = scenario(12, 8);
    const mine = signalFor(rows);
    expect(mine).toHaveLength(1);
    const inSpan = rows
      .filter((r) => r.providerCode === 'R03' && r.categoryId === 'discharge_summary_late')
      .filter((r) => r.eventDate >= mine[0].from && r.eventDate <= mine[0].to)
      .map((r) => r.id);
    expect(mine[0].concernIds).toEqual(inSpan);
    for (const r of rows.filter((x) => x.planted)) expect(mine[0].concernIds).toContain(r.id);
  });

  it('finds the planted cluster on at least 9 of 10 synthetic years (power at 6 concerns a month)', () => {
    let found = 0;
    for (let seed = 21; seed <= 30; seed++) {
      const rows = scenario(seed, 6);
      const planted = rows.filter((r) => r.planted).map((r) => r.id);
      if (signalFor(rows).some((s) => planted.every((id) => s.concernIds.includes(id)))) found++;
    }
    expect(found).toBeGreaterThanOrEqual(9);
  });

  it('with no planted cluster, windows signal no more often than α', () => {
    const rows = asPattern(
      generateConcerns({
        seed: 12,
        providers: providers(40, 8),
        practices,
        from: span.dataStart,
        to: span.to,
      }),
    );
    const r = findClusters(rows, span);
    expect(r.windowsTested).toBeGreaterThan(100_000);
    const rate = r.windowsSignalling / r.windowsTested;
    // binomial bound: α plus 4 standard errors
    expect(rate).toBeLessThanOrEqual(
      CLUSTER_RULE.alpha + 4 * Math.sqrt(CLUSTER_RULE.alpha / r.windowsTested),
    );
  });
});

describe('monthly SPC and CUSUM', () => {
  const months = monthsBefore('2026-12-22', 24);
  const monthly = (rows: SyntheticConcern[], provider: string) => {
    const counts = new Map<string, number>();
    for (const r of rows)
      if (r.provider === provider)
        counts.set(r.eventDate.slice(0, 7), (counts.get(r.eventDate.slice(0, 7)) ?? 0) + 1);
    return months.map((m) => counts.get(m) ?? 0);
  };

  it('lists the complete months before a day', () => {
    expect(monthsBefore('2026-03-15', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('false alarms on null data stay within the stated rates', () => {
    const many = providers(150, 30);
    const rows = generateConcerns({
      seed: 13,
      providers: many,
      practices,
      from: `${months[0]}-01`,
      to: '2026-11-30',
    });
    let above = 0;
    let expectedAbove = 0;
    let cusumSignals = 0;
    let monitored = 0;
    let eligible = 0;
    for (const p of many) {
      const a = analyseMonthly({ months, counts: monthly(rows, p.code), exposure: 12.5 })!;
      above += a.above.length;
      if (a.falseAlarmPerMonth <= SPC_MAX_FALSE_ALARM) {
        eligible++;
        expectedAbove += a.falseAlarmPerMonth * months.length;
      } else expect(a.above).toEqual([]);
      cusumSignals += a.cusum.signals.length;
      monitored += months.length;
    }
    expect(eligible).toBeGreaterThan(100);
    expect(above).toBeLessThanOrEqual(expectedAbove + 4 * Math.sqrt(expectedAbove));
    const stated = 1 / CUSUM_RULE.targetArl;
    expect(cusumSignals / monitored).toBeLessThanOrEqual(stated + 4 * Math.sqrt(stated / monitored));
    // a simulation: each distinct monthly level solves its CUSUM limit (~150 ms), ~10 s on an idle 2-core machine
  }, 180_000);

  it('a doubling of the rate in the last 6 months is caught by CUSUM', () => {
    const counts = [5, 7, 6, 4, 6, 5, 6, 7, 5, 6, 4, 6, 5, 6, 7, 6, 5, 6, 12, 13, 11, 14, 12, 13];
    const a = analyseMonthly({ months, counts, exposure: null })!;
    expect(a.chart).toBe('c');
    expect(a.cusum.signals.length).toBeGreaterThan(0);
    expect(Math.min(...a.cusum.signals)).toBeGreaterThanOrEqual(18);
    // the rate on a c-chart is the count itself
    expect(a.rate).toEqual(counts);
  });
});

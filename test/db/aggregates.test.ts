/**
 * Benchmarks (England and each CCG) recomputed here from the stored values and links, independently of the SQL:
 * pooled Σ numerators / Σ denominators where the method allows and every unit has its counts, otherwise the median.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { describeEachDatabase } from './databases.js';
import { quantileType7 } from '../reference.js';

const dir = mkdtempSync(join(tmpdir(), 'lantern-aggregates-'));

interface Unit {
  org: string;
  type: string;
  indicator: string;
  start: string;
  end: string;
  numerator: number | null;
  denominator: number | null;
  value: number;
}

function summarise(units: Unit[], method: string, multiplier: number) {
  const complete = units.every((u) => u.numerator !== null && u.denominator !== null);
  const den = units.reduce((s, u) => s + (u.denominator ?? 0), 0);
  const num = units.reduce((s, u) => s + (u.numerator ?? 0), 0);
  const pooled = complete && den > 0 && ['proportion', 'rate', 'ratio'].includes(method);
  return {
    statistic: pooled ? 'pooled' : 'median',
    value: pooled
      ? (num / den) * multiplier
      : quantileType7(
          units.map((u) => u.value).sort((a, b) => a - b),
          0.5,
        ),
    units: units.length,
  };
}

describeEachDatabase('benchmark aggregates', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea(join(dir, `area-${t.name}`)));
    // a pooled indicator's month where one practice gives a rate without its counts: that month's benchmarks
    // fall back to the median
    const [first, ...rest] = await db.query<{ org_code: string; numerator: number; denominator: number }>(
      `SELECT org_code, numerator, denominator FROM indicator_values
        WHERE indicator_code = 'antibiotic_items_per_starpu' AND period_start = '2014-10-01' ORDER BY org_code`,
    );
    const file = join(dir, `incomplete-${t.name}.csv`);
    writeFileSync(
      file,
      [
        'indicator_code,organisation_code,period,numerator,denominator,value',
        `antibiotic_items_per_starpu,${first.org_code},2030-01,,,0.5`,
        ...rest.map(
          (r) => `antibiotic_items_per_starpu,${r.org_code},2030-01,${r.numerator},${r.denominator},`,
        ),
      ].join('\n') + '\n',
    );
    await ingestFile(db, file);
  }, 300_000);
  afterAll(() => t.dispose(db));

  it('every England and CCG benchmark equals its recomputation from the values', async () => {
    const values = await db.query<Unit>(
      `SELECT v.org_code AS org, o.type, v.indicator_code AS indicator, v.period_start AS start, v.period_end AS "end",
              v.numerator, v.denominator, v.value
         FROM indicator_values v JOIN organisations o ON o.code = v.org_code WHERE v.current AND v.value IS NOT NULL AND v.quality_issue IS NULL`,
    );
    const links = await db.query<{ child: string; parent: string; from: string; to: string | null }>(
      `SELECT child_code AS child, parent_code AS parent, valid_from AS "from", valid_to AS "to"
         FROM organisation_links WHERE relationship = 'practice_sub_icb'`,
    );
    const defs = new Map(
      (
        await db.query<{ code: string; method: string; multiplier: number }>(
          'SELECT DISTINCT ON (code) code, method, multiplier FROM indicators ORDER BY code, version DESC',
        )
      ).map((d) => [d.code, d]),
    );
    const groups = new Map<string, Unit[]>();
    const add = (key: string, u: Unit) => groups.set(key, [...(groups.get(key) ?? []), u]);
    for (const u of values) {
      if (u.type === 'practice' || u.type === 'trust')
        add(`${u.indicator}|${u.start}|${u.end}|E92000001|${u.type}`, u);
      for (const l of links)
        if (l.child === u.org && l.from <= u.start && (l.to === null || l.to > u.start))
          add(`${u.indicator}|${u.start}|${u.end}|${l.parent}|`, u);
    }
    const expected = [...groups].map(([key, units]) => {
      const [indicator, start, end, area] = key.split('|');
      const d = defs.get(indicator)!;
      return { key: `${indicator}|${start}|${end}|${area}`, ...summarise(units, d.method, d.multiplier) };
    });
    const stored = await db.query<{
      indicator_code: string;
      period_start: string;
      period_end: string;
      area_code: string;
      statistic: string;
      value: number;
      units: number;
    }>('SELECT * FROM indicator_aggregates');
    const byKey = new Map(
      stored.map((s) => [`${s.indicator_code}|${s.period_start}|${s.period_end}|${s.area_code}`, s]),
    );
    // no indicator here is held by both practices and trusts, so England has one group per indicator and period
    expect(stored).toHaveLength(expected.length);
    for (const e of expected) {
      const s = byKey.get(e.key);
      expect(s, e.key).toBeDefined();
      expect({ key: e.key, statistic: s!.statistic, units: s!.units }).toEqual({
        key: e.key,
        statistic: e.statistic,
        units: e.units,
      });
      expect(s!.value).toBeCloseTo(e.value, 10);
    }
    // both statistics and both levels are exercised
    const kinds = new Set(
      stored.map((s) => `${s.statistic}|${s.area_code === 'E92000001' ? 'england' : 'ccg'}`),
    );
    expect([...kinds].sort()).toEqual(['median|ccg', 'median|england', 'pooled|ccg', 'pooled|england']);
    expect(byKey.get('antibiotic_items_per_starpu|2030-01-01|2030-01-31|E92000001')!.statistic).toBe(
      'median',
    );
  });
});

/**
 * A concern rate says what it is per, and says when its denominator is too small to be stable, on the real 2022
 * referrals snapshot: a trust that made 2 GP referrals that month (24 a year) beside one that made thousands.
 * Expectations are read from the CSV here, independently.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Database } from '../../src/db/connect.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { concernSummary, MIN_STABLE_ACTIVITY } from '../../src/concerns/scorecard.js';
import { describeEachDatabase } from './databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';

const REFERRALS = shared('provider/healthyr_snapshots/outpatient_referrals_by_trust_2022_single_month.csv');

/** Trust code → GP referrals made in the month, from the file. */
function referrals(): Map<string, number> {
  const [, ...lines] = readFileSync(REFERRALS, 'utf8').split(/\r?\n/).filter(Boolean);
  return new Map(
    lines.map((l) => {
      const cells = [...l.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
      return [cells[0]!, Number(cells[2])];
    }),
  );
}

describeEachDatabase('concern rates per what, and when unstable (real referrals file)', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
    if (HAS_SHARED_DATA) await ingestFile(db, REFERRALS);
  }, 300_000);
  afterAll(() => t.dispose(db));

  it.skipIf(!HAS_SHARED_DATA)(
    'a trust with a few GP referrals a year has its rate called unstable; a large one does not',
    async () => {
      const byTrust = referrals();
      const [small, smallRefs] = [...byTrust].filter(([, n]) => n > 0).sort((a, b) => a[1] - b[1])[0]!;
      const [large, largeRefs] = [...byTrust].sort((a, b) => b[1] - a[1])[0]!;
      expect(smallRefs * 12).toBeLessThan(MIN_STABLE_ACTIVITY);
      expect(largeRefs * 12).toBeGreaterThan(MIN_STABLE_ACTIVITY);

      const s = (await concernSummary(db, small)).perThousand!;
      expect(s.unit).toBe('GP referrals');
      expect(s.per).toMatch(/^1,000 GP referrals a year/);
      expect(s.unstable).toBe(
        `unstable: about ${smallRefs * 12} GP referrals a year, fewer than 1,000, so one concern moves the rate by ${(1000 / (smallRefs * 12)).toFixed(1)} per 1,000`,
      );
      const l = (await concernSummary(db, large)).perThousand!;
      expect(l.unit).toBe('GP referrals');
      expect(l.unstable).toBeNull();
    },
  );
});

/** Each indicator's CUSUM sums as the alerts last ran them (cusum_states; src/variation/cusum-state.ts uses them). */
import type { Queryable } from '../connect.js';

export interface CusumStateRow {
  indicator: string;
  method: string;
  /** the fitted periods the sums ran through, oldest first, with each one's change number then */
  periodStarts: string[];
  changes: string[];
  /** per practice, in parallel: points so far, the last one's period, the sums carried out of it, and that point */
  practices: string[];
  points: number[];
  lastStarts: string[];
  carryHigh: number[];
  carryLow: number[];
  lastUpper: number[];
  lastLower: number[];
  /** 'higher', 'lower' or '' */
  lastSignals: string[];
}

const COLUMNS = `indicator_code AS indicator, method, period_starts AS "periodStarts", changes, practices, points,
  last_starts AS "lastStarts", carry_high AS "carryHigh", carry_low AS "carryLow", last_upper AS "lastUpper",
  last_lower AS "lastLower", last_signals AS "lastSignals"`;

export async function readCusumState(db: Queryable, indicator: string): Promise<CusumStateRow | null> {
  const [r] = await db.query<CusumStateRow>(`SELECT ${COLUMNS} FROM cusum_states WHERE indicator_code = $1`, [
    indicator,
  ]);
  return r ?? null;
}

export async function writeCusumState(db: Queryable, s: CusumStateRow): Promise<void> {
  await db.query(
    `INSERT INTO cusum_states (indicator_code, method, period_starts, changes, practices, points, last_starts,
                               carry_high, carry_low, last_upper, last_lower, last_signals)
     VALUES ($1, $2, $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::float8[], $9::float8[],
             $10::float8[], $11::float8[], $12::text[])
     ON CONFLICT (indicator_code) DO UPDATE SET method = excluded.method, period_starts = excluded.period_starts,
       changes = excluded.changes, practices = excluded.practices, points = excluded.points,
       last_starts = excluded.last_starts, carry_high = excluded.carry_high, carry_low = excluded.carry_low,
       last_upper = excluded.last_upper, last_lower = excluded.last_lower, last_signals = excluded.last_signals`,
    [
      s.indicator,
      s.method,
      s.periodStarts,
      s.changes,
      s.practices,
      s.points,
      s.lastStarts,
      s.carryHigh,
      s.carryLow,
      s.lastUpper,
      s.lastLower,
      s.lastSignals,
    ],
  );
}

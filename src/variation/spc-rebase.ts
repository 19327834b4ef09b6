/**
 * Recalculation points ("rebasing") of a practice's SPC chart: a commissioner says from which period the process
 * changed, and why; the chart's centre and limits are then computed afresh from there (NHSRplotthedots `rebase`).
 */
import type { Queryable } from '../db/connect.js';
import { addSpcBaseline, listSpcBaselines, removeSpcBaseline } from '../db/repos/spc-baselines.js';
import { practiceSeries } from '../db/repos/spc.js';
import { nowIso } from '../domain/clock.js';

/** A segment needs two points for a moving range, and so for limits at all. */
export const MIN_SEGMENT_POINTS = 2;

export class SpcRebaseError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'exists' | 'missing',
  ) {
    super(message);
  }
}

/**
 * Add a recalculation point at `fromPeriod`, which must be a period of the practice's series after the first, and
 * must leave every segment with at least two points.
 */
export async function addRecalculationPoint(
  db: Queryable,
  practice: string,
  input: { indicator: string; fromPeriod: string; reason: string },
  by: { userId: number | null; email: string; role: string | null },
): Promise<void> {
  const periods = (await practiceSeries(db, practice, input.indicator)).map((r) => r.periodStart);
  const at = periods.indexOf(input.fromPeriod);
  if (at < 0)
    throw new SpcRebaseError(
      periods.length === 0
        ? `${practice} has no values of ${input.indicator} to chart`
        : `${practice} has no value of ${input.indicator} for the period starting ${input.fromPeriod}; its periods run from ${periods[0]} to ${periods[periods.length - 1]}`,
      'invalid',
    );
  if (at === 0)
    throw new SpcRebaseError(
      `${input.fromPeriod} is the first period of ${practice}'s ${input.indicator}: a recalculation point starts a new segment after it`,
      'invalid',
    );
  const existing = await listSpcBaselines(db, practice, input.indicator);
  if (existing.some((b) => b.fromPeriod === input.fromPeriod))
    throw new SpcRebaseError(
      `${practice}'s ${input.indicator} already has a recalculation point at ${input.fromPeriod}; remove it first to change its reason`,
      'exists',
    );
  const starts = [
    0,
    ...existing.map((b) => periods.indexOf(b.fromPeriod)).filter((i) => i > 0),
    at,
    periods.length,
  ].sort((a, b) => a - b);
  const before = starts[starts.indexOf(at) - 1]!;
  const after = starts[starts.indexOf(at) + 1]!;
  if (at - before < MIN_SEGMENT_POINTS || after - at < MIN_SEGMENT_POINTS)
    throw new SpcRebaseError(
      `a recalculation point at ${input.fromPeriod} would leave a segment of ${Math.min(at - before, after - at)} period: each needs at least ${MIN_SEGMENT_POINTS} for limits (and 13 for limits to rely on)`,
      'invalid',
    );
  if (!(await addSpcBaseline(db, practice, input, { ...by, at: nowIso() })))
    throw new SpcRebaseError(
      `${practice}'s ${input.indicator} already has a recalculation point at ${input.fromPeriod}`,
      'exists',
    );
}

/** Remove a recalculation point; the reason it had. */
export async function removeRecalculationPoint(
  db: Queryable,
  practice: string,
  indicator: string,
  fromPeriod: string,
): Promise<string> {
  const removed = await removeSpcBaseline(db, practice, indicator, fromPeriod);
  if (!removed)
    throw new SpcRebaseError(
      `${practice}'s ${indicator} has no recalculation point at ${fromPeriod}`,
      'missing',
    );
  return removed.reason;
}

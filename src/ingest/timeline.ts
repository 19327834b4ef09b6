/**
 * Merging a child's parent links over time. Intervals are [from, to) with to = null while open.
 * The same parent in touching or overlapping intervals joins into one, keeping a stated end over an open one
 * (snapshots leave links open); a later interval with another parent ends the earlier one where it starts. The result is the same whatever order the files were loaded in.
 */
export interface Interval {
  parent: string;
  from: string;
  to: string | null;
}

const end = (i: Interval) => i.to ?? '9999-12-31';

export function mergeTimeline(intervals: readonly Interval[]): Interval[] {
  // the common case in yearly files: one parent throughout, never ended → one interval from the earliest start
  let earliest = intervals[0]?.from;
  let sameOpen = intervals.length > 0;
  for (const i of intervals) {
    if (i.parent !== intervals[0].parent || i.to !== null) {
      sameOpen = false;
      break;
    }
    if (i.from < earliest) earliest = i.from;
  }
  if (sameOpen) return [{ parent: intervals[0].parent, from: earliest, to: null }];
  return mergeIntervals(intervals);
}

/** The general merge: sort, then sweep. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // a total order, so the result does not depend on the order the files were loaded in
  const sorted = [...intervals].sort(
    (a, b) => cmp(a.from, b.from) || cmp(end(a), end(b)) || cmp(a.parent, b.parent),
  );
  const out: Interval[] = [];
  for (const next of sorted) {
    const prev = out[out.length - 1];
    if (!prev) {
      out.push({ ...next });
      continue;
    }
    if (prev.parent === next.parent && next.from <= end(prev)) {
      // an open end only says "still there when the file was made"; a stated end (a left or close date) wins
      if (next.from === prev.to)
        prev.to = next.to; // touching: the link carried on
      else if (prev.to === null || next.to === null) prev.to = prev.to ?? next.to;
      else if (next.to > prev.to) prev.to = next.to;
      continue;
    }
    if (next.from === prev.from) {
      // two parents from the same day: the longer-lasting assertion wins the day (ties: the later-sorted one)
      out[out.length - 1] = { ...next };
      continue;
    }
    if (end(prev) > next.from) prev.to = next.from;
    out.push({ ...next });
  }
  return out;
}

/** An organisation's lifetime as ODS gives it: its open date and its close date (its last day), either unknown. */
export interface Lifetime {
  open: string | null;
  close: string | null;
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The part of a link that lies within the lifetimes of both its ends, or null when none does: a link cannot
 * outlast a trust that closed, nor join a CCG to an ICB that opened after the CCG closed.
 */
export function withinLifetimes(i: Interval, child: Lifetime, parent: Lifetime): Interval | null {
  let from = i.from;
  for (const open of [child.open, parent.open]) if (open && open > from) from = open;
  let to = i.to;
  for (const close of [child.close, parent.close]) {
    if (!close) continue;
    const end = dayAfter(close);
    if (to === null || end < to) to = end;
  }
  if (to !== null && to <= from) return null;
  return { parent: i.parent, from, to };
}

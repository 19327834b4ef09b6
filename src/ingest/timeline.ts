/**
 * Merging a child's parent links over time. Intervals are [from, to) with to = null while open.
 * The same parent in touching or overlapping intervals joins into one; a later interval with another parent
 * ends the earlier one where it starts. The result is the same whatever order the files were loaded in.
 */
export interface Interval {
  parent: string;
  from: string;
  to: string | null;
}

const end = (i: Interval) => i.to ?? '9999-12-31';

export function mergeTimeline(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : end(a) < end(b) ? -1 : 1));
  const out: Interval[] = [];
  for (const next of sorted) {
    const prev = out[out.length - 1];
    if (!prev) {
      out.push({ ...next });
      continue;
    }
    if (prev.parent === next.parent && next.from <= end(prev)) {
      if (end(next) > end(prev)) prev.to = next.to;
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

export function sameTimeline(a: readonly Interval[], b: readonly Interval[]): boolean {
  if (a.length !== b.length) return false;
  const key = (i: Interval) => `${i.parent}|${i.from}|${i.to ?? ''}`;
  const sa = a.map(key).sort();
  const sb = b.map(key).sort();
  return sa.every((k, i) => k === sb[i]);
}

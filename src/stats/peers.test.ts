import { describe, expect, it } from 'vitest';
import { reference, expectClose } from '../../test/reference.js';
import { nearestPeers } from './peers.js';

describe('nearest peers by Mahalanobis distance', () => {
  const c = reference.mahalanobis;
  const rows = c.a.map((_: number, i: number) => [c.a[i], c.b[i], c.c[i]]);
  it('distances agree with R mahalanobis() on standardised correlated features', () => {
    const peers = nearestPeers(rows, rows.length - 1).filter((m) => m.unit === 0);
    for (const m of peers) expectClose(m.distance, c.distance_from_first[m.peer], `distance 0→${m.peer}`);
    expect(peers.map((m) => m.rank)).toEqual(Array.from({ length: rows.length - 1 }, (_, i) => i + 1));
  });
  it('never lists a unit as its own peer and orders by distance', () => {
    const m = nearestPeers(rows, 3);
    expect(m.every((x) => x.unit !== x.peer)).toBe(true);
    for (let i = 1; i < m.length; i++)
      if (m[i].unit === m[i - 1].unit) expect(m[i].distance).toBeGreaterThanOrEqual(m[i - 1].distance);
  });
  it('drops a duplicated (collinear) feature instead of failing', () => {
    const dup = rows.map((r: number[]) => [r[0], r[0] * 2, r[1]]);
    const m = nearestPeers(dup, 2);
    expect(m.every((x) => Number.isFinite(x.distance))).toBe(true);
  });
});

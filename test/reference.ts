import { readFileSync } from 'node:fs';

/** Reference values derived independently in R (test/reference/stats-reference.R). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const reference: any = JSON.parse(
  readFileSync(new URL('./reference/stats-reference.json', import.meta.url), 'utf8'),
);

/** Relative closeness within tol (absolute for values near 0). */
export function close(actual: number, expected: number | null, tol = 1e-6): boolean {
  if (expected === null) return !Number.isFinite(actual);
  if (actual === expected) return true;
  return (
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)) ||
    Math.abs(actual - expected) <= tol * Math.abs(expected)
  );
}

export function expectClose(actual: number, expected: number | null, label: string, tol = 1e-6): void {
  if (!close(actual, expected, tol)) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

export function expectAllClose(
  actual: ArrayLike<number>,
  expected: Array<number | null>,
  label: string,
  tol = 1e-6,
): void {
  if (actual.length !== expected.length)
    throw new Error(`${label}: length ${actual.length} ≠ ${expected.length}`);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${label}[${i}]`, tol);
}

/** The p-quantile of sorted values by linear interpolation between order statistics (R's type 7; SQL percentile_cont). */
export function quantileType7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

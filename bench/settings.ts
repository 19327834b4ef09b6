/** What the benches share: a whole-number setting read from the environment, figures as printed, the load now. */
import { loadavg } from 'node:os';

/** A whole number as printed in a bench's tables (en-GB grouping). */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

/** The load averages over 1, 5 and 15 minutes, as printed beside each figure. */
export const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** A setting that must be a whole number of at least 1, or its default when unset. */
export function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return n;
}

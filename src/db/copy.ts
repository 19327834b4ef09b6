/** Bulk writes through COPY, with each cell written as CSV (NULL as an unquoted empty field). */
import type { Queryable } from './connect.js';

/** Rows per chunk of CSV text: small enough that a server writes one chunk while the next is built. */
const CHUNK = 10_000;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // NaN is no number (NULL); ±Infinity is one PostgreSQL stores (a funnel's z for a rate with no events is −∞)
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  const s = String(v);
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as chunks of CSV text, made one at a time as they are taken. */
export function* csvChunks(
  count: number,
  row: (i: number) => unknown[],
  progress?: (done: number) => void,
): Generator<string> {
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    let text = '';
    for (let i = start; i < end; i++) text += row(i).map(cell).join(',') + '\n';
    yield text;
    progress?.(end);
  }
}

export async function copyRows(
  tx: Queryable,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
  progress?: (done: number) => void,
): Promise<void> {
  if (count > 0) await tx.copyCsv(table, columns, csvChunks(count, row, progress));
}

/** A load's registered populations: copied in, or merged where the file's dates and schemes are stored already. */
import type { Queryable } from '../db/connect.js';
import { copyPopulations, mergePopulations, populationsStoredFor } from '../db/repos/load-populations.js';
import type { LoadBuilder } from './load-builder.js';
import type { LoadReport, Progress } from './load-report.js';

export async function writePopulations(
  tx: Queryable,
  b: LoadBuilder,
  loadId: number,
  report: LoadReport,
  progress?: Progress,
): Promise<void> {
  const rows = b.populations;
  if (rows.length === 0) return;
  const schemesByDate = new Map<string, Set<string>>();
  for (const p of rows) {
    let schemes = schemesByDate.get(p.date);
    if (!schemes) schemesByDate.set(p.date, (schemes = new Set()));
    schemes.add(p.scheme);
  }
  const keys = [...schemesByDate].flatMap(([date, schemes]) =>
    [...schemes].map((scheme) => ({ date, scheme })),
  );
  const stored = await populationsStoredFor(tx, keys);
  progress?.('populations', 0, rows.length);
  const toCells = (i: number) => {
    const p = rows[i];
    return [p.org, p.date, p.scheme, p.sex, p.ageBand, p.patients, loadId];
  };
  const copied = (d: number) => progress?.('populations', d, rows.length);
  if (!stored) {
    await copyPopulations(tx, rows.length, toCells, copied);
    report.populations.inserted = rows.length;
    return;
  }
  const r = await mergePopulations(tx, rows.length, toCells, copied);
  report.populations.inserted = r.inserted;
  report.populations.updated = r.updated;
  report.populations.unchanged = rows.length - r.inserted - r.updated;
}

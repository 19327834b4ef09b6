/** Workforce summaries for a practice or an area's practices, read through src/db/repos/workforce.ts. */
import type { Queryable } from '../db/connect.js';
import { patientsPerGpFteDistribution, workforceRows, type WorkforceRow } from '../db/repos/workforce.js';
import { periodLabel } from '../domain/periods.js';
import { summariseWorkforce, type Distribution, type WorkforceSummary } from './resilience.js';

const toInput = (r: WorkforceRow) => ({
  year: periodLabel({ start: r.periodStart, end: r.periodEnd }),
  periodStart: r.periodStart,
  patients: r.patients,
  gpFte: r.gpFte,
  nurseFte: r.nurseFte,
  dpcFte: r.dpcFte,
});

/** Each practice's summary (practices without workforce figures get no years and no flags), and England's spread. */
export async function workforceSummaries(
  db: Queryable,
  practices: string[],
): Promise<{ england: Distribution[]; summaries: Map<string, WorkforceSummary> }> {
  const [rows, england] = await Promise.all([workforceRows(db, practices), patientsPerGpFteDistribution(db)]);
  const byPractice = new Map<string, WorkforceRow[]>(practices.map((p) => [p, []]));
  for (const r of rows) byPractice.get(r.practice)?.push(r);
  const summaries = new Map(
    [...byPractice].map(([p, rs]) => [p, summariseWorkforce(rs.map(toInput), england)] as const),
  );
  return { england, summaries };
}

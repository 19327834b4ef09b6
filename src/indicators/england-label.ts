import type { Database } from '../db/connect.js';
import { benchmarkAreas, type ValuePoint } from '../db/repos/indicators.js';

/**
 * What the "England" benchmark of a practice indicator covers, said plainly when it is far from every practice
 * (Manchester's antibiotic prescribing: 65 practices): "all 65 practices with data (NHS … CCG, …)"; else "England".
 */
export async function englandLabel(
  db: Database,
  code: string,
  points: ValuePoint[],
  national: number,
): Promise<string> {
  const last = points.findLast((p) => p.englandUnits !== null);
  if (!last?.englandUnits || last.englandUnits >= national / 2) return 'England';
  const areas = await benchmarkAreas(db, code, last.periodStart);
  const where =
    areas.length === 0
      ? ''
      : areas.length <= 3
        ? ` (${areas.map((a) => a.name).join(', ')})`
        : ` in ${areas.length} CCGs`;
  return `All ${last.englandUnits} practices with data${where}`;
}

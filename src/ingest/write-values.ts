/** A load's indicator values: copied in, or merged where current values share an indicator and period with the file. */
import type { Queryable } from '../db/connect.js';
import { copyValues, currentValuesStoredFor, mergeValues } from '../db/repos/load-values.js';
import type { LoadReport, Progress } from './load-report.js';
import type { PreparedValue } from './prepare-values.js';

export async function writeValues(
  tx: Queryable,
  values: PreparedValue[],
  periods: Array<{ indicator: string; periodStart: string }>,
  loadId: number,
  report: LoadReport,
  progress?: Progress,
): Promise<void> {
  if (values.length === 0) return;
  const stored = await currentValuesStoredFor(tx, periods);
  progress?.('values', 0, values.length);
  const toCells = (i: number) => {
    const v = values[i];
    return [
      v.indicator,
      v.version,
      v.org,
      v.start,
      v.end,
      v.numerator,
      v.denominator,
      v.value,
      v.label,
      loadId,
      v.quality,
    ];
  };
  const copied = (d: number) => progress?.('values', d, values.length);
  if (!stored) {
    // nothing to supersede: straight into the table
    await copyValues(tx, values.length, toCells, copied);
    report.values.inserted = values.length;
    return;
  }
  const { superseded, inserted } = await mergeValues(tx, values.length, toCells, loadId, copied);
  report.values.superseded = superseded;
  report.values.inserted = inserted;
  report.values.unchanged = values.length - inserted;
  if (superseded > 0)
    report.warnings.push(
      `${superseded} value${superseded === 1 ? '' : 's'} from earlier loads superseded by this file (kept in the history)`,
    );
}

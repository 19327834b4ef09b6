import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { computeResults } from '../../variation/compute.js';
import { raiseAlerts } from '../../alerts/service.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

const month = (s: string, end: boolean) => {
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(s)) throw new Error(`expected YYYY-MM or YYYY-MM-DD, got “${s}”`);
  return s.length === 7 ? `${s}-${end ? '31' : '01'}` : s;
};

/** Recompute and store funnel results for every practice × indicator × period whose inputs changed. */
export function computeCommand(): Command {
  return new Command('compute')
    .description(
      'Compute and store funnel results (expected values, z-scores, limits, flags) for practice indicators, then raise inbox alerts (tier changes, new 99.8% limit crossings); only periods whose values changed since the last run are recomputed',
    )
    .option('--indicator <code...>', 'only these indicators (default: every practice indicator with counts)')
    .option('--from <period>', 'only periods starting on or after YYYY-MM')
    .option('--to <period>', 'only periods starting on or before YYYY-MM')
    .option('--force', 'recompute even where the inputs are unchanged')
    .action(async (o: { indicator?: string[]; from?: string; to?: string; force?: boolean }) => {
      let from: string | undefined;
      let to: string | undefined;
      try {
        from = o.from ? month(o.from, false) : undefined;
        to = o.to ? month(o.to, true) : undefined;
      } catch (e) {
        process.stderr.write(`lantern compute: --from/--to ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const db = await openConfiguredDatabase(readConfig()).catch((e) =>
        reportFailure('lantern compute', e, [DataDirLockedError]),
      );
      if (!db) return;
      const bar = new cliProgress.SingleBar(
        {
          format: '  {label} [{bar}] {value}/{total} periods',
          noTTYOutput: true,
          notTTYSchedule: 5000,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      const t = performance.now();
      try {
        const r = await computeResults(db, {
          indicators: o.indicator,
          from,
          to,
          force: o.force,
          onProgress(done, total, label) {
            if (total === 0) return;
            if (!started) bar.start(total, done, { label });
            started = true;
            bar.update(done, { label });
          },
        });
        if (started) bar.stop();
        process.stdout.write(
          `Computed ${r.computed} of ${r.periods} periods across ${r.indicators} indicators (${r.results.toLocaleString('en-GB')} practice results) in ${((performance.now() - t) / 1000).toFixed(1)} s; ${r.unchanged} unchanged${r.notFitted ? `, ${r.notFitted} with too few practices for a funnel` : ''}${r.removed ? `, ${r.removed} removed (their values are gone)` : ''}.\n`,
        );
        const a = await raiseAlerts(db);
        if (a.upToDate)
          process.stdout.write('Alerts: nothing they depend on has changed since they were last raised.\n');
        else
          process.stdout.write(
            `Alerts raised: ${a.tierChanges} tier changes, ${a.limitCrossings} new 99.8% limit crossings, ${a.cusumSignals} CUSUM signals${a.baseline ? ` (tiers recorded for ${a.baseline} practices for the first time)` : ''}.\n`,
          );
      } catch (e) {
        if (started) bar.stop();
        process.stderr.write(`lantern compute: ${(e as Error).message}\n`);
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}

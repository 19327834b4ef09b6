import { Command } from 'commander';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { LoadRejected } from '../../ingest/errors.js';
import { today } from '../../domain/clock.js';
import {
  lastFinancialYearEnding,
  publishAreaContinuity,
  publishContinuity,
} from '../../continuity/publish.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

const out = (s: string) => process.stdout.write(`${s}\n`);

export function continuityCommand(): Command {
  const cmd = new Command('continuity').description(
    'Continuity of care (SLICC, UPC, COC) measured on SYNTHETIC appointments from a seeded generator (not real data)',
  );
  cmd
    .command('generate')
    .description(
      'Generate a year of SYNTHETIC GP appointments for practices from their list sizes, measure continuity and publish it as local indicators (the same seed makes the same appointments: a re-run changes nothing)',
    )
    .option('--practice <code...>', 'these practices')
    .option('--area <code>', 'every current practice of this ICB or sub-ICB that has a list size')
    .option('--seed <n>', 'random seed', (v) => Number(v), 1)
    .option(
      '--year-ending <yyyy>',
      'the financial year the appointments stand for (default: the last ended)',
      (v) => Number(v),
    )
    .action(async (o: { practice?: string[]; area?: string; seed: number; yearEnding?: number }) => {
      if (!o.practice && !o.area) {
        process.stderr.write('lantern continuity generate: give --practice CODE… or --area CODE\n');
        process.exitCode = 1;
        return;
      }
      const db = await openConfiguredDatabase(readConfig()).catch((e) =>
        reportFailure('lantern continuity generate', e, [DataDirLockedError]),
      );
      if (!db) return;
      try {
        const opts = { seed: o.seed, yearEnding: o.yearEnding ?? lastFinancialYearEnding(today()) };
        const done = o.area
          ? await publishAreaContinuity(db, o.area.toUpperCase(), opts)
          : await publishContinuity(
              db,
              o.practice!.map((p) => p.toUpperCase()),
              opts,
            );
        if (!done) {
          process.stderr.write('lantern continuity generate: no practice given has a list size loaded\n');
          process.exitCode = 1;
          return;
        }
        for (const r of done.results)
          out(
            `${r.code}: SYNTHETIC ${r.gps} GPs, ${r.eligiblePatients.toLocaleString('en-GB')} patients with 2+ appointments; SLICC ${r.slicc === null ? '–' : (100 * r.slicc).toFixed(1) + '%'}, UPC ${r.upc?.toFixed(3) ?? '–'}, COC ${r.coc?.toFixed(3) ?? '–'}`,
          );
        const l = done.report;
        out(
          l.alreadyLoadedAs !== null
            ? `Continuity unchanged (load ${l.alreadyLoadedAs}).`
            : `Published SYNTHETIC continuity as load ${l.loadId}: ${l.values.inserted} values, ${l.values.superseded} superseded.`,
        );
      } catch (e) {
        reportFailure('lantern continuity generate', e, [LoadRejected]);
      } finally {
        await db.close();
      }
    });
  return cmd;
}

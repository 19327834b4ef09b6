import { Command } from 'commander';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { LoadRejected } from '../../ingest/errors.js';
import { loadPatientKeys } from '../../concerns/nhs-number.js';
import { today } from '../../domain/clock.js';
import { practicesWithProfiles } from '../../db/repos/population.js';
import {
  fitRiskModel,
  generateForPractices,
  NoProfile,
  OlderExtract,
  purge,
  scorePatients,
  storeParsedExtract,
  type Actor,
} from '../../population/service.js';
import { readExtract } from '../../population/extract.js';
import { publishAggregates } from '../../population/aggregates.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

const CLI: Actor = { userId: null, email: 'cli', role: null, ip: null };

const out = (s: string) => process.stdout.write(`${s}\n`);

/** Open the store, run, close; known failures are printed without a stack. */
async function withDb(
  name: string,
  run: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<void>,
) {
  const db = await openConfiguredDatabase(readConfig()).catch((e) =>
    reportFailure(`lantern population ${name}`, e, [DataDirLockedError]),
  );
  if (!db) return;
  try {
    await run(db);
  } catch (e) {
    reportFailure(`lantern population ${name}`, e, [LoadRejected, NoProfile, OlderExtract]);
  } finally {
    await db.close();
  }
}

/** After new patients: score them, publish the practice aggregates as indicators, and say what happened. */
async function scoreAndPublish(db: Awaited<ReturnType<typeof openConfiguredDatabase>>, all = false) {
  const scored = await scorePatients(db, { all });
  if (scored.model)
    out(
      `Scored ${scored.patients.toLocaleString('en-GB')} patients with ${scored.model.version} (${scored.model.source}${scored.model.auc !== null ? `, AUC ${scored.model.auc.toFixed(3)}` : ''}).`,
    );
  const load = await publishAggregates(db);
  if (load)
    out(
      load.alreadyLoadedAs !== null
        ? `Practice aggregates unchanged (load ${load.alreadyLoadedAs}).`
        : `Published practice aggregates as load ${load.loadId}: ${load.values.inserted} values, ${load.values.superseded} superseded.`,
    );
}

export function populationCommand(): Command {
  const cmd = new Command('population').description(
    'Population health: patient lists for risk stratification and proactive care (SYNTHETIC patients, or a real extract pseudonymised at source), their risk scores and the practice aggregates',
  );

  cmd
    .command('generate')
    .description(
      'Make SYNTHETIC patients for practices from their published age/sex list sizes and QOF registers, score them and publish the aggregates (the same seed makes the same patients: a re-run changes nothing)',
    )
    .option('--practice <code...>', 'these practices')
    .option('--area <code>', 'every practice of this ICB or sub-ICB that has the data')
    .option('--max <n>', 'at most this many practices of the area', (v) => Number(v))
    .option('--seed <n>', 'random seed', (v) => Number(v), 1)
    .action(async (o: { practice?: string[]; area?: string; max?: number; seed: number }) => {
      if (!o.practice && !o.area) {
        process.stderr.write('lantern population generate: give --practice CODE… or --area CODE\n');
        process.exitCode = 1;
        return;
      }
      const config = readConfig();
      const { keys } = loadPatientKeys(config.concernsKeyFile);
      await withDb('generate', async (db) => {
        const day = today();
        let practices = o.practice?.map((p) => p.toUpperCase()) ?? [];
        if (o.area) practices.push(...(await practicesWithProfiles(db, o.area.toUpperCase(), day)));
        if (o.max !== undefined) practices = practices.slice(0, o.max);
        if (practices.length === 0)
          throw new NoProfile(`no practice of ${o.area} has age/sex list sizes and QOF registers loaded`);
        const reports = await generateForPractices(db, keys, practices, {
          seed: o.seed,
          asAt: day,
          actor: CLI,
        });
        for (const [i, r] of reports.entries())
          out(
            `[${i + 1}/${reports.length}] ${r.practice}: ${r.unchanged ? 'unchanged' : `${r.patients.toLocaleString('en-GB')} SYNTHETIC patients (${r.inserted} new, ${r.updated} kept, ${r.removed} left)`}`,
          );
        await scoreAndPublish(db);
      });
    });

  cmd
    .command('import')
    .description(
      'Load a real extract, pseudonymised at source (columns: extract_date, practice_code, patient_ref, sex, age, conditions, efi_deficits, emergency_admissions_12m, appointments_12m; see docs/population.md). All or nothing; a re-run changes nothing',
    )
    .argument('<file>', 'the extract (CSV, UTF-8)')
    .action(async (file: string) => {
      await withDb('import', async (db) => {
        const parsed = await readExtract(db, file);
        for (const r of await storeParsedExtract(db, parsed, CLI))
          out(
            `${r.practice}: ${r.unchanged ? 'unchanged' : `${r.patients} patients (${r.inserted} new, ${r.updated} kept, ${r.removed} left)`}`,
          );
        await scoreAndPublish(db);
      });
    });

  cmd
    .command('refit')
    .description(
      'Fit the emergency-admission model afresh on the patients with a known outcome, then rescore and republish',
    )
    .action(async () => {
      await withDb('refit', async (db) => {
        const m = await fitRiskModel(db);
        out(
          m
            ? `Fitted ${m.version} on ${m.n} patients (AUC ${m.auc?.toFixed(3)}).`
            : 'No patients with a known outcome to fit on.',
        );
        // every patient afresh with the new model
        await scoreAndPublish(db, true);
      });
    });

  cmd
    .command('publish')
    .description(
      'Load the practice aggregates afresh from what the clinicians have recorded since (run it nightly, e.g. from cron; the same counts load once)',
    )
    .action(async () => {
      await withDb('publish', async (db) => {
        await scoreAndPublish(db);
      });
    });

  cmd
    .command('purge')
    .description('Delete a practice’s patients and everything recorded about them (retention), audited')
    .requiredOption('--practice <code>', 'the practice')
    .action(async (o: { practice: string }) => {
      await withDb('purge', async (db) => {
        const n = await purge(db, o.practice.toUpperCase(), CLI);
        out(`Deleted ${n} patients of ${o.practice.toUpperCase()}.`);
        await publishAggregates(db);
      });
    });

  return cmd;
}

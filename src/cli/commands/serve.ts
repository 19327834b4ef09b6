import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { ConfigError, readConfig, type Config } from '../../config/env.js';
import { buildServer } from '../../api/server.js';
import { DataDirLockedError } from '../../db/lock.js';
import type { Database } from '../../db/connect.js';
import { ingestFolder } from '../../ingest/ingest-file.js';
import { writeSyntheticArea } from '../../demo/synthetic.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';
import { progressBar } from '../progress.js';
import { describeReport } from './ingest.js';
import { bootstrapAdministrator, hasAdministrator, syncDemoAccounts } from '../../auth/accounts-setup.js';
import { OidcClient } from '../../auth/oidc.js';
import { loadPatientKeys } from '../../concerns/nhs-number.js';
import { seedDemoConcerns } from '../../concerns/demo.js';
import { computeResults } from '../../variation/compute.js';
import { raiseAlerts } from '../../alerts/service.js';
import { demoScope } from '../../auth/accounts-setup.js';

/** On an empty store: load the sample data, or a labelled synthetic demo area when there is none. */
async function loadSampleIfEmpty(db: Database, config: Config): Promise<{ synthetic: boolean }> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loads');
  if (n > 0) {
    const [{ synthetic }] = await db.query<{ synthetic: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM loads WHERE file_name LIKE 'synthetic/%') AS synthetic`,
    );
    return { synthetic };
  }
  let folder = config.sampleData;
  let synthetic = false;
  if (!existsSync(folder)) {
    process.stderr.write(
      `No sample data at ${folder} (set LANTERN_SAMPLE_DATA): generating a SYNTHETIC demo area instead.\n`,
    );
    folder = writeSyntheticArea();
    synthetic = true;
  }
  const started = Date.now();
  process.stderr.write(
    `First start: loading ${synthetic ? 'the synthetic demo area' : `the sample data from ${folder}`} (this takes a few minutes once)…\n`,
  );
  const bar = progressBar();
  const res = await ingestFolder(
    db,
    folder,
    (name, i, total) => {
      bar.stop();
      process.stderr.write(`[${i + 1}/${total}] ${synthetic ? `synthetic/${name}` : name}\n`);
    },
    bar.update,
  );
  bar.stop();
  for (const r of res.loaded) process.stderr.write(`  ${describeReport(r)}\n`);
  for (const f of res.failed) process.stderr.write(`  NOT LOADED: ${f.message}\n`);
  for (const f of res.notRecognised) process.stderr.write(`  not a format Lantern reads, skipped: ${f}\n`);
  process.stderr.write(
    `Loaded ${res.loaded.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`,
  );
  // stored funnel results (for the CUSUM) and a baseline of tiers for the inbox, as `lantern compute` would
  const computing = Date.now();
  process.stderr.write('Computing stored results (funnels per practice, indicator and period)…\n');
  const r = await computeResults(db);
  await raiseAlerts(db);
  process.stderr.write(
    `Computed results for ${r.computed} indicator periods in ${((Date.now() - computing) / 1000).toFixed(0)} s.\n`,
  );
  return { synthetic };
}

export async function serve(config: Config, opts: { loadSample: boolean; demo: boolean }): Promise<void> {
  let db: Database;
  try {
    db = await openConfiguredDatabase(config);
  } catch (e) {
    return reportFailure('lantern', e, [DataDirLockedError]);
  }
  const { synthetic } = opts.loadSample ? await loadSampleIfEmpty(db, config) : { synthetic: false };
  const demoAccounts = await syncDemoAccounts(db, opts.demo);
  const { keys: patientKeys, created } = loadPatientKeys(config.concernsKeyFile);
  if (created)
    process.stderr.write(
      `Created the NHS-number key ${config.concernsKeyFile}: back it up apart from the database.\n`,
    );
  if (opts.demo) {
    const scope = await demoScope(db);
    const seeded = scope ? await seedDemoConcerns(db, patientKeys, scope) : 0;
    if (seeded)
      process.stderr.write(
        `Demo: wrote ${seeded} SYNTHETIC concerns about ${scope!.trust} and nearby trusts.\n`,
      );
  }
  if (
    config.bootstrapAdmin &&
    (await bootstrapAdministrator(db, config.bootstrapAdmin.email, config.bootstrapAdmin.passwordFile))
  )
    process.stderr.write(`Created the first administrator, ${config.bootstrapAdmin.email}.\n`);
  if (!opts.demo && !(await hasAdministrator(db)))
    process.stderr.write(
      'No administrator yet. Create one with: lantern users add --email YOU@EXAMPLE --password-file FILE --role admin\n' +
        '(or set LANTERN_ADMIN_EMAIL and LANTERN_ADMIN_PASSWORD_FILE before starting).\n',
    );
  const app = await buildServer(db, {
    demo: opts.demo,
    syntheticData: synthetic,
    demoAccounts,
    patientKeys,
    secureCookies: config.secureCookies,
    oidc: config.oidc ? new OidcClient(config.oidc) : null,
    logger: { level: config.logLevel },
  });
  const address = await app.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `Lantern is running at ${address.replace('127.0.0.1', 'localhost')} (${db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})${synthetic ? ' — SYNTHETIC DEMO DATA' : ''}\n`,
  );
  if (opts.demo)
    process.stdout.write(
      `DEMO MODE: demo accounts (password "${demoAccounts[0]?.password ?? ''}"): ${demoAccounts.map((a) => a.email).join(', ')}\n`,
    );
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the API and web UI (PORT, LANTERN_DATA_DIR, DATABASE_URL)')
    .option('--no-sample', 'do not load the sample data into an empty store')
    .option('--demo', 'demo mode: create demo accounts, one per role, and say so on every page')
    .action(async (opts: { sample: boolean; demo?: boolean }) => {
      let config: Config;
      try {
        config = readConfig();
      } catch (e) {
        return reportFailure('lantern serve', e, [ConfigError]);
      }
      await serve(config, { loadSample: opts.sample, demo: opts.demo ?? false });
    });
}

import { Command, InvalidArgumentError } from 'commander';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfig, type Config } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import type { Database } from '../../db/connect.js';
import { ingestFolder } from '../../ingest/ingest-file.js';
import { valuesBeyondCapacity } from '../../ingest/capacity-check.js';
import { reconcileLinkLifetimes } from '../../ingest/link-lifetimes.js';
import { writeSyntheticArea } from '../../demo/synthetic.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';
import { progressBar } from '../progress.js';
import { closeOnSignals } from '../shutdown.js';
import { announceListening, isServeWorker, runWorkers, workerSetup } from '../serve-workers.js';
import { completeSetupStep, loadedFiles, setupStep, startSetupStep } from '../../db/repos/setup.js';
import { describeReport } from './ingest.js';
import { bootstrapAdministrator, hasAdministrator, syncDemoAccounts } from '../../auth/accounts-setup.js';
import { loadPatientKeys, type PatientKeys } from '../../concerns/nhs-number.js';
import { seedDemoConcerns } from '../../concerns/demo.js';
import { computeResults } from '../../variation/compute.js';
import { raiseAlerts } from '../../alerts/service.js';
import { demoScope } from '../../auth/accounts-setup.js';

/**
 * For tests of an interrupted start: with LANTERN_TEST_PAUSE_AT=<step> the start says so on stderr and waits there
 * (for the test to kill it). Nothing else changes.
 */
async function pauseForTest(step: string): Promise<void> {
  if (process.env.LANTERN_TEST_PAUSE_AT !== step) return;
  process.stderr.write(`LANTERN_TEST_PAUSED_AT ${step}\n`);
  await new Promise(() => setInterval(() => {}, 60_000));
}

const FIRST_START = 'first_start';

/** The synthetic demo area, written afresh (it is the same every time, so files already loaded are no-ops). */
function syntheticFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-synthetic-'));
  writeSyntheticArea(join(root, 'synthetic'));
  return root; // loaded from its parent, the files are named synthetic/…
}

/**
 * The first start: load the sample data (or a labelled synthetic demo area when there is none) into an empty store,
 * compute the stored results and raise the alerts. It is recorded when it starts and when it has run to the end; a
 * first start killed half way is run again at the next start, where every part is a no-op for what is done already
 * (a file loaded before is recognised by its checksum, compute skips periods whose inputs are unchanged, an alert
 * raised before has the same key). A store with loads but no record of a first start (loaded with `lantern ingest`,
 * or by an earlier version) is served as it is.
 */
async function completeFirstStart(db: Database, config: Config): Promise<{ synthetic: boolean }> {
  const step = await setupStep(db, FIRST_START);
  const details = (step?.details ?? {}) as { folder?: string | null; synthetic?: boolean };
  if (step?.completedAt) return { synthetic: details.synthetic === true };
  let folder: string;
  let synthetic: boolean;
  if (step) {
    synthetic = details.synthetic === true;
    folder = synthetic ? syntheticFolder() : String(details.folder);
    if (!existsSync(folder)) {
      process.stderr.write(
        `The first start was interrupted, and the sample data it was loading (${folder}) is no longer there: serving the store as it is.\n`,
      );
      return { synthetic };
    }
    process.stderr.write(
      `The first start was interrupted: loading the files of ${synthetic ? 'the synthetic demo area' : folder} not yet loaded, then computing what is missing…\n`,
    );
  } else {
    const loaded = await loadedFiles(db);
    if (loaded.files > 0) return { synthetic: loaded.synthetic };
    synthetic = !existsSync(config.sampleData);
    if (synthetic)
      process.stderr.write(
        `No sample data at ${config.sampleData} (set LANTERN_SAMPLE_DATA): generating a SYNTHETIC demo area instead.\n`,
      );
    folder = synthetic ? syntheticFolder() : config.sampleData;
    await startSetupStep(db, FIRST_START, { folder: synthetic ? null : folder, synthetic });
    process.stderr.write(
      `First start: loading ${synthetic ? 'the synthetic demo area' : `the sample data from ${folder}`} (this takes a few minutes once)…\n`,
    );
  }
  const started = Date.now();
  const bar = progressBar();
  const res = await ingestFolder(
    db,
    folder,
    async (name, i, total) => {
      bar.stop();
      if (i === Math.floor(total / 2)) await pauseForTest('load');
      process.stderr.write(`[${i + 1}/${total}] ${name}\n`);
    },
    bar.update,
  );
  bar.stop();
  if (synthetic) rmSync(folder, { recursive: true, force: true });
  for (const r of res.loaded) process.stderr.write(`  ${describeReport(r)}\n`);
  for (const f of res.failed) process.stderr.write(`  NOT LOADED: ${f.message}\n`);
  for (const f of res.notRecognised) process.stderr.write(`  not a format Lantern reads, skipped: ${f}\n`);
  const fresh = res.loaded.filter((r) => r.alreadyLoadedAs === null).length;
  process.stderr.write(
    `Loaded ${fresh} files${fresh < res.loaded.length ? ` (${res.loaded.length - fresh} loaded before)` : ''} in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`,
  );
  // stored funnel results (for the CUSUM) and a baseline of tiers for the inbox, as `lantern compute` would
  const computing = Date.now();
  process.stderr.write('Computing stored results (funnels per practice, indicator and period)…\n');
  const r = await computeResults(db, {
    onProgress: async (done, total) => {
      if (done > 0 && done >= total / 2) await pauseForTest('compute');
    },
  });
  await pauseForTest('alerts');
  await raiseAlerts(db);
  process.stderr.write(
    `Computed results for ${r.computed} indicator periods${r.unchanged ? ` (${r.unchanged} computed before)` : ''} in ${((Date.now() - computing) / 1000).toFixed(0)} s.\n`,
  );
  await completeSetupStep(db, FIRST_START);
  return { synthetic };
}

export interface ServeOptions {
  loadSample: boolean;
  demo: boolean;
  /** API processes (node:cluster); more than one needs PostgreSQL */
  workers: number;
}

export async function serve(config: Config, opts: ServeOptions): Promise<void> {
  if (isServeWorker()) return serveAsWorker(config, opts);
  if (opts.workers > 1 && !config.databaseUrl) {
    process.stderr.write(
      `lantern serve: --workers ${opts.workers} needs PostgreSQL (set DATABASE_URL): the embedded database is one process's alone. Without DATABASE_URL, run one process (no --workers).\n`,
    );
    process.exitCode = 1;
    return;
  }
  let db: Database;
  try {
    db = await openConfiguredDatabase(config);
  } catch (e) {
    return reportFailure('lantern', e, [DataDirLockedError]);
  }
  const beyond = await valuesBeyondCapacity(db);
  if (beyond !== null)
    process.stderr.write(
      `Warning: the embedded database holds ${beyond.toLocaleString('en-GB')} indicator values, more than its capacity of ${db.valueLimit!.toLocaleString('en-GB')} (LANTERN_EMBEDDED_MAX_VALUES): it is served as it is, but every load that adds values will be refused. Move to a PostgreSQL server (set DATABASE_URL; README, "Capacity of the embedded store").\n`,
    );
  const { synthetic } = opts.loadSample ? await completeFirstStart(db, config) : { synthetic: false };
  const relinked = await reconcileLinkLifetimes(db);
  if (relinked > 0)
    process.stderr.write(
      `Ended ${relinked} parent links at the close of the organisations they join (a store loaded by an earlier version).\n`,
    );
  const demoAccounts = await syncDemoAccounts(db, opts.demo);
  await pauseForTest('demo');
  const { keys: patientKeys, created } = loadPatientKeys(config.concernsKeyFile);
  if (created)
    process.stderr.write(
      `Created the NHS-number key ${config.concernsKeyFile}: back it up apart from the database.\n`,
    );
  if (opts.demo) {
    const scope = await demoScope(db);
    const seeded = scope
      ? await seedDemoConcerns(db, patientKeys, scope, () => pauseForTest('demo-concerns'))
      : 0;
    if (seeded)
      process.stderr.write(
        `Demo: wrote ${seeded} SYNTHETIC concerns about ${scope!.trust} and nearby trusts.\n`,
      );
    if (scope?.practice) {
      // the population modules load only in demo mode, like the web server's below
      const { seedDemoPopulation } = await import('../../population/demo.js');
      // progress on one line at a terminal; in a log, the outcome only
      const patients = await seedDemoPopulation(db, patientKeys, scope.practice, (done, total) => {
        if (process.stderr.isTTY)
          process.stderr.write(`\rDemo: SYNTHETIC patient lists ${done}/${total} practices`);
      });
      if (patients)
        process.stderr.write(
          `${process.stderr.isTTY ? '\n' : ''}Demo: wrote ${patients.toLocaleString('en-GB')} SYNTHETIC patients for proactive care, scored.\n`,
        );
      // SYNTHETIC continuity of care for the demo practice's sub-ICB (a second or two; a re-run changes nothing)
      const { publishDemoContinuity } = await import('../../continuity/publish.js');
      const continuity = await publishDemoContinuity(db, scope.practice);
      if (continuity?.report.loadId)
        process.stderr.write(
          `Demo: measured continuity of care on SYNTHETIC appointments for ${continuity.results.length} practices.\n`,
        );
    }
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
  if (opts.workers > 1) {
    // the workers open their own connections; the primary only supervises them
    await db.close();
    const address = await runWorkers(opts.workers, { synthetic, demoAccounts }, log);
    process.stdout.write(
      `Lantern is running at ${address.replace('127.0.0.1', 'localhost')} (PostgreSQL, ${opts.workers} worker processes)${synthetic ? ' — SYNTHETIC DEMO DATA' : ''}\n`,
    );
    return describeServing(config, opts, demoAccounts);
  }
  const { app, url } = await listen(config, db, { demo: opts.demo, synthetic, demoAccounts, patientKeys });
  // before saying it is running: a stop asked for as soon as it says so closes the store cleanly
  closeOnSignals({ server: app, database: db }, { timeoutMs: config.shutdownTimeoutMs, log });
  process.stdout.write(
    `Lantern is running at ${url.replace('127.0.0.1', 'localhost')} (${db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})${synthetic ? ' — SYNTHETIC DEMO DATA' : ''}\n`,
  );
  return describeServing(config, opts, demoAccounts);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

type DemoAccounts = Awaited<ReturnType<typeof syncDemoAccounts>>;

/** Build the web server on a database and listen. */
async function listen(
  config: Config,
  db: Database,
  s: { demo: boolean; synthetic: boolean; demoAccounts: DemoAccounts; patientKeys: PatientKeys },
) {
  // the web server's modules load only when serving: every other command starts a second and a half sooner
  const [{ buildServer }, { OidcClient }] = await Promise.all([
    import('../../api/server.js'),
    import('../../auth/oidc.js'),
  ]);
  const app = await buildServer(db, {
    demo: s.demo,
    syntheticData: s.synthetic,
    demoAccounts: s.demoAccounts,
    patientKeys: s.patientKeys,
    secureCookies: config.secureCookies,
    oidc: config.oidc ? new OidcClient(config.oidc) : null,
    logger: { level: config.logLevel },
    email: config.email && { settings: config.email },
    documents: config.documents,
    trustProxy: config.trustProxy,
  });
  // what the busiest pages read (the tier evaluation, the spine's spreads), made after the start and after each load
  // rather than when first asked; with --workers, by each worker for itself (each keeps its own answers)
  const { keepWarm } = await import('../../variation/warm.js');
  const warming = { stop: () => {} };
  app.addHook('onClose', async () => warming.stop()); // hooks are added before listening
  const url = await app.listen({ port: config.port, host: config.host });
  warming.stop = keepWarm(db, {
    log: (line) => app.log.info(line),
    warn: (line) => app.log.warn(line),
  }).stop;
  return { app, url };
}

/**
 * One of `--workers N`: the primary has migrated and set up the store, so it opens it without migrating, serves, and
 * stops on SIGTERM from the primary (a terminal's Ctrl-C reaches the primary, which stops every worker once).
 */
async function serveAsWorker(config: Config, opts: ServeOptions): Promise<void> {
  const { synthetic, demoAccounts } = workerSetup<DemoAccounts[number]>();
  process.on('SIGINT', () => {});
  const db = await openConfiguredDatabase(config, { migrate: false });
  const { keys: patientKeys } = loadPatientKeys(config.concernsKeyFile);
  const { app, url } = await listen(config, db, { demo: opts.demo, synthetic, demoAccounts, patientKeys });
  closeOnSignals(
    { server: app, database: db },
    {
      timeoutMs: config.shutdownTimeoutMs,
      log: (line) => log(`[worker ${process.pid}] ${line}`),
      signals: ['SIGTERM'],
    },
  );
  announceListening(url);
}

/** What the start says after the address: email, and the demo accounts. */
async function describeServing(
  config: Config,
  opts: ServeOptions,
  demoAccounts: DemoAccounts,
): Promise<void> {
  process.stdout.write(
    config.email
      ? `Email: on, through ${(await import('../../email/settings.js')).describeRelay(config.email)} from ${config.email.from}, linking to ${config.email.publicUrl}; the outbox is sent every ${config.email.intervalSeconds} s\n`
      : 'Email: off (no LANTERN_SMTP_URL or LANTERN_SMTP_HOST): alerts stay in the inbox, and users’ email choices are kept for when it is set up\n',
  );
  if (opts.demo)
    process.stdout.write(
      `DEMO MODE: demo accounts (password "${demoAccounts[0]?.password ?? ''}"): ${demoAccounts.map((a) => a.email).join(', ')}\n`,
    );
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new InvalidArgumentError(`expected a whole number of processes from 1 to 64, got "${value}"`);
  return n;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the API and web UI (PORT, LANTERN_DATA_DIR, DATABASE_URL)')
    .option('--no-sample', 'do not load the sample data into an empty store')
    .option('--demo', 'demo mode: create demo accounts, one per role, and say so on every page')
    .option(
      '--workers <n>',
      'run N API processes sharing the port, on one PostgreSQL (needs DATABASE_URL)',
      parseWorkers,
      1,
    )
    .action(async (opts: { sample: boolean; demo?: boolean; workers: number }) => {
      let config: Config;
      try {
        config = readConfig();
      } catch (e) {
        return reportFailure('lantern serve', e, [ConfigError]);
      }
      await serve(config, { loadSample: opts.sample, demo: opts.demo ?? false, workers: opts.workers });
    });
}

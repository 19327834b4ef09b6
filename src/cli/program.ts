/**
 * The lantern command's table of commands: each one's name and one-line description, and how to load it. Only the
 * command being run is imported (with what it needs: the database, the web server, the statistics); `lantern --help`
 * imports none of them. Each module builds its own Command (options, subcommands, action); its description must be
 * the one here (test/cli/lazy-commands.test.ts holds them together).
 */
import { Command } from 'commander';

export interface CommandEntry {
  name: string;
  description: string;
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    description: 'Serve the API and web UI (PORT, LANTERN_DATA_DIR, DATABASE_URL)',
    load: async () => (await import('./commands/serve.js')).serveCommand(),
  },
  {
    name: 'ingest',
    description: 'Load data files; each file is recognised from its header and loaded all-or-nothing',
    load: async () => (await import('./commands/ingest.js')).ingestCommand(),
  },
  {
    name: 'indicators',
    description: 'List indicators, or define a local one for the generic indicator CSV',
    load: async () => (await import('./commands/indicators.js')).indicatorsCommand(),
  },
  {
    name: 'compute',
    description:
      'Compute and store funnel results (expected values, z-scores, limits, flags) for practice indicators, then raise inbox alerts (tier changes, new 99.8% limit crossings); only periods whose values changed since the last run are recomputed',
    load: async () => (await import('./commands/compute.js')).computeCommand(),
  },
  {
    name: 'population',
    description:
      'Population health: patient lists for risk stratification and proactive care (SYNTHETIC patients, or a real extract pseudonymised at source), their risk scores and the practice aggregates',
    load: async () => (await import('./commands/population.js')).populationCommand(),
  },
  {
    name: 'stats',
    description: 'Run a statistical method over a CSV file (the contract in docs/methods.md)',
    load: async () => (await import('./commands/stats.js')).statsCommand(),
  },
  {
    name: 'users',
    description: 'Manage accounts and their role grants',
    load: async () => (await import('./commands/users.js')).usersCommand(),
  },
  {
    name: 'audit',
    description: 'The audit trail',
    load: async () => (await import('./commands/audit.js')).auditCommand(),
  },
  {
    name: 'alerts',
    description: 'Email about the alerts inbox (docs/email.md)',
    load: async () => (await import('./commands/alerts.js')).alertsCommand(),
  },
  {
    name: 'fetch',
    description:
      'Download a publication from its publisher, check it and load it (all-or-nothing; a file already loaded changes nothing)',
    load: async () => (await import('./commands/fetch.js')).fetchCommand(),
  },
  {
    name: 'continuity',
    description:
      'Continuity of care (SLICC, UPC, COC) measured on SYNTHETIC appointments from a seeded generator (not real data)',
    load: async () => (await import('./commands/continuity.js')).continuityCommand(),
  },
  {
    name: 'documents',
    description: 'Shared documents and their storage folder',
    load: async () => (await import('./commands/documents.js')).documentsCommand(),
  },
];

/**
 * The program for these arguments (those after `lantern`): the command they name (`lantern serve …`, or
 * `lantern help serve`) loaded in full; every other command as its name and description only, which is all that the
 * list of commands (`lantern --help`, a mistyped command) shows.
 */
export async function programFor(args: readonly string[]): Promise<Command> {
  const program = new Command('lantern')
    .description('Lantern: quality surveillance of GP practices and providers for NHS commissioners')
    .showHelpAfterError();
  const named = args[0] === 'help' ? args[1] : args[0];
  for (const entry of COMMANDS) {
    if (entry.name === named) program.addCommand(await entry.load());
    else program.command(entry.name).description(entry.description);
  }
  return program;
}

import { Command } from 'commander';
import { statsCommand } from './commands/stats.js';
import { ingestCommand } from './commands/ingest.js';
import { serveCommand } from './commands/serve.js';
import { indicatorsCommand } from './commands/indicators.js';
import { usersCommand } from './commands/users.js';
import { auditCommand } from './commands/audit.js';
import { computeCommand } from './commands/compute.js';
import { populationCommand } from './commands/population.js';
import { alertsCommand } from './commands/alerts.js';
import { fetchCommand } from './commands/fetch.js';
import { continuityCommand } from './commands/continuity.js';
import { documentsCommand } from './commands/documents.js';

const program = new Command('lantern')
  .description('Lantern: quality surveillance of GP practices and providers for NHS commissioners')
  .showHelpAfterError();

program.addCommand(serveCommand());
program.addCommand(ingestCommand());
program.addCommand(indicatorsCommand());
program.addCommand(computeCommand());
program.addCommand(populationCommand());
program.addCommand(statsCommand());
program.addCommand(usersCommand());
program.addCommand(auditCommand());
program.addCommand(alertsCommand());
program.addCommand(fetchCommand());
program.addCommand(continuityCommand());
program.addCommand(documentsCommand());

await program.parseAsync(process.argv);

import { Command } from 'commander';
import { statsCommand } from './commands/stats.js';

const program = new Command('lantern')
  .description('Lantern: quality surveillance of GP practices and providers for NHS commissioners')
  .showHelpAfterError();

program.addCommand(statsCommand());

await program.parseAsync(process.argv);

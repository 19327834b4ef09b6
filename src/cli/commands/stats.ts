import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError, readTable, writeOutput } from '../stats/csv-table.js';
import { STATS_METHODS, runStatsMethod, type StatsMethod, type StatsOptions } from '../stats/methods.js';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`${name} expects a number, got "${v}"`);
  return n;
};
const levels = (v: string) =>
  list(v).map((s) => {
    const n = Number(s);
    if (!(n > 0 && n < 1))
      throw new InvalidArgumentError(`confidence levels must lie between 0 and 1, got "${s}"`);
    return n;
  });

export function statsCommand(): Command {
  const cmd = new Command('stats')
    .description('Run a statistical method over a CSV file (the contract in docs/methods.md)')
    .argument('<method>', `one of: ${STATS_METHODS.join(', ')}`)
    .requiredOption('--in <file>', 'input CSV with a header ("-" for standard input)')
    .option('--out <file>', 'output CSV (default: standard output)')
    .option('--confidence <levels>', 'confidence levels, comma-separated', levels, [0.95, 0.998])
    .option('--by <columns>', 'process each group of these columns independently', list, [])
    .option(
      '--multiplier <n>',
      'scale of value and limits (proportion 100, rate 100000, isr 1, dsr 100000; funnel: proportion 100, ratio 1, rate 1000)',
      num('--multiplier'),
    )
    .addOption(
      new Option('--type <type>', 'funnel: kind of indicator')
        .choices(['proportion', 'ratio', 'rate'])
        .default('proportion'),
    )
    .option(
      '--target <n>',
      'funnel: target in value units (default pooled); spc: target for assurance',
      num('--target'),
    )
    .addOption(
      new Option('--overdispersion <model>', 'funnel: overdispersion adjustment')
        .choices(['none', 'multiplicative', 'additive'])
        .default('additive'),
    )
    .option(
      '--winsorise <share>',
      'funnel: share trimmed at each end before estimating φ',
      num('--winsorise'),
      0.1,
    )
    .addOption(
      new Option(
        '--dispersion <estimate>',
        'funnel: φ as FunnelPlotR (reference), or scaled to what trimming gives for normal z-scores (consistent: what Lantern’s pages use)',
      )
        .choices(['reference', 'consistent'])
        .default('reference'),
    )
    .addOption(
      new Option('--chart <chart>', 'spc: chart type')
        .choices(['xmr', 'p', 'u', 'pprime', 'uprime'])
        .default('xmr'),
    )
    .addOption(
      new Option('--improvement <direction>', 'spc: which direction is improvement')
        .choices(['increase', 'decrease', 'neither'])
        .default('neither'),
    )
    .option('--rebase <periods>', 'spc: periods at which the limits are recalculated', list)
    .option('--ratio <R>', 'cusum: the rate ratio to detect (the lower arm watches 1/R)', num('--ratio'), 2)
    .option('--h <h>', 'cusum: control limit', num('--h'))
    .option('--arl <n>', 'cusum: in-control average run length to solve h for (default 100)', num('--arl'))
    .option('--columns <columns>', 'suppress: the count columns to suppress or round', list)
    .option('--k <k>', 'peers: neighbours per unit', num('--k'), 10)
    .option('--features <columns>', 'peers: feature columns (default: all numeric)', list)
    .action((method: string, opts: Record<string, unknown>) => {
      if (!(STATS_METHODS as readonly string[]).includes(method)) {
        process.stderr.write(
          `lantern stats: unknown method "${method}"; expected one of ${STATS_METHODS.join(', ')}\n`,
        );
        process.exitCode = 2;
        return;
      }
      try {
        const table = readTable(opts.in as string);
        const result = runStatsMethod(method as StatsMethod, table, opts as unknown as StatsOptions);
        try {
          writeOutput(opts.out as string | undefined, result);
        } catch (e) {
          // cells formatted as they are written can still meet a method's own argument check (e.g. 1e400 read as ∞)
          if (e instanceof RangeError) throw new InputError(table.file, null, null, e.message);
          throw e;
        }
      } catch (e) {
        if (e instanceof InputError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
          process.stderr.write(`lantern stats ${method}: ${(e as Error).message}\n`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });
  return cmd;
}

import { Command, Option } from 'commander';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import {
  DIRECTIONS,
  DOMAINS,
  IndicatorDefinition,
  METHODS,
  NUMERATOR_KINDS,
} from '../../domain/indicators.js';
import { listIndicators, saveIndicatorDefinition } from '../../db/repos/indicators.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

/** Define a local indicator (a new version when the code exists), so the generic indicator CSV can be loaded for it. */
export function indicatorsCommand(): Command {
  const cmd = new Command('indicators').description(
    'List indicators, or define a local one for the generic indicator CSV',
  );
  cmd
    .command('list')
    .description('List the indicators in the store')
    .action(async () => {
      const db = await openConfiguredDatabase(readConfig()).catch((e) =>
        reportFailure('lantern indicators', e, [DataDirLockedError]),
      );
      if (!db) return;
      for (const d of await listIndicators(db))
        process.stdout.write(`${d.code.padEnd(40)} v${d.version}  ${d.domain.padEnd(13)} ${d.title}\n`);
      await db.close();
    });
  cmd
    .command('define')
    .description('Define a local indicator; loading values for it then uses the generic CSV (see README)')
    .requiredOption('--code <code>', 'lower-case letters, digits and underscores')
    .requiredOption('--title <title>', 'what it measures, in plain English')
    .addOption(new Option('--domain <domain>').choices([...DOMAINS]).makeOptionMandatory())
    .addOption(
      new Option('--direction <direction>', 'which way is better')
        .choices([...DIRECTIONS])
        .makeOptionMandatory(),
    )
    .addOption(new Option('--method <method>').choices([...METHODS]).makeOptionMandatory())
    .requiredOption('--unit <unit>', 'for example "%" or "per 1,000 patients"')
    .option('--multiplier <n>', 'value = numerator / denominator × multiplier', '1')
    .option('--numerator <text>', 'what the numerator counts')
    .option('--denominator <text>', 'what the denominator counts')
    .option('--org-type <type>', 'the organisations it is reported for', 'practice')
    .addOption(
      new Option(
        '--numerator-kind <kind>',
        'events (a count: funnel plots, tier evidence) or continuous (an amount such as £ or FTE: compared on the log scale, context only)',
      )
        .choices([...NUMERATOR_KINDS])
        .default('events'),
    )
    .option(
      '--family <family>',
      'the behaviour it measures, shared with indicators of the same behaviour (they count once towards a tier rule)',
    )
    .requiredOption('--source <text>', 'where the data comes from')
    .requiredOption('--how-to-read <text>', 'how to read it, for the people who will')
    .action(async (o: Record<string, string>) => {
      const parsed = IndicatorDefinition.safeParse({
        code: o.code,
        version: 1,
        title: o.title,
        domain: o.domain,
        direction: o.direction,
        unit: o.unit,
        multiplier: Number(o.multiplier),
        method: o.method,
        numeratorDescription: o.numerator ?? null,
        denominatorDescription: o.denominator ?? null,
        orgType: o.orgType,
        source: o.source,
        howToRead: o.howToRead,
        published: false,
        numeratorKind: o.numeratorKind,
        family: o.family ?? null,
      });
      if (!parsed.success) {
        process.stderr.write(
          `lantern indicators define: ${parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${i.message}`).join('; ')}\n`,
        );
        process.exitCode = 1;
        return;
      }
      const db = await openConfiguredDatabase(readConfig()).catch((e) =>
        reportFailure('lantern indicators', e, [DataDirLockedError]),
      );
      if (!db) return;
      const d = parsed.data;
      const version = await saveIndicatorDefinition(db, d, 'next');
      process.stdout.write(
        `Defined ${d.code} version ${version}. Load values with: lantern ingest FILE.csv (columns ${'indicator_code,organisation_code,period,numerator,denominator,value'})\n`,
      );
      await db.close();
    });
  return cmd;
}

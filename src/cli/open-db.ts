import { openDatabase, type Database } from '../db/connect.js';
import type { Config } from '../config/env.js';

export async function openConfiguredDatabase(
  config: Config,
  opts: { migrate?: boolean } = {},
): Promise<Database> {
  return openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
    migrate: opts.migrate,
    embeddedMaxValues: config.embeddedMaxValues,
  });
}

/** Print a failure without a stack and set a non-zero exit; rethrow what is not ours. */
export function reportFailure(prefix: string, e: unknown, known: Array<new (...a: never[]) => Error>): void {
  if (known.some((k) => e instanceof k)) {
    process.stderr.write(`${prefix}: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  throw e;
}

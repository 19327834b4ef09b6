/**
 * What `npm test` could not run on this machine, said plainly at the end of the run: the PostgreSQL suite without
 * LANTERN_TEST_DATABASE_URL, the browser suite without Debian's chromium, the real-data tests without the sample data.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SuiteEnvironment {
  env: Record<string, string | undefined>;
  /** whether a file exists (the browser, the sample data folder) */
  exists: (path: string) => boolean;
  /** the default sample data folder (../shared/data beside the repository) */
  defaultSampleData: string;
}

/** One line per suite that was skipped, naming why and how to run it; empty when everything ran. */
export function skippedSuites({ env, exists, defaultSampleData }: SuiteEnvironment): string[] {
  const lines: string[] = [];
  if (!env.LANTERN_TEST_DATABASE_URL)
    lines.push(
      'PostgreSQL suite: skipped — LANTERN_TEST_DATABASE_URL is not set; set it (e.g. LANTERN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test) to run every database and API test on PostgreSQL too',
    );
  const chromium = env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';
  if (!exists(chromium))
    lines.push(
      `browser suite: skipped — there is no browser at ${chromium}; install Debian's chromium (apt-get install chromium) or set LANTERN_CHROMIUM to run it`,
    );
  const sample = resolve(env.LANTERN_SAMPLE_DATA ?? defaultSampleData);
  if (!exists(sample))
    lines.push(
      `real-data tests: skipped — there is no sample data at ${sample}; set LANTERN_SAMPLE_DATA to the shared data folder to run them`,
    );
  return lines;
}

/** The closing notice for this process's environment (null when nothing was skipped). */
export function skippedSuitesNotice(): string | null {
  const lines = skippedSuites({
    env: process.env,
    exists: existsSync,
    defaultSampleData: new URL('../../shared/data', import.meta.url).pathname,
  });
  return lines.length ? ['', 'Not run on this machine:', ...lines.map((l) => `  ${l}`), ''].join('\n') : null;
}

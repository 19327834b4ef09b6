import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { today } from '../../domain/clock.js';
import { CATALOGUE, newestExpectedPeriod } from '../../fetch/catalogue.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  fetchDue,
  FetchFailed,
  fetchPublication,
  type FetchOptions,
} from '../../fetch/fetch.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';
import { progressBar } from '../progress.js';
import { describeReport } from './ingest.js';

interface Opts {
  period?: string;
  org?: string;
  baseUrl?: string;
  list?: boolean;
  due?: boolean;
  json?: boolean;
  maxSize: number;
  timeout: number;
}

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};

/** The catalogue as a table: what each publication is, how often, the newest period expected now, and how it is found. */
export function catalogueText(on: string): string {
  const lines: string[] = [];
  for (const p of CATALOGUE) {
    const f = p.fetch;
    lines.push(`${p.id}  —  ${p.title}`);
    lines.push(`    publisher: ${p.publisher}; ${p.frequency}`);
    lines.push(`    landing page: ${p.landingPage}`);
    if (f) {
      const how =
        f.locate.kind === 'url'
          ? `URL ${f.locate.url({ period: newestExpectedPeriod(f.periods, on), org: f.needs?.includes('org') ? 'ORG' : undefined })}`
          : `looked up on the publication page ${f.locate.page({ period: newestExpectedPeriod(f.periods, on) })} (a link to a file named like ${f.locate.link})`;
      lines.push(`    newest expected: ${newestExpectedPeriod(f.periods, on)}; ${how}`);
      lines.push(
        `    file: ${f.expect}; loaded by the ${p.reader} reader${f.needs ? `; needs --${f.needs.join(', --')}` : ''}`,
      );
      if (p.note) lines.push(`    note: ${p.note}`);
    } else lines.push(`    not fetched: ${p.note}`);
  }
  return lines.join('\n');
}

export function fetchCommand(): Command {
  return new Command('fetch')
    .description(
      'Download a publication from its publisher, check it and load it (all-or-nothing; a file already loaded changes nothing)',
    )
    .argument('[publication]', 'the publication to fetch (lantern fetch --list)')
    .option(
      '--period <period>',
      'latest (the default), a month such as 2026-11, or a financial year such as 2023-24',
    )
    .option('--org <code>', 'the area, for publications served per area (e.g. a sub-ICB location code)')
    .option(
      '--base-url <url>',
      'a mirror serving the publishers’ files as BASE/host/path (default LANTERN_FETCH_BASE_URL)',
    )
    .option('--list', 'print the catalogue of publications and exit')
    .option(
      '--due',
      'fetch every publication whose newest expected period is not loaded yet (for a monthly cron job)',
    )
    .option('--json', 'print the results as JSON')
    .option(
      '--max-size <MB>',
      'refuse a download (or a zip member) larger than this',
      positive('--max-size'),
      DEFAULT_MAX_BYTES / 1024 / 1024,
    )
    .option(
      '--timeout <seconds>',
      'give up when no data arrives for this long',
      positive('--timeout'),
      DEFAULT_TIMEOUT_MS / 1000,
    )
    .addHelpText('after', '\nSee docs/fetch.md for the catalogue, scheduling and mirrors.')
    .action(async (id: string | undefined, opts: Opts) => {
      if (opts.list) {
        process.stdout.write(catalogueText(today()) + '\n');
        return;
      }
      if (!id && !opts.due) {
        process.stderr.write('lantern fetch: name a publication (lantern fetch --list), or give --due\n');
        process.exitCode = 1;
        return;
      }
      let config;
      try {
        config = readConfig();
      } catch (e) {
        return reportFailure('lantern fetch', e, [ConfigError]);
      }
      const baseUrl = opts.baseUrl ?? config.fetchBaseUrl;
      if (baseUrl && !/^https?:\/\/[^/]/.test(baseUrl)) {
        process.stderr.write(`lantern fetch: --base-url must be an http(s) URL, got "${baseUrl}"\n`);
        process.exitCode = 1;
        return;
      }
      let db;
      try {
        db = await openConfiguredDatabase(config);
      } catch (e) {
        return reportFailure('lantern fetch', e, [DataDirLockedError]);
      }
      const bar = progressBar();
      const fetchOpts: FetchOptions = {
        period: opts.period,
        org: opts.org,
        baseUrl,
        maxBytes: Math.round(opts.maxSize * 1024 * 1024),
        timeoutMs: Math.round(opts.timeout * 1000),
        progress: bar.update,
      };
      try {
        if (opts.due) {
          const outcomes = await fetchDue(db, fetchOpts);
          bar.stop();
          if (opts.json) process.stdout.write(JSON.stringify(outcomes, null, 2) + '\n');
          else
            for (const o of outcomes)
              process.stdout.write(
                `${o.publication} ${o.period}: ${o.status}${o.status === 'failed' ? '' : ` — ${o.message}`}\n`,
              );
          for (const o of outcomes.filter((x) => x.status === 'failed'))
            process.stderr.write(`lantern fetch: ${o.message}\n`);
          if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
          return;
        }
        const result = await fetchPublication(db, id!, fetchOpts);
        bar.stop();
        if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else
          process.stdout.write(
            `${result.publication} ${result.period}: ${result.bytes} bytes from ${result.url} (sha256 ${result.downloadChecksum})\n${describeReport(result.report)}\n`,
          );
      } catch (e) {
        bar.stop();
        return reportFailure('lantern fetch', e, [FetchFailed]);
      } finally {
        await db.close();
      }
    });
}

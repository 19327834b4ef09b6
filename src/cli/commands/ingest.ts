import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { LoadRejected } from '../../ingest/errors.js';
import { ingestFile, ingestFolder } from '../../ingest/ingest-file.js';
import { READERS } from '../../ingest/readers/index.js';
import type { LoadReport } from '../../ingest/write.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';
import { progressBar } from '../progress.js';

export function describeReport(r: LoadReport): string {
  if (r.alreadyLoadedAs !== null)
    return `${r.file}: already loaded (load ${r.alreadyLoadedAs}); nothing changed`;
  const parts = [
    `${r.rowsRead} rows read`,
    r.rowsSkipped ? `${r.rowsSkipped} skipped` : null,
    r.values.inserted || r.values.unchanged
      ? `${r.values.inserted} values added, ${r.values.unchanged} unchanged, ${r.values.superseded} superseded`
      : null,
    r.populations.inserted || r.populations.updated || r.populations.unchanged
      ? `${r.populations.inserted} population counts added, ${r.populations.updated} updated`
      : null,
    r.organisations.added || r.organisations.updated
      ? `${r.organisations.added} organisations added, ${r.organisations.updated} updated`
      : null,
    r.links.changed ? `${r.links.changed} hierarchy timelines changed` : null,
  ].filter(Boolean);
  return `${r.file} (${r.source}, load ${r.loadId}): ${parts.join('; ')}${r.warnings.map((w) => `\n    note: ${w}`).join('')}`;
}

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('Load data files; each file is recognised from its header and loaded all-or-nothing')
    .argument('<files...>', 'CSV files, or folders to load every recognised file in')
    .option('--source <name>', `treat the file as this format: ${READERS.map((r) => r.source).join(', ')}`)
    .option('--json', 'print the load reports as JSON')
    .addHelpText(
      'after',
      `\nFormats recognised:\n${READERS.map((r) => `  ${r.source.padEnd(28)} ${r.title}`).join('\n')}`,
    )
    .action(async (files: string[], opts: { source?: string; json?: boolean }) => {
      const config = readConfig();
      let db;
      try {
        db = await openConfiguredDatabase(config);
      } catch (e) {
        return reportFailure('lantern ingest', e, [DataDirLockedError]);
      }
      const reports: LoadReport[] = [];
      let failed = 0;
      try {
        for (const f of files) {
          if (!existsSync(f)) {
            process.stderr.write(`lantern ingest: ${f}: no such file or folder\n`);
            failed++;
            continue;
          }
          const bar = progressBar();
          try {
            const { statSync } = await import('node:fs');
            if (statSync(f).isDirectory()) {
              const res = await ingestFolder(
                db,
                f,
                (name, i, n) => process.stderr.write(`[${i + 1}/${n}] ${name}\n`),
                bar.update,
              );
              reports.push(...res.loaded);
              for (const x of res.failed) process.stderr.write(`lantern ingest: ${x.message}\n`);
              for (const x of res.notRecognised)
                process.stderr.write(`  not a format Lantern reads, skipped: ${x}\n`);
              failed += res.failed.length;
            } else reports.push(await ingestFile(db, f, { source: opts.source, progress: bar.update }));
          } catch (e) {
            bar.stop();
            if (!(e instanceof LoadRejected)) throw e;
            process.stderr.write(`lantern ingest: ${e.message}\n`);
            failed++;
          } finally {
            bar.stop();
          }
        }
      } finally {
        await db.close();
      }
      if (opts.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
      else for (const r of reports) process.stdout.write(describeReport(r) + '\n');
      if (failed > 0) process.exitCode = 1;
    });
}

/** `lantern documents verify`: check every stored document file against its checksum (docs/documents.md). */
import { Command } from 'commander';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { FileStore } from '../../documents/storage.js';
import { verifyFiles } from '../../documents/service.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

export function documentsCommand(): Command {
  const cmd = new Command('documents').description('Shared documents and their storage folder');
  cmd
    .command('verify')
    .description(
      'Check every document file in the storage folder (LANTERN_FILES_DIR) against its checksum; list those missing or altered (exit 1 if any)',
    )
    .action(async () => {
      const config = readConfig();
      const db = await openConfiguredDatabase(config).catch((e) =>
        reportFailure('lantern documents verify', e, [DataDirLockedError]),
      );
      if (!db) return;
      const r = await verifyFiles(db, new FileStore(config.documents.dir));
      await db.close();
      const leftovers = r.leftovers.length
        ? `${r.leftovers.length} unfinished upload(s) in ${config.documents.dir}/tmp (safe to delete when no upload is running).\n`
        : '';
      if (r.problems.length === 0) {
        process.stdout.write(
          `All ${r.checked} stored files are present and match their checksums.\n${leftovers}`,
        );
        return;
      }
      process.stderr.write(
        `${r.problems.length} of ${r.checked} stored files are not as recorded (in ${config.documents.dir}/objects):\n` +
          r.problems
            .map(
              (p) =>
                `  ${p.sha256}: ${p.problem === 'missing' ? 'missing' : 'altered (does not match its checksum)'}; ${p.versions
                  .map((v) => `document ${v.documentId} version ${v.version}`)
                  .join(', ')}\n`,
            )
            .join('') +
          leftovers,
      );
      process.exitCode = 1;
    });
  return cmd;
}

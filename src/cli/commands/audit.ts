/** `lantern audit verify`: check the audit chain end to end, naming every entry that does not fit. */
import { Command } from 'commander';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { verifyAudit } from '../../auth/audit.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

export function auditCommand(): Command {
  const cmd = new Command('audit').description('The audit trail');
  cmd
    .command('verify')
    .description('Check that every audit entry is present, in order and unaltered (exit 1 if not)')
    .action(async () => {
      const db = await openConfiguredDatabase(readConfig()).catch((e) =>
        reportFailure('lantern audit verify', e, [DataDirLockedError]),
      );
      if (!db) return;
      const r = await verifyAudit(db);
      await db.close();
      if (r.ok) {
        process.stdout.write(
          `The audit trail is intact: ${r.entries} entries. Head hash ${r.headHash} (keep it elsewhere to detect removal of the newest entries).\n`,
        );
      } else {
        const unlisted = r.breakCount - r.breaks.length;
        process.stderr.write(
          `The audit trail is NOT intact: ${r.breakCount} of its ${r.entries} entries do not fit the chain.\n` +
            r.breaks.map((b) => `  ${b.problem}.\n`).join('') +
            (unlisted > 0 ? `  … and ${unlisted} more entries after these.\n` : ''),
        );
        process.exitCode = 1;
      }
    });
  return cmd;
}

/** `lantern alerts send` and `lantern alerts digest`: the email outbox and the weekly digest, for cron. */
import { Command } from 'commander';
import { ConfigError, readConfig, type Config } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

async function withDatabase(
  name: string,
  needsRelay: boolean,
  fn: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>, config: Config) => Promise<void>,
): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (e) {
    return reportFailure(`lantern alerts ${name}`, e, [ConfigError]);
  }
  if (needsRelay && !config.email) {
    process.stderr.write(
      `lantern alerts ${name}: email is off: set LANTERN_SMTP_URL (or LANTERN_SMTP_HOST), LANTERN_MAIL_FROM and LANTERN_PUBLIC_URL (docs/email.md)\n`,
    );
    process.exitCode = 1;
    return;
  }
  const db = await openConfiguredDatabase(config).catch((e) =>
    reportFailure(`lantern alerts ${name}`, e, [DataDirLockedError]),
  );
  if (!db) return;
  try {
    await fn(db, config);
  } catch (e) {
    process.stderr.write(`lantern alerts ${name}: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

export function alertsCommand(): Command {
  const cmd = new Command('alerts').description('Email about the alerts inbox (docs/email.md)');
  cmd
    .command('send')
    .description(
      'Send the email outbox: every message due (new, or due for another try); safe to run beside the server',
    )
    .action(() =>
      withDatabase('send', true, async (db, config) => {
        const { createMailer, sendDue } = await import('../../email/sender.js');
        const r = await sendDue(db, createMailer(config.email!), {
          from: config.email!.from,
          publicUrl: config.email!.publicUrl,
        });
        process.stdout.write(
          `Email: ${r.sent} sent, ${r.retrying} to try again later, ${r.failed} given up, ${r.refused} refused, ${r.expired} expired.\n`,
        );
        if (r.failed || r.retrying) process.exitCode = 2;
      }),
    );
  cmd
    .command('digest')
    .description(
      'Queue this week’s digest for every user who chose one (their unread alerts of the last 7 days); run weekly, then `alerts send`',
    )
    .action(() =>
      // queueing needs no relay: the messages wait in the outbox for a sender
      withDatabase('digest', false, async (db) => {
        const { queueWeeklyDigests } = await import('../../email/queue.js');
        const r = await queueWeeklyDigests(db);
        process.stdout.write(
          `Weekly digests for the week of ${r.week}: ${r.queued} queued, ${r.before} queued before, ${r.nothingNew} with nothing new, ${r.refused} refused.\n`,
        );
      }),
    );
  return cmd;
}

/** `lantern users`: accounts and grants from the command line (the first administrator, or scripted set-up). */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { readConfig } from '../../config/env.js';
import { DataDirLockedError } from '../../db/lock.js';
import type { Database, Queryable } from '../../db/connect.js';
import { appendAudit } from '../../auth/audit.js';
import { endAllSessions } from '../../auth/sessions.js';
import {
  AccountError,
  addGrant,
  createLocalUser,
  findUserByEmail,
  listUsers,
  revokeGrant,
  setDisabled,
  setPassword,
} from '../../auth/users.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { openConfiguredDatabase, reportFailure } from '../open-db.js';

const CLI = { actorUserId: null, actor: 'cli', role: null, ip: null } as const;

async function withDb(name: string, fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await openConfiguredDatabase(readConfig()).catch((e) =>
    reportFailure(`lantern users ${name}`, e, [DataDirLockedError]),
  );
  if (!db) return;
  try {
    await fn(db);
  } catch (e) {
    reportFailure(`lantern users ${name}`, e, [AccountError]);
  } finally {
    await db.close();
  }
}

const roleOption = () => new Option('--role <role>', 'the role').choices([...ROLES]).makeOptionMandatory();
const orgOption = () =>
  new Option('--org <code>', 'the ODS code the role covers (none for admin and partner)');

async function userOrFail(db: Queryable, email: string) {
  const u = await findUserByEmail(db, email);
  if (!u) throw new AccountError(`no account for ${email}`, 'email');
  return u;
}

/** The password in a file, without the line ending an editor adds. */
const readPasswordFile = (file: string) => readFileSync(file, 'utf8').replace(/\r?\n$/, '');

export function usersCommand(): Command {
  const cmd = new Command('users').description('Manage accounts and their role grants');
  cmd
    .command('add')
    .description(
      'Create a local account with one grant; the password is read from a file, never the command line',
    )
    .requiredOption('--email <email>', 'the sign-in e-mail')
    .requiredOption('--password-file <file>', 'a file holding the password (at least 12 characters)')
    .addOption(roleOption())
    .addOption(orgOption())
    .option('--name <name>', 'display name')
    .action(async (o: { email: string; passwordFile: string; role: Role; org?: string; name?: string }) =>
      withDb('add', async (db) => {
        const password = readPasswordFile(o.passwordFile);
        await db.transaction(async (tx) => {
          const u = await createLocalUser(tx, { email: o.email, password, displayName: o.name ?? null });
          const g = await addGrant(tx, u.id, o.role, o.org ?? null);
          await appendAudit(tx, {
            ...CLI,
            action: 'users.add',
            target: `user:${u.id}`,
            outcome: 'success',
            details: { email: u.email, grant: `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}` },
          });
          process.stdout.write(
            `Created ${u.email} with ${g.role}${g.orgCode ? ` over ${g.orgCode}` : ''}.\n`,
          );
        });
      }),
    );
  cmd
    .command('grant')
    .description('Grant a role over an organisation')
    .requiredOption('--email <email>')
    .addOption(roleOption())
    .addOption(orgOption())
    .action(async (o: { email: string; role: Role; org?: string }) =>
      withDb('grant', async (db) =>
        db.transaction(async (tx) => {
          const u = await userOrFail(tx, o.email);
          const g = await addGrant(tx, u.id, o.role, o.org ?? null);
          await appendAudit(tx, {
            ...CLI,
            action: 'users.grant',
            target: `user:${u.id}`,
            outcome: 'success',
            details: { role: g.role, org: g.orgCode },
          });
          process.stdout.write(`Granted ${g.role}${g.orgCode ? ` over ${g.orgCode}` : ''} to ${u.email}.\n`);
        }),
      ),
    );
  cmd
    .command('revoke')
    .description("Revoke a role over an organisation; the user's sessions end")
    .requiredOption('--email <email>')
    .addOption(roleOption())
    .addOption(orgOption())
    .action(async (o: { email: string; role: Role; org?: string }) =>
      withDb('revoke', async (db) =>
        db.transaction(async (tx) => {
          const u = await userOrFail(tx, o.email);
          if (!(await revokeGrant(tx, u.id, o.role, o.org ?? null)))
            throw new AccountError(
              `${u.email} has no ${o.role} grant${o.org ? ` over ${o.org}` : ''}`,
              'role',
            );
          const ended = await endAllSessions(tx, u.id);
          await appendAudit(tx, {
            ...CLI,
            action: 'users.revoke',
            target: `user:${u.id}`,
            outcome: 'success',
            details: { role: o.role, org: o.org ?? null, sessionsEnded: ended },
          });
          process.stdout.write(
            `Revoked ${o.role}${o.org ? ` over ${o.org}` : ''} from ${u.email}; ${ended} session(s) ended.\n`,
          );
        }),
      ),
    );
  cmd
    .command('passwd')
    .description(
      "Set a local account's password (checked as at creation), read from a file; its lock-out clears and its sessions end",
    )
    .requiredOption('--email <email>')
    .requiredOption('--password-file <file>', 'a file holding the new password (at least 12 characters)')
    .action(async (o: { email: string; passwordFile: string }) =>
      withDb('passwd', async (db) => {
        const password = readPasswordFile(o.passwordFile);
        await db.transaction(async (tx) => {
          const u = await userOrFail(tx, o.email);
          await setPassword(tx, u.id, password);
          const ended = await endAllSessions(tx, u.id);
          await appendAudit(tx, {
            ...CLI,
            action: 'users.password_reset',
            target: `user:${u.id}`,
            outcome: 'success',
            details: { sessionsEnded: ended },
          });
          process.stdout.write(`Set a new password for ${u.email}; ${ended} session(s) ended.\n`);
        });
      }),
    );
  for (const disabled of [true, false])
    cmd
      .command(disabled ? 'disable' : 'enable')
      .description(
        disabled
          ? 'Disable an account: it cannot sign in (password or identity provider) and its sessions end'
          : 'Enable a disabled account again',
      )
      .requiredOption('--email <email>')
      .action(async (o: { email: string }) =>
        withDb(disabled ? 'disable' : 'enable', async (db) =>
          db.transaction(async (tx) => {
            const u = await userOrFail(tx, o.email);
            await setDisabled(tx, u.id, disabled);
            const ended = disabled ? await endAllSessions(tx, u.id) : 0;
            await appendAudit(tx, {
              ...CLI,
              action: disabled ? 'users.disable' : 'users.enable',
              target: `user:${u.id}`,
              outcome: 'success',
              details: disabled ? { sessionsEnded: ended } : {},
            });
            process.stdout.write(
              disabled
                ? `Disabled ${u.email}; ${ended} session(s) ended.\n`
                : `Enabled ${u.email}; it can sign in again.\n`,
            );
          }),
        ),
      );
  cmd
    .command('list')
    .description('List accounts and their grants')
    .action(async () =>
      withDb('list', async (db) => {
        for (const u of await listUsers(db))
          process.stdout.write(
            `${u.email.padEnd(40)} ${u.identitySource === 'local' ? 'local' : 'oidc '} ${u.demo ? 'demo ' : ''}${u.disabled ? 'disabled ' : ''}${u.grants.map((g) => `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}`).join(', ') || '(no grants)'}\n`,
          );
      }),
    );
  return cmd;
}

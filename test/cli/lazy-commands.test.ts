/**
 * `lantern --help` answers without loading any command: the command table (src/cli/program.ts) holds names and
 * descriptions, and a command's module (with the database, the web server, PDF rendering, spreadsheets) is imported
 * only when that command runs. Checked by the modules a child process actually loads, not by timing it.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/program.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Run node on the TypeScript sources with these arguments: its output and every module it loaded. */
function runNode(args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const log = join(mkdtempSync(join(tmpdir(), 'lantern-modules-')), 'modules.txt');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/cli/support/module-log.mjs', ...args],
    { cwd: root, env: { ...process.env, LANTERN_MODULE_LOG: log }, encoding: 'utf8', timeout: 60_000 },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    modules: readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}
const runCli = (args: string[]) => runNode(['src/cli/index.ts', ...args]);

const HEAVY = ['playwright-core', 'exceljs', 'jsdom', '@observablehq/plot'];
const loadedPackages = (modules: string[]) =>
  new Set(modules.map((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1]).filter(Boolean));

describe('lantern --help', () => {
  it('lists every command and loads none of their modules, nor the database, server or heavy libraries', () => {
    const { status, stdout, modules } = runCli(['--help']);
    expect(status).toBe(0);
    for (const c of COMMANDS) expect(stdout).toContain(c.name);
    const ours = modules.filter((m) => m.includes('/src/') && !m.includes('node_modules'));
    expect(ours.map((m) => m.slice(m.indexOf('/src/')))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/\/src\/(cli\/commands|db|api)\//)]),
    );
    const packages = loadedPackages(modules);
    for (const p of [...HEAVY, 'fastify', '@electric-sql/pglite', 'pg']) expect(packages).not.toContain(p);
    expect(packages).toContain('commander'); // the log does see packages
  });

  it('a command’s help loads that command but not the PDF, spreadsheet or DOM libraries', () => {
    const { status, stdout, modules } = runCli(['serve', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('--no-sample');
    expect(modules.some((m) => m.endsWith('/src/cli/commands/serve.ts'))).toBe(true);
    expect(modules.some((m) => m.endsWith('/src/cli/commands/users.ts'))).toBe(false);
    const packages = loadedPackages(modules);
    for (const p of [...HEAVY, 'fastify']) expect(packages).not.toContain(p);
  });
});

it('each command module builds the command the table names, with the table’s description', async () => {
  for (const entry of COMMANDS) {
    const cmd = await entry.load();
    expect({ name: cmd.name(), description: cmd.description() }).toEqual({
      name: entry.name,
      description: entry.description,
    });
  }
});

it('the web server loads without the PDF, spreadsheet and DOM libraries (they load with their first use)', () => {
  const { status, modules } = runNode(['--input-type=module', '-e', "await import('./src/api/server.ts')"]);
  expect(status).toBe(0);
  const packages = loadedPackages(modules);
  expect(packages).toContain('fastify');
  for (const p of ['playwright-core', 'exceljs', 'jsdom']) expect(packages).not.toContain(p);
});

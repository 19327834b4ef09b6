/**
 * npm run build: the server's TypeScript to JavaScript in dist/ (tsc -p tsconfig.build.json) and the web UI to
 * web/dist/ (Vite), each recording the fingerprint of its inputs (bin/build-stamp.js).
 *
 *   node scripts/build.mjs [server] [web] [--if-stale]
 *
 * With no target, both. With --if-stale, a target whose build is current is left as it is (npm start, npm test).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildState, clearStamp, fingerprint, ROOT, TARGETS, writeStamp } from '../bin/build-stamp.js';

const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
const targets = args.filter((a) => !a.startsWith('--'));
for (const t of targets)
  if (!(t in TARGETS)) {
    process.stderr.write(`build: no target "${t}"; the targets are ${Object.keys(TARGETS).join(', ')}\n`);
    process.exit(2);
  }

const run = (script, ...argv) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', script), ...argv], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const STEPS = {
  server: () => {
    // a fresh dist/ (a deleted source leaves no module behind), keeping the other build's record
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    for (const name of readdirSync(join(ROOT, 'dist'), { withFileTypes: true }).map((d) => d.name))
      if (name !== '.build') rmSync(join(ROOT, 'dist', name), { recursive: true, force: true });
    run('typescript/bin/tsc', '-p', 'tsconfig.build.json');
  },
  web: () => run('vite/bin/vite.js', 'build', 'web', '--logLevel', 'warn'),
};

for (const target of targets.length ? targets : Object.keys(TARGETS)) {
  const state = buildState(target);
  if (ifStale && (state === 'current' || state === 'prebuilt')) continue;
  if (ifStale)
    process.stderr.write(
      `Building the ${target} (${state === 'missing' ? 'not built yet' : 'sources changed'})…\n`,
    );
  const inputs = fingerprint(target); // taken before: a file changed during the build leaves it stale
  const started = Date.now();
  clearStamp(target);
  STEPS[target]();
  writeStamp(target, inputs);
  if (ifStale)
    process.stderr.write(`Built the ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

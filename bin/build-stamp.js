/**
 * Is the build current? Each build (npm run build: the server's JavaScript in dist/, the web UI in web/dist/) records
 * a fingerprint of its inputs (every file's path, size and modification time); it is current while the inputs'
 * fingerprint is the same. Plain JavaScript, so bin/lantern.js can ask before anything is compiled.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What each build reads (folders are walked; web/dist is the web build's output) and the file showing it is there. */
export const TARGETS = {
  server: {
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    output: 'dist/cli/index.js',
  },
  // the web UI imports some of src/ (roles, view types), so a change there rebuilds it too
  web: {
    inputs: ['web', 'src', 'package-lock.json'],
    output: 'web/dist/index.html',
  },
};

const stampFile = (target) => join(ROOT, 'dist', '.build', `${target}.json`);

function walk(path, out) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return; // a missing input (e.g. no package-lock.json) counts as absent
  }
  if (st.isDirectory()) {
    const rel = relative(ROOT, path);
    if (rel === join('web', 'dist') || rel.endsWith('node_modules')) return;
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else out.push(`${relative(ROOT, path)}\t${st.size}\t${Math.floor(st.mtimeMs)}`);
}

/** The fingerprint of a build's inputs now, or null when there are no sources (an image holding only the build). */
export function fingerprint(target) {
  if (!existsSync(join(ROOT, 'src'))) return null;
  const lines = [];
  for (const input of TARGETS[target].inputs) walk(join(ROOT, input), lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * 'current' (built from these inputs), 'stale' (built, from other inputs), 'missing' (not built), or 'prebuilt'
 * (built, with no sources beside it to compare).
 */
export function buildState(target) {
  if (!existsSync(join(ROOT, TARGETS[target].output))) return 'missing';
  const now = fingerprint(target);
  if (now === null) return 'prebuilt';
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stampFile(target), 'utf8')).inputs;
  } catch {
    return 'stale';
  }
  return recorded === now ? 'current' : 'stale';
}

/** Record that the build of target was made from the inputs whose fingerprint was taken before it started. */
export function writeStamp(target, inputs) {
  mkdirSync(dirname(stampFile(target)), { recursive: true });
  writeFileSync(stampFile(target), JSON.stringify({ inputs, builtAt: new Date().toISOString() }) + '\n');
}

/** Forget a build's record while it is rebuilt: a build half written is never taken for a current one. */
export function clearStamp(target) {
  rmSync(stampFile(target), { force: true });
}

#!/usr/bin/env node
// The lantern command. It runs the compiled JavaScript in dist/ (npm run build) when that is current; in a checkout
// whose sources have changed since (or were never built), the TypeScript in src/ through tsx, a development
// dependency. LANTERN_FROM_SOURCE=1 asks for the sources always.
import { buildState } from './build-stamp.js';

const state = buildState('server');
const fromSource = process.env.LANTERN_FROM_SOURCE === '1' || (state !== 'current' && state !== 'prebuilt');
let tsx = null;
if (fromSource) tsx = await import('tsx/esm/api').catch(() => null);
if (tsx) {
  tsx.register();
  await import('../src/cli/index.ts');
} else if (state === 'missing') {
  process.stderr.write(
    'lantern: there is no build in dist/ and tsx (a development dependency) is not installed: run `npm ci && npm run build`.\n',
  );
  process.exitCode = 1;
} else {
  if (fromSource)
    process.stderr.write(
      'lantern: the build in dist/ is older than the sources and tsx is not installed: running the build as it is (`npm run build` to refresh it).\n',
    );
  await import('../dist/cli/index.js');
}

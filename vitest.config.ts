import { defineConfig } from 'vitest/config';

/** Test files that replace a module with vi.mock: they need modules of their own (see `isolate` below). */
const MOCKING = ['test/api/access-mutation.test.ts'];

/** What every test file runs with. */
const common = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  globalSetup: ['test/global-setup.ts'],
  pool: 'forks' as const,
  // every JSON answer in every test is checked against its route's declared response schema
  env: { LANTERN_CHECK_RESPONSES: '1' },
  // a worker that keeps its modules keeps what they hold too, for every file it runs: one CI run reached Node's
  // default heap limit (4 GB) after its last file. The heap each file leaves is logged (logHeapUsage, below)
  execArgv: ['--max-old-space-size=8192'],
  logHeapUsage: true,
};

export default defineConfig({
  test: {
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...common,
          name: 'shared',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: MOCKING,
          // a worker keeps its loaded modules from one test file to the next: importing the server and its
          // libraries again for each of 118 files took about a quarter of the run. Test files therefore leave no
          // state behind (README, under `npm test`)
          isolate: false,
        },
      },
      { test: { ...common, name: 'mocking', include: MOCKING, isolate: true } },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // a worker keeps its loaded modules from one test file to the next: importing the server and its libraries
    // again for each of 118 files took about a quarter of the run. Test files therefore leave no state behind
    // (each opens and closes its own databases and servers; a route table belongs to its server; the clock is reset)
    isolate: false,
    fileParallelism: true,
    maxWorkers: 2,
    // every JSON answer in every test is checked against its route's declared response schema
    env: { LANTERN_CHECK_RESPONSES: '1' },
  },
});

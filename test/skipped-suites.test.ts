import { describe, expect, it } from 'vitest';
import { skippedSuites } from './skipped-suites.js';

const everything = new Set(['/usr/bin/chromium', '/work/shared/data']);
const run = (env: Record<string, string | undefined>, present = everything) =>
  skippedSuites({ env, exists: (p) => present.has(p), defaultSampleData: '/work/shared/data' });

describe('the closing notice of npm test', () => {
  it('says nothing when the PostgreSQL, browser and real-data suites can all run', () => {
    expect(run({ LANTERN_TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' })).toEqual([]);
  });

  it('says the PostgreSQL suite was skipped when LANTERN_TEST_DATABASE_URL is unset, and how to run it', () => {
    const lines = run({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PostgreSQL suite: skipped — LANTERN_TEST_DATABASE_URL is not set/);
    expect(lines[0]).toContain('LANTERN_TEST_DATABASE_URL=postgres://');
  });

  it('says the browser suite was skipped when there is no chromium where it is looked for', () => {
    const url = { LANTERN_TEST_DATABASE_URL: 'postgres://x' };
    expect(run(url, new Set(['/work/shared/data']))).toEqual([
      expect.stringMatching(/^browser suite: skipped — there is no browser at \/usr\/bin\/chromium/),
    ]);
    // LANTERN_CHROMIUM names another browser: that one is looked for
    expect(run({ ...url, LANTERN_CHROMIUM: '/opt/chromium' })).toEqual([
      expect.stringMatching(/^browser suite: skipped — there is no browser at \/opt\/chromium/),
    ]);
  });

  it('says the real-data tests were skipped when the sample data is missing', () => {
    expect(run({ LANTERN_TEST_DATABASE_URL: 'postgres://x', LANTERN_SAMPLE_DATA: '/nowhere' })).toEqual([
      expect.stringMatching(/^real-data tests: skipped — there is no sample data at \/nowhere/),
    ]);
  });
});

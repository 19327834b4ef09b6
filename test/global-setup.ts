/**
 * Once per test run (per project of vitest.config.ts): a migrated PGlite store saved as a tarball, so each test
 * file starts a fresh embedded database in about a second instead of running initdb and the migrations again.
 */
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/connect.js';
import { skippedSuitesNotice } from './skipped-suites.js';

export default async function setup(project: TestProject): Promise<() => void> {
  const db = await openDatabase({ dataDir: 'memory://' });
  const dump = await (db as unknown as { dump(): Promise<Blob> }).dump();
  await db.close();
  project.provide('pgliteTemplate', Buffer.from(await dump.arrayBuffer()).toString('base64'));
  // at the end of the run, after the summary: which suites this machine could not run, and how to run them
  return () => {
    // each project (vitest.config.ts) runs this setup: the notice is printed once, by the main one
    if (project.name !== 'shared') return;
    const notice = skippedSuitesNotice();
    if (notice) console.log(notice);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

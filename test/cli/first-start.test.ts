/**
 * `lantern serve --demo` on an empty store, killed (SIGKILL) at several moments of its first start, then started
 * again: it resumes, and ends with the same store as a first start that was never interrupted (same loads, values,
 * results and alerts; the demo accounts and the synthetic concerns exactly once).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { openDatabase } from '../../src/db/connect.js';
import { killServeProcesses, startServe, type ServeProcess } from './support/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lantern-first-start-'));
// a small sample folder: the synthetic area's 18 files, given as LANTERN_SAMPLE_DATA like the real sample data
const sample = writeSyntheticArea(join(dir, 'sample'));
afterAll(() => {
  killServeProcesses();
  rmSync(dir, { recursive: true, force: true });
});

/** Start `serve --demo` on a store, and wait until its output matches `until` (with a pause, refusing to serve). */
async function start(store: string, until: RegExp, pauseAt?: string): Promise<ServeProcess> {
  return startServe(
    ['--demo'],
    {
      DATABASE_URL: '',
      LANTERN_DATA_DIR: join(store, 'data'),
      LANTERN_CONCERNS_KEY_FILE: join(store, 'concerns.key'),
      LANTERN_SAMPLE_DATA: sample,
      LANTERN_CLOCK: '2026-12-22T09:00:00Z',
      LANTERN_TEST_PAUSE_AT: pauseAt ?? '',
      PORT: '0',
    },
    { until, refuse: pauseAt ? /Lantern is running at/ : undefined },
  );
}

async function kill(s: ServeProcess): Promise<void> {
  s.child.kill('SIGKILL');
  await s.exited;
}

/** Start until it serves, then stop it as an operator would (SIGTERM closes the store). */
async function startToTheEnd(store: string): Promise<string> {
  const s = await start(store, /Lantern is running at/);
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
  return s.output();
}

/**
 * What is in a store, read from a copy of it (so that the next start, not this reader, is the one to find the store
 * as a killed process left it).
 */
async function snapshot(store: string) {
  const copy = mkdtempSync(join(dir, 'copy-'));
  cpSync(join(store, 'data'), copy, { recursive: true });
  const db = await openDatabase({ dataDir: copy, migrate: false });
  try {
    const [counts] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM organisations)::int AS organisations,
              (SELECT count(*) FROM organisation_links)::int AS links,
              (SELECT count(*) FROM populations)::int AS populations,
              (SELECT count(*) FROM indicator_values)::int AS "values",
              (SELECT count(*) FROM indicator_values WHERE current)::int AS "currentValues",
              (SELECT count(*) FROM indicator_aggregates)::int AS aggregates,
              (SELECT count(*) FROM variation_computations)::int AS computations,
              (SELECT coalesce(sum(practices), 0) FROM variation_computations WHERE fit_type IS NOT NULL)::int AS results,
              (SELECT count(*) FROM practice_tiers)::int AS tiers,
              (SELECT count(*) FROM concerns WHERE synthetic)::int AS "syntheticConcerns",
              (SELECT count(*) FROM concerns)::int AS concerns,
              (SELECT count(*) FROM concern_events)::int AS "concernEvents",
              (SELECT count(*) FROM audit_log WHERE action = 'users.add_demo')::int AS "demoAccountsAudited",
              (SELECT count(*) FROM population_patients)::int AS "syntheticPatients",
              (SELECT coalesce(sum(practices), 0) FROM variation_computations
                WHERE fit_type IS NOT NULL AND (indicator_code LIKE 'pop\\_%' OR indicator_code LIKE 'cont\\_%'))::int AS "demoDataResults"`,
    );
    return {
      counts,
      loads: await db.query(
        `SELECT source, file_name, checksum, rows_read, rows_accepted, rows_unchanged, rows_superseded,
                finished_at IS NOT NULL AS finished
           FROM loads ORDER BY file_name, id`,
      ),
      alerts: (await db.query<{ key: string }>('SELECT key FROM alerts ORDER BY key')).map((r) => r.key),
      demoAccounts: (
        await db.query<{ email: string; role: string; org: string | null }>(
          `SELECT u.email, g.role, g.org_code AS org FROM users u JOIN grants g ON g.user_id = u.id WHERE u.demo ORDER BY u.email`,
        )
      ).map((r) => `${r.email} ${r.role} ${r.org ?? ''}`),
      concerns: (
        await db.query<{ h: string }>(
          `SELECT md5(string_agg(concat_ws('|', provider_code, practice_code, category_id, harm, event_date, status, submitted_on, reviewed_on), ',' ORDER BY id)) AS h FROM concerns`,
        )
      )[0]!.h,
      firstStartCompleted: (
        await db.query(`SELECT 1 FROM setup_steps WHERE step = 'first_start' AND completed_at IS NOT NULL`)
      ).length,
    };
  } finally {
    await db.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

let reference: Awaited<ReturnType<typeof snapshot>>;
beforeAll(async () => {
  const store = join(dir, 'uninterrupted');
  await startToTheEnd(store);
  reference = await snapshot(store);
  // the reference itself is what a first start should make
  // the 18 files, the population-health aggregates of the demo's synthetic patients and the continuity of care
  // measured on its synthetic appointments
  expect(reference.loads).toHaveLength(20);
  for (const source of ['population_aggregates', 'continuity_synthetic'])
    expect(reference.loads.filter((l) => (l as { source: string }).source === source)).toHaveLength(1);
  expect(reference.counts.results).toBeGreaterThan(0);
  expect(reference.alerts.length).toBeGreaterThan(0);
  // one account per role, the clinician holding the practice user's grant as well
  expect(reference.demoAccounts).toHaveLength(9);
  expect(reference.counts.demoAccountsAudited).toBe(8);
  expect(reference.counts.syntheticPatients).toBeGreaterThan(10_000);
  expect(reference.counts.syntheticConcerns).toBeGreaterThan(100);
  expect(reference.firstStartCompleted).toBe(1);
}, 120_000);

it('a first start killed while it loads a file resumes at the next start: the files not yet loaded are loaded, the rest computed, the demo data made', async () => {
  const store = join(dir, 'killed-loading');
  // on its progress line for the fourth file: three files loaded, the fourth being read or written
  await kill(await start(store, /\[4\/18\]/));
  const partial = await snapshot(store);
  expect(partial.loads.length).toBeGreaterThanOrEqual(3);
  expect(partial.loads.length).toBeLessThan(18);
  expect(partial.firstStartCompleted).toBe(0);

  const log = await startToTheEnd(store);
  expect(log).toMatch(/The first start was interrupted/);
  expect(await snapshot(store)).toEqual(reference);
}, 120_000);

it('a first start killed at each step in turn (half the files loaded, half the periods computed, before the alerts, after the demo accounts, inside the concerns transaction) ends with the same store as one never interrupted', async () => {
  const store = join(dir, 'killed-at-each-step');
  const counts: Record<string, Awaited<ReturnType<typeof snapshot>>> = {};
  for (const step of ['load', 'compute', 'alerts', 'demo', 'demo-concerns']) {
    await kill(await start(store, new RegExp(`LANTERN_TEST_PAUSED_AT ${step}\\n`), step));
    counts[step] = await snapshot(store);
  }
  // each kill really left the store part way
  expect(counts.load!.loads.length).toBe(9);
  expect(counts.load!.counts.results).toBe(0);
  // the files' loads (the population aggregates and continuity come with the demo data, after the demo accounts)
  const fileLoads = reference.loads.filter(
    (l) => !['population_aggregates', 'continuity_synthetic'].includes((l as { source: string }).source),
  );
  expect(counts.compute!.loads).toEqual(fileLoads);
  expect(counts.compute!.counts.results).toBeGreaterThan(0);
  expect(counts.compute!.counts.results).toBeLessThan(reference.counts.results!);
  expect(counts.alerts!.counts.results).toBe(reference.counts.results! - reference.counts.demoDataResults!);
  expect(reference.counts.demoDataResults).toBeGreaterThan(0);
  expect(counts.alerts!.alerts).toEqual([]);
  expect(counts.demo!.alerts).toEqual(reference.alerts);
  expect(counts.demo!.firstStartCompleted).toBe(1);
  expect(counts.demo!.demoAccounts).toEqual(reference.demoAccounts);
  expect(counts.demo!.counts.concerns).toBe(0);
  expect(counts['demo-concerns']!.counts.concerns).toBe(0); // killed inside its transaction: none written

  await startToTheEnd(store);
  expect(await snapshot(store)).toEqual(reference);
  // and a further start changes nothing
  await startToTheEnd(store);
  expect(await snapshot(store)).toEqual(reference);
}, 300_000);

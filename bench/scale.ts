/**
 * `npm run bench -- scale`: the synthetic national set (LANTERN_SCALE_PRACTICES × LANTERN_SCALE_INDICATORS ×
 * LANTERN_SCALE_MONTHS, in LANTERN_SCALE_ICBS ICBs) on PostgreSQL (LANTERN_BENCH_DATABASE_URL, a fresh database
 * LANTERN_SCALE_DB made and dropped; LANTERN_SCALE_KEEP=1 keeps it), in one run:
 *   1. raw COPY of each month's values into a bare copy of the values table (no index, no trigger): the floor;
 *      and into a copy with the values table's own indexes, holding the months before (as `npm run bench` copies
 *      into the table itself): what storing these rows in this schema costs at least, the floor the ingest target
 *      (≥ 0.5 of raw COPY) is read against;
 *   2. the same months through `lantern ingest`'s path (read, parse, check, write in one transaction per file),
 *      month by month in turn with (1), and again on PGlite for LANTERN_SCALE_PGLITE_MONTHS months;
 *   3. a full `computeResults`; 4. one new month ingested, then compute; 5. compute with nothing changed, in this
 *   process and as a whole `lantern compute` process; 6. bytes per stored value; 7. `lantern serve` under
 *   autocannon at 50 and 200 clients for LANTERN_SCALE_SECONDS on each page's API call; after each run the
 *   requests left in flight are waited for, up to LANTERN_SCALE_DRAIN_SECONDS (default 60), else the server is
 *   restarted, so that one page's backlog does not slow the next (LANTERN_SCALE_LATENCY=0 skips this phase;
 *   LANTERN_SCALE_PAGES=funnel,spine measures only the pages whose names contain one of those words;
 *   LANTERN_SCALE_REUSE=1 LANTERN_SCALE_RECOMPUTE=3 runs the full compute of phase 3 three times on the kept set).
 * Ends with a Markdown summary (sizes, load averages, every figure). Needs `npm run build` (serve runs dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/db/connect.js';
import { csvChunks } from '../src/db/copy.js';
import { VALUE_COLUMNS } from '../src/db/repos/load-values.js';
import { ingestFile } from '../src/ingest/ingest-file.js';
import { computeResults } from '../src/variation/compute.js';
import {
  defineIndicators,
  icbCode,
  icbOf,
  indicatorCode,
  monthCounts,
  monthValueRow,
  practiceCode,
  writeGeography,
  writeMonthFile,
  type ScaleSizes,
} from './scale-data.js';
import { LANTERN_BIN, measurePage, startServer, type Page, type PageLatency } from './scale-latency.js';
import { databaseUrlOf, dropDatabase, fmt, freshDatabase, loadNow, positive } from './settings.js';

interface Row {
  phase: string;
  db: string;
  rows: number;
  ms: number;
  note?: string;
  /** the load averages when the phase ended */
  load?: string;
}

const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  console.log(line);
};
/** The head of the phases' table, which rowLine writes rows of. */
const sayTableHead = () => {
  say('| phase | database | rows | ms | rows/s | note | load 1/5/15 min |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
};
const rowLine = (r: Row) =>
  `| ${r.phase} | ${r.db} | ${fmt(r.rows)} | ${fmt(r.ms)} | ${r.ms > 0 ? fmt(r.rows / (r.ms / 1000)) : '–'} | ${r.note ?? ''} | ${r.load ?? ''} |`;

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};

/**
 * Months 0…months−1, each written as a file, then copied raw into a bare table and ingested, in turn (so that a
 * slow spell of this shared machine falls on both alike). Answers the two times and the rows.
 */
async function loadMonths(
  db: Database,
  s: ScaleSizes,
  months: number,
  dir: string,
): Promise<{ rows: number; rawMs: number; indexedMs: number; ingestMs: number; perFile: number[] }> {
  await db.query(`CREATE TABLE scale_bare_values (LIKE indicator_values INCLUDING DEFAULTS)`);
  // the values table's indexes, not its triggers: the change tracking they do is the ingest's own work
  await db.query(
    `CREATE TABLE scale_indexed_values (LIKE indicator_values INCLUDING DEFAULTS INCLUDING INDEXES)`,
  );
  let rows = 0;
  let rawMs = 0;
  let indexedMs = 0;
  let ingestMs = 0;
  const perFile: number[] = [];
  for (let m = 0; m < months; m++) {
    const counts = monthCounts(s, m);
    const file = writeMonthFile(dir, s, counts);
    // the CSV text is made beforehand: the COPY alone is timed, the database's own cost of taking these rows
    const chunks = [...csvChunks(counts.numerator.length, monthValueRow(s, counts, 0))];
    const [, tRaw] = await time(() =>
      db.transaction((tx) => tx.copyCsv('scale_bare_values', VALUE_COLUMNS, chunks)),
    );
    const [, tIndexed] = await time(() =>
      db.transaction((tx) => tx.copyCsv('scale_indexed_values', VALUE_COLUMNS, chunks)),
    );
    const [report, tIngest] = await time(() => ingestFile(db, file));
    rmSync(file);
    if (report.values.inserted !== counts.numerator.length)
      throw new Error(
        `month ${m}: ingest wrote ${report.values.inserted} values, expected ${counts.numerator.length}`,
      );
    rows += counts.numerator.length;
    rawMs += tRaw;
    indexedMs += tIndexed;
    ingestMs += tIngest;
    perFile.push(tIngest);
    if (months > 3) process.stderr.write(`  ${db.kind} month ${m + 1}/${months} (load ${loadNow()})\n`);
  }
  await db.query('DROP TABLE scale_bare_values, scale_indexed_values');
  return { rows, rawMs, indexedMs, ingestMs, perFile };
}

/** Reference data and indicator definitions, then the months: phases 1 and 2 on one database. */
async function buildSet(db: Database, s: ScaleSizes, months: number, dir: string): Promise<Row[]> {
  const [geo, tGeo] = await time(() => ingestFile(db, writeGeography(dir, s)));
  await defineIndicators(db, s);
  const { rows, rawMs, indexedMs, ingestMs, perFile } = await loadMonths(db, s, months, dir);
  return [
    {
      phase: 'reference: geography file ingested',
      db: db.kind,
      rows: geo.rowsRead,
      ms: tGeo,
      note: `${geo.organisations.added} organisations, ${geo.links.changed} links`,
    },
    { phase: '1. raw COPY into a bare table', db: db.kind, rows, ms: rawMs, note: `${months} months` },
    {
      phase: "1b. raw COPY into a table with the values table's indexes",
      db: db.kind,
      rows,
      ms: indexedMs,
      note: `${months} months, each onto those before`,
    },
    {
      phase: '2. ingest (lantern ingest path)',
      db: db.kind,
      rows,
      ms: ingestMs,
      // a file's cost as the store grows: the first file's and the last's
      note: `${months} files; ingest rate ÷ raw COPY rate ${(indexedMs / ingestMs).toFixed(2)} (with its indexes), ${(rawMs / ingestMs).toFixed(2)} (bare); first file ${fmt(perFile[0]!)} ms, last ${fmt(perFile.at(-1)!)} ms`,
    },
  ];
}

/** `lantern compute` as a whole process (start-up included), and the time it reports for the compute itself. */
function computeProcess(databaseUrl: string): { ms: number; line: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [LANTERN_BIN, 'compute'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`lantern compute failed: ${r.stderr}`);
  return { ms, line: r.stdout.split('\n')[0] ?? '' };
}

async function storage(db: Database): Promise<Row[]> {
  const [v] = await db.query<{ bytes: number; n: number }>(
    `SELECT pg_total_relation_size('indicator_values')::bigint AS bytes, (SELECT count(*) FROM indicator_values)::bigint AS n`,
  );
  // the stored funnels: a fit per indicator and period, from which every practice's figures are derived
  const [f] = await db.query<{ bytes: number; n: number; practices: number }>(
    `SELECT pg_total_relation_size('variation_computations')::bigint AS bytes, count(*)::bigint AS n,
            coalesce(sum(practices), 0)::bigint AS practices FROM variation_computations`,
  );
  return [
    {
      phase: '6. storage: indicator_values',
      db: db.kind,
      rows: v!.n,
      ms: 0,
      note: `${(v!.bytes / 1024 ** 2).toFixed(0)} MB with indexes; ${(v!.bytes / v!.n).toFixed(0)} bytes per stored value`,
    },
    {
      phase: '6. storage: variation_computations (stored funnels)',
      db: db.kind,
      rows: f!.n,
      ms: 0,
      note: `${(f!.bytes / 1024 ** 2).toFixed(1)} MB with indexes for ${Number(f!.practices).toLocaleString('en-GB')} practices' figures; ${(f!.bytes / Math.max(1, Number(f!.practices))).toFixed(1)} bytes per practice figure (191 when each was a row)`,
    },
  ];
}

/** LANTERN_SCALE_PAGES: only the pages whose names contain one of these comma-separated words (default all). */
function chosenPage(page: Page): boolean {
  const words = (process.env.LANTERN_SCALE_PAGES ?? '').split(',').filter((w) => w.trim() !== '');
  return words.length === 0 || words.some((w) => page.name.toLowerCase().includes(w.trim().toLowerCase()));
}

/** The funnel page's table: its first 300 rows, furthest above expected first. */
const TABLE = 'sort=z_adjusted&order=desc&limit=300';

function pagesFor(s: ScaleSizes): Page[] {
  const icb = 0;
  const practices = Array.from({ length: s.practices }, (_, i) => i).filter((i) => icbOf(i, s) === icb);
  const inIcb = practices.map(practiceCode);
  const indicators = Array.from({ length: s.indicators }, (_, k) => indicatorCode(k));
  const area = icbCode(icb);
  return [
    // the funnel page asks for two answers: every practice as a point, and the summary with its table's 300 rows
    { name: 'England funnel: points', paths: indicators.map((c) => `/api/indicators/${c}/funnel/points`) },
    {
      name: 'England funnel: summary and table',
      paths: indicators.map((c) => `/api/indicators/${c}/funnel?${TABLE}`),
    },
    // every row in full, as an API client downloading the whole funnel asks (not the page)
    { name: 'England funnel: every row (API)', paths: indicators.map((c) => `/api/indicators/${c}/funnel`) },
    {
      name: "one ICB's funnel: points",
      paths: indicators.map((c) => `/api/indicators/${c}/funnel/points?area=${area}`),
    },
    {
      name: "one ICB's funnel: summary and table",
      paths: indicators.map((c) => `/api/indicators/${c}/funnel?area=${area}&${TABLE}`),
    },
    // a practice's page lists its indicators, then asks each chart's series as the chart nears the screen
    {
      name: "a practice's indicators: list",
      paths: inIcb.map((p) => `/api/organisations/${p}/indicator-list`),
    },
    {
      name: "a practice's indicators: one chart's series",
      paths: inIcb.map(
        (p, i) => `/api/organisations/${p}/indicators?indicator=${indicators[i % indicators.length]}`,
      ),
    },
    // every indicator's every figure at once, as an API client asks (the page did until now)
    {
      name: "a practice's indicators: every figure (API)",
      paths: inIcb.map((p) => `/api/organisations/${p}/indicators`),
    },
    { name: "a practice's spine", paths: inIcb.map((p) => `/api/practices/${p}/spine`) },
    { name: "a practice's tier", paths: inIcb.map((p) => `/api/practices/${p}/tier`) },
    { name: "an ICB's tiers", paths: [`/api/tiers?area=${area}`] },
    { name: "an ICB's overview (page)", paths: [`/api/organisations/${area}`] },
    { name: "an ICB's overview (indicators)", paths: [`/api/organisations/${area}/indicator-list`] },
  ];
}

// no answer within the run: the percentiles are above its length, not a number
const msOf = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(0));
const latencyLine = (l: PageLatency) =>
  `| ${l.page} | ${l.clients} | ${fmt(l.firstMs)} | ${fmt(l.requests)} | ${fmt(l.perSecond)} | ${msOf(l.p50)} | ${msOf(l.p95)} | ${msOf(l.p99)} | ${l.errors} | ${l.non2xx} | ${l.timeouts} | ${fmt(l.drainMs / 1000)}${l.restarted ? ' (restarted)' : ''} | ${loadNow()} |`;

export async function scaleBench(): Promise<void> {
  const base = process.env.LANTERN_BENCH_DATABASE_URL;
  if (!base) {
    process.stderr.write(
      'npm run bench -- scale: set LANTERN_BENCH_DATABASE_URL to a PostgreSQL server it may create a database on (e.g. postgres://postgres@127.0.0.1:5432/postgres); the scale benchmark runs on PostgreSQL only.\n',
    );
    process.exitCode = 1;
    return;
  }
  const s: ScaleSizes = {
    practices: positive('LANTERN_SCALE_PRACTICES', 6500),
    indicators: positive('LANTERN_SCALE_INDICATORS', 100),
    months: positive('LANTERN_SCALE_MONTHS', 120),
    icbs: positive('LANTERN_SCALE_ICBS', 42),
  };
  const pgliteMonths = Math.min(s.months, positive('LANTERN_SCALE_PGLITE_MONTHS', 6));
  const seconds = positive('LANTERN_SCALE_SECONDS', 60);
  const drainSeconds = positive('LANTERN_SCALE_DRAIN_SECONDS', 60);
  const name = process.env.LANTERN_SCALE_DB ?? 'lantern_scale';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`LANTERN_SCALE_DB must be a plain lower-case database name, got "${name}"`);
  // reuse: the latency part alone, on a database a run kept (built with the same sizes, whose codes it asks for)
  const reuse = process.env.LANTERN_SCALE_REUSE === '1';
  const keep = reuse || process.env.LANTERN_SCALE_KEEP === '1';
  const started = new Date().toISOString();
  const loadBefore = loadNow();
  const tmp = mkdtempSync(join(tmpdir(), 'lantern-scale-'));
  const rows: Row[] = [];
  const print = (r: Row) => {
    r.load = loadNow();
    rows.push(r);
    say(rowLine(r));
  };

  say(
    `## Scale: ${fmt(s.practices)} practices × ${s.indicators} indicators × ${s.months} months (+1 new), ${s.icbs} ICBs; PGlite ${pgliteMonths} months; latency ${seconds} s per run`,
  );
  say(`started ${started}; load average before (1, 5, 15 min): ${loadBefore}`);
  async function measureStore(db: Database): Promise<void> {
    // whether the server analyses written tables by itself matters to the plans of what follows a bulk write
    const [server] = await db.query<{ version: string; autovacuum: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('autovacuum') AS autovacuum`,
    );
    say(`PostgreSQL ${server!.version}, autovacuum ${server!.autovacuum}\n`);
    sayTableHead();
    for (const r of await buildSet(db, s, s.months, tmp)) print(r);
    const lite = await openDatabase({ dataDir: 'memory://' });
    try {
      for (const r of await buildSet(lite, s, pgliteMonths, tmp)) print(r);
    } finally {
      await lite.close();
    }

    const [full, tFull] = await time(() => computeResults(db));
    print({
      phase: '3. full compute',
      db: db.kind,
      rows: full.results,
      ms: tFull,
      note: `${full.computed} periods fitted; rows are practices' figures the fits give (none written per practice)`,
    });

    const counts = monthCounts(s, s.months);
    const file = writeMonthFile(tmp, s, counts);
    const [, tNew] = await time(() => ingestFile(db, file));
    print({ phase: '4. new month: ingest', db: db.kind, rows: counts.numerator.length, ms: tNew });
    const [inc, tInc] = await time(() => computeResults(db));
    print({
      phase: '4. new month: compute',
      db: db.kind,
      rows: inc.results,
      ms: tInc,
      note: `${inc.computed} periods computed, ${inc.unchanged} unchanged`,
    });

    const [none, tNone] = await time(() => computeResults(db));
    print({
      phase: '5. nothing changed: compute (in process)',
      db: db.kind,
      rows: none.periods,
      ms: tNone,
      note: `${none.computed} computed, ${none.unchanged} unchanged; rows are periods checked`,
    });
    for (const run of ['first', 'second']) {
      const p = computeProcess(url);
      print({
        phase: `5. nothing changed: \`lantern compute\` process (${run})`,
        db: db.kind,
        rows: none.periods,
        ms: p.ms,
        note: `start-up, compute and alerts; it said: ${p.line}`,
      });
    }
    for (const r of await storage(db)) print(r);
  }

  // LANTERN_SCALE_RECOMPUTE=N with LANTERN_SCALE_REUSE=1: phase 3 again on the kept set, N times, every period
  // recomputed as if none were stored (the code of the day on the data as it was built)
  const recomputeRuns = Number(process.env.LANTERN_SCALE_RECOMPUTE ?? 0);
  async function recomputeKept(db: Database, runs: number) {
    say('');
    sayTableHead();
    for (let run = 1; run <= runs; run++) {
      const [full, t] = await time(() => computeResults(db, { force: true }));
      print({
        phase: `3. full compute, every period again on the kept set (run ${run} of ${runs})`,
        db: db.kind,
        rows: full.results,
        ms: t,
        note: `${full.computed} periods fitted`,
      });
    }
  }

  const url = reuse ? databaseUrlOf(base, name) : await freshDatabase(base, name);
  const latency: PageLatency[] = [];
  try {
    const db = await openDatabase({ databaseUrl: url });
    try {
      if (reuse) {
        say(`LANTERN_SCALE_REUSE=1: the kept database ${name} as it is; phases 1–6 not run`);
        if (recomputeRuns > 0) await recomputeKept(db, recomputeRuns);
      } else await measureStore(db);
    } finally {
      await db.close();
    }

    // LANTERN_SCALE_LATENCY=0: phases 1–6 only (the ingest and compute figures, without serving)
    if (process.env.LANTERN_SCALE_LATENCY === '0') say('\nLANTERN_SCALE_LATENCY=0: latency (7) not measured');
    else {
      const server = await startServer(url, icbCode(0), tmp);
      try {
        say(`\n### 7. Latency: \`lantern serve\` under autocannon, ${seconds} s per run (ms)\n`);
        // the pages are measured as users meet them after a start: once the process has made its tier evaluation and
        // spreads ahead (how long that took is said here; a request before then waits for it)
        const ahead = await server.madeAhead(600_000);
        say(
          ahead
            ? `Made ahead of asking, ${fmt(ahead.ms)} ms after the start (load ${loadNow()}): ${ahead.message}\n`
            : 'Nothing was made ahead of asking within 600 s of the start.\n',
        );
        say(
          '| page | clients | first request | requests | requests/s | p50 | p95 | p99 | errors | non-2xx | timeouts | drained (s) | load 1/5/15 min |',
        );
        say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
        for (const page of pagesFor(s).filter(chosenPage))
          for (const clients of [50, 200]) {
            const l = await measurePage(server, page, clients, seconds, drainSeconds);
            latency.push(l);
            say(latencyLine(l));
          }
      } finally {
        await server.stop();
      }
    }
  } finally {
    if (!keep) await dropDatabase(base, name);
    rmSync(tmp, { recursive: true, force: true });
  }
  const ingestRatios = ['postgres', 'pglite'].map((k) => {
    const bare = rows.find((r) => r.db === k && r.phase.startsWith('1.'));
    const indexed = rows.find((r) => r.db === k && r.phase.startsWith('1b.'));
    const ing = rows.find((r) => r.db === k && r.phase.startsWith('2.'));
    if (!bare || !indexed || !ing) return `${k} not measured`;
    return `${k} ${(indexed.ms / ing.ms).toFixed(2)} of a COPY with the values table's indexes, ${(bare.ms / ing.ms).toFixed(2)} of a bare one (${fmt(ing.rows)} rows)`;
  });
  console.log('\n---\n\n# Summary (Markdown)\n');
  console.log(out.join('\n'));
  console.log(`\n- ingest rate ÷ raw COPY rate: ${ingestRatios.join('; ')}`);
  console.log(
    `- load average (1, 5, 15 min): before ${loadBefore}; after ${loadNow()}; this machine has ${availableParallelism()} cores, shared`,
  );
  console.log(`- finished ${new Date().toISOString()}${keep ? `; database ${name} kept` : ''}`);
}

/**
 * Writing a parsed file: every check that needs the database, then all changes in one transaction.
 * A refused load writes nothing; a load of a file already loaded (same checksum and reader) changes nothing.
 * The parts have their own files: the checks (load-checks.ts), the values made ready (prepare-values.ts) and the
 * writers of organisations, links, populations and values (write-*.ts); their SQL is in src/db/repos/.
 */
import type { Database, Queryable } from '../db/connect.js';
import { refreshAggregates } from '../db/repos/aggregates.js';
import { saveIndicatorDefinition } from '../db/repos/indicators.js';
import { clipLinksToLifetimes } from '../db/repos/link-lifetimes.js';
import { closeUnlistedCcgs, recordRegisterListing } from '../db/repos/register-closures.js';
import { finishLoad, insertLoad, loadIdOfFile, lockFileLoad, raiseLoadWorkMem } from '../db/repos/loads.js';
import { analyzeIfOutgrown, type GrownTable } from '../db/repos/table-statistics.js';
import { checkCapacity } from './capacity-check.js';
import { LoadRejected, type CellProblem } from './errors.js';
import type { LoadBuilder } from './load-builder.js';
import { checkOrganisationTypes, existingOrganisations, resolveDefinitions } from './load-checks.js';
import type { LoadReport, Progress } from './load-report.js';
import { flagWarnings, indicatorPeriods, prepareValues } from './prepare-values.js';
import { writeLinks } from './write-links.js';
import { writeOrganisations } from './write-organisations.js';
import { writePopulations } from './write-populations.js';
import { writeValues } from './write-values.js';

export type { LoadReport, Progress } from './load-report.js';

/** A register's organisations recorded as listed at its date; returns how many that moved on. */
function recordRegister(tx: Queryable, b: LoadBuilder, register: NonNullable<LoadBuilder['register']>) {
  const codes = [...b.organisations.values()].filter((o) => o.type === register.type).map((o) => o.code);
  return recordRegisterListing(tx, register.type, register.asAt, codes);
}

/**
 * Rows written by one load to a table above which, if they are also this share of the table, its statistics are
 * refreshed inside the load's transaction (see analyzeIfOutgrown).
 */
const ANALYZE_AFTER: Record<GrownTable, number> = {
  indicator_values: 10_000,
  organisations: 500,
  organisation_links: 500,
};
const ANALYZE_AFTER_SHARE = 0.25;
const analyzeIfGrown = (tx: Queryable, table: GrownTable, added: number) =>
  added >= ANALYZE_AFTER[table] ? analyzeIfOutgrown(tx, table, added, ANALYZE_AFTER_SHARE) : false;

export async function writeLoad(
  db: Database,
  b: LoadBuilder,
  meta: { source: string; file: string; checksum: string },
  progress?: Progress,
): Promise<LoadReport> {
  const report: LoadReport = {
    loadId: null,
    source: meta.source,
    file: meta.file,
    alreadyLoadedAs: null,
    rowsRead: b.rowsRead,
    rowsSkipped: b.rowsSkipped,
    organisations: { added: 0, updated: 0, unverified: 0 },
    links: { changed: 0 },
    populations: { inserted: 0, updated: 0, unchanged: 0 },
    values: { inserted: 0, superseded: 0, unchanged: 0, flagged: 0 },
    warnings: [...b.warnings],
  };
  // a quick answer outside the transaction for the common case (the file was loaded some time ago)
  report.alreadyLoadedAs = await loadIdOfFile(db, meta.source, meta.checksum);
  if (report.alreadyLoadedAs !== null) return report;

  return db.transaction(async (tx) => {
    // Two loads of the same file at once (two uploads, `lantern ingest` beside a first start): the second waits here
    // for the first to commit or roll back, then finds its load.
    await lockFileLoad(tx, meta.source, meta.checksum);
    report.alreadyLoadedAs = await loadIdOfFile(tx, meta.source, meta.checksum);
    if (report.alreadyLoadedAs !== null) return report;
    await raiseLoadWorkMem(tx);
    // 1. checks that need the database
    const problems: CellProblem[] = [];
    const mentioned = new Set(b.organisations.keys());
    for (const l of b.links) mentioned.add(l.parent);
    const existing = await existingOrganisations(tx, [...mentioned]);
    checkOrganisationTypes(b, existing, problems);
    const definitions = await resolveDefinitions(tx, b, problems);
    const values = prepareValues(b, definitions, problems);
    const periods = indicatorPeriods(values);
    if (problems.length > 0) throw new LoadRejected(meta.file, problems);
    await checkCapacity(db, tx, meta.file, values.length);
    report.values.flagged = flagWarnings(b, values, definitions, meta.file, report.warnings);

    // 2. the load itself
    const id = await insertLoad(tx, {
      source: meta.source,
      file: meta.file,
      checksum: meta.checksum,
      rowsRead: b.rowsRead,
    });
    report.loadId = id;

    for (const d of b.indicators.values()) await saveIndicatorDefinition(tx, d, d.version);
    progress?.('organisations', 0, 1);
    await writeOrganisations(tx, [...b.organisations.values()], existing, id, report);
    const listed = b.register ? await recordRegister(tx, b, b.register) : 0;
    progress?.('links', 0, 1);
    await writeLinks(tx, b, id, report);
    // a close date learnt from this file (or a merger found, or a CCG a register no longer lists) ends links other
    // files laid down
    if (
      listed > 0 ||
      report.links.changed > 0 ||
      report.organisations.added + report.organisations.updated > 0
    ) {
      report.links.changed += await closeUnlistedCcgs(tx, id);
      report.links.changed += await clipLinksToLifetimes(tx);
    }
    // a reference file's geography changes the shape of what values are read with (see analyzeIfOutgrown)
    await analyzeIfGrown(tx, 'organisations', report.organisations.added);
    await analyzeIfGrown(tx, 'organisation_links', report.links.changed);
    await writePopulations(tx, b, id, report, progress);
    await writeValues(tx, values, periods, id, report, progress);
    await analyzeIfGrown(tx, 'indicator_values', values.length);
    // benchmarks: all of them when CCG membership changed, else those of the indicators this file touched
    progress?.('benchmarks', 0, 1);
    if (report.links.changed > 0) await refreshAggregates(tx, null);
    else if (values.length > 0) await refreshAggregates(tx, periods);

    await finishLoad(tx, id, {
      rowsAccepted: b.rowsRead - b.rowsSkipped,
      rowsUnchanged: report.values.unchanged + report.populations.unchanged,
      rowsSuperseded: report.values.superseded + report.populations.updated,
      warnings: report.warnings,
    });
    return report;
  });
}

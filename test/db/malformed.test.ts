/**
 * Every reader refuses malformed input with a message naming the file, line, column, value and expectation,
 * and the database is unchanged afterwards. Fixtures are small extracts of the real files in ../shared/data,
 * made at test time and corrupted one way at a time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../src/db/connect.js';
import { ingestFile, ingestFolder } from '../../src/ingest/ingest-file.js';
import { LoadRejected } from '../../src/ingest/errors.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { describeEachDatabase, tableCounts } from './databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';

interface Format {
  source: string;
  file: string;
  /** the organisation code column (header name; c1… for headerless files) */
  code: string;
  /** a count column that must be ≥ 0 */
  count?: string;
  /** a numerator that must not exceed its denominator */
  proportion?: [string, string];
  /** which data record to corrupt (default: the first) */
  pick?: (cells: Record<string, string>) => boolean;
}

const FORMATS: Format[] = [
  { source: 'ods-eccg', file: 'ods/eccg_2016-01.csv', code: 'c1' },
  { source: 'ods-epraccur', file: 'ods/epraccur_2016-01.csv', code: 'c1' },
  { source: 'ods-trusts', file: 'ods/nhs_trusts_2023.csv', code: 'Trust_ODS_Code' },
  { source: 'qof-geography', file: 'ods/practice_pcn_ccg_stp_region_2020-21.csv', code: 'PRACTICE_CODE' },
  { source: 'ccg-to-icb', file: 'ods/ccg_to_icb_2022.csv', code: 'ICB Code' },
  {
    source: 'list-size-quarterly',
    file: 'registered_patients/list_size_age_sex_quarterly_2014-2016/Patient_List_Size_2015_10-12.csv',
    code: 'Practice Code',
    count: 'Male 0-4',
  },
  {
    source: 'gp-reg-pat-prac-all',
    file: 'registered_patients/gp-reg-pat-prac-all_2021-01.csv',
    code: 'CODE',
    count: 'NUMBER_OF_PATIENTS',
  },
  {
    source: 'qof-prevalence',
    file: 'qof/2019-20/PREVALENCE_1920.csv',
    code: 'PRACTICE_CODE',
    count: 'PATIENT_LIST_SIZE',
  },
  {
    source: 'qof-organisation-reference',
    file: 'qof/2019-20/ORGANISATION_REFERENCE_1920.csv',
    code: 'PRACTICE_CODE',
    count: 'REVISED_MAXIMUM_POINTS',
  },
  {
    source: 'qof-validation',
    file: 'qof/2020-21/PRACTICE_VALIDATION_OUTCOMES_2021.csv',
    code: 'PRACTICE_CODE',
    count: 'VALIDATION_RULE',
  },
  {
    source: 'qof-domain-2017-19',
    file: 'qof/2017-18_2018-19_prevalence_by_domain/qofGP_lifestyle.csv',
    code: 'practiceCode',
    count: 'OB_N_1819',
  },
  {
    source: 'qof-cvd-2023-24',
    file: 'qof/2023-24/qof_cvd_achievement_prevalence_2023-24.csv',
    code: 'Practice.Code',
    count: 'Achievement_AF',
  },
  {
    source: 'qof-vaccination-2023-24',
    file: 'qof/2023-24/qof_vaccination_achievement_2023-24.csv',
    code: 'Practice code',
    count: 'perc_achievement',
  },
  {
    source: 'qof-ccg-prevalence',
    file: 'qof/2013-14/qof_prevalence_by_ccg_2013-14.csv',
    code: 'ccgcode',
    count: 'disease_register_size',
  },
  {
    source: 'gpps',
    file: 'gp_patient_survey/gpps_2023_practice_experience_subset.csv',
    code: 'Practice_Code',
    count: 'appointment_good',
  },
  {
    source: 'openprescribing-ktt9',
    file: 'prescribing/manchester_ktt9_antibiotic_items_per_starpu_2014-10_2019-09.csv',
    code: 'org_id',
    count: 'numerator',
  },
  {
    source: 'openprescribing-antibacterials',
    file: 'prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
    code: 'id',
    count: 'y_items',
  },
  {
    source: 'fingertips-imd',
    file: 'deprivation/fingertips_93553_imd_score_by_practice_2010_2015_2019.csv',
    code: 'AreaCode',
    count: 'Value',
  },
  {
    source: 'fingertips-export',
    file: 'deprivation/fingertips_export_93553_imd2019_gp.csv',
    code: 'Area Code',
    count: 'Value',
    pick: (c) => c['Area Type'] !== 'England',
  },
  {
    source: 'cqc-ratings',
    file: 'cqc/cqc_gp_latest_ratings_2024-04.csv',
    code: 'Practice.Code',
    count: 'Year',
  },
  {
    source: 'gp-workforce',
    file: 'workforce/gp_workforce_by_practice_2023-2025.csv',
    code: 'Practice.Code',
    count: 'TOTAL_PATIENTS',
  },
  {
    source: 'gp-payments',
    file: 'payments/nhs_payments_to_general_practice_2014-15_to_2022-23.csv',
    code: 'practice_code',
    count: 'registered_patients',
  },
  {
    source: 'ae-monthly',
    file: 'provider/ae_attendances_2016-04_2019-03.csv',
    code: 'org_code',
    count: 'attendances',
    proportion: ['breaches', 'attendances'],
  },
  {
    source: 'ae-2022',
    file: 'provider/healthyr_snapshots/ae_attendances_by_trust_2022_single_month.csv',
    code: 'Trust Code',
    count: 'No. Attendance Total',
    pick: (c) => c['No. Attendance Total'] !== 'NA',
  },
  {
    source: 'rtt-2022',
    file: 'provider/healthyr_snapshots/rtt_waiting_times_by_trust_2022_single_month.csv',
    code: 'Trust Code',
    count: 'Total Waiting List',
    proportion: ['Waiting 18+ Weeks', 'Total Waiting List'],
    pick: (c) => c['Referral Treatment Type'] === 'Incomplete Pathways',
  },
  {
    source: 'cancer-2022',
    file: 'provider/healthyr_snapshots/cancer_waiting_times_by_trust_2022_single_month.csv',
    code: 'Trust Code',
    count: 'Total Treated',
    proportion: ['Within Standard', 'Total Treated'],
  },
  {
    source: 'diagnostics-2022',
    file: 'provider/healthyr_snapshots/diagnostic_waiting_times_by_trust_2022_single_month.csv',
    code: 'Trust Code',
    count: 'Waiting List Total',
    proportion: ['Waiting 6+ weeks', 'Waiting List Total'],
    pick: (c) => c['Waiting List Total'] !== 'NA',
  },
  {
    source: 'referrals-2022',
    file: 'provider/healthyr_snapshots/outpatient_referrals_by_trust_2022_single_month.csv',
    code: 'Trust Code',
    count: 'GP Referrals Made (All)',
    pick: (c) => c['GP Referrals Made (All)'] !== 'NA',
  },
  {
    source: 'beds-2022',
    file: 'provider/healthyr_snapshots/bed_occupancy_by_trust_2022_quarter.csv',
    code: 'Trust Code',
    count: '% General Acute Night Beds Occupied',
    pick: (c) => c['% General Acute Night Beds Occupied'] !== 'NA',
  },
];

/** A small extract (header + 30 records) of a real file, as CSV lines, with the line to corrupt. */
function extract(f: Format): { header: string[] | null; lines: string[]; target: number } {
  const text = readFileSync(shared(f.file), 'utf8').replace(/\r\n/g, '\n');
  const all = text.split('\n').filter((l) => l !== '');
  const headerless = /^c\d+$/.test(f.code);
  const header = headerless
    ? null
    : (parse(all[0], { delimiter: all[0].includes(';') ? ';' : ',' })[0] as string[]);
  const lines = all.slice(0, 31);
  let target = headerless ? 0 : 1;
  if (f.pick && header) {
    const delimiter = all[0].includes(';') ? ';' : ',';
    target = lines.findIndex(
      (l, i) =>
        i > 0 &&
        f.pick!(Object.fromEntries((parse(l, { delimiter })[0] as string[]).map((v, j) => [header[j], v]))),
    );
  }
  return { header, lines, target };
}

function setCell(f: Format, line: string, header: string[] | null, column: string, value: string): string {
  const delimiter = line.includes(';') && !line.includes(',') ? ';' : f.file.includes('qofGP_') ? ';' : ',';
  const cells = parse(line, { delimiter, relax_quotes: true })[0] as string[];
  const i = header ? header.indexOf(column) : Number(column.slice(1)) - 1;
  if (i < 0) throw new Error(`fixture: no column ${column} in ${f.file}`);
  cells[i] = value;
  return cells
    .map((c) => (/[",;]/.test(c) || /^c\d+$/.test(f.code) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(delimiter);
}

type Case = {
  name: string;
  /** whether the corruption applies to the format (it has a count or a proportion to corrupt) */
  applies?: (f: Format) => boolean;
  build: (f: Format, x: ReturnType<typeof extract>) => Buffer;
  message: (f: Format, line: number) => RegExp;
};

const CASES: Case[] = [
  {
    name: 'bad organisation code',
    build: (f, x) =>
      Buffer.from(
        x.lines.map((l, i) => (i === x.target ? setCell(f, l, x.header, f.code, 'X1') : l)).join('\n') + '\n',
      ),
    message: (f, line) => new RegExp(`line ${line}, column ${escape(f.code)}: expected .*code.*got "X1"`),
  },
  {
    name: 'negative count',
    applies: (f) => f.count !== undefined,
    build: (f, x) =>
      Buffer.from(
        x.lines.map((l, i) => (i === x.target ? setCell(f, l, x.header, f.count!, '-5') : l)).join('\n') +
          '\n',
      ),
    message: (f, line) =>
      new RegExp(`line ${line}, column ${escape(f.count!)}: expected .*(≥ 0|number).*got "-5"`),
  },
  {
    name: 'numerator larger than its denominator',
    applies: (f) => f.proportion !== undefined,
    build: (f, x) => {
      const [num, den] = f.proportion!;
      return Buffer.from(
        x.lines
          .map((l, i) =>
            i === x.target ? setCell(f, setCell(f, l, x.header, den, '100'), x.header, num, '150') : l,
          )
          .join('\n') + '\n',
      );
    },
    message: (f, line) =>
      new RegExp(
        `line ${line}, column ${escape(f.proportion![0])}: expected a count no larger than its denominator \\(100\\), got "150"`,
      ),
  },
  {
    name: 'wrong column count',
    build: (f, x) =>
      Buffer.from(
        x.lines
          .map((l, i) => (i === x.target ? `${l}${f.file.includes('qofGP_') ? ';' : ','}"extra"` : l))
          .join('\n') + '\n',
      ),
    message: (_f, line) => new RegExp(`line ${line}: expected \\d+ columns`),
  },
  {
    name: 'non-UTF-8 bytes',
    build: (_f, x) => {
      const text = x.lines.join('\n') + '\n';
      const at = text.indexOf('\n', text.indexOf('\n') + 1) + 3; // inside line 3
      return Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text.slice(at)),
      ]);
    },
    message: () => /line 3: expected text encoded as UTF-8.*got "byte 0xff"/,
  },
  {
    name: 'duplicate row',
    build: (_f, x) =>
      Buffer.from(
        [...x.lines.slice(0, x.target + 1), x.lines[x.target], ...x.lines.slice(x.target + 1)].join('\n') +
          '\n',
      ),
    message: (_f, line) => new RegExp(`line ${line + 1}.*(once|repeats line ${line})`),
  },
  { name: 'empty file', build: () => Buffer.from(''), message: () => /this file is empty/ },
  {
    name: 'truncated file',
    build: (_f, x) => {
      // the download stopped one character after the first delimiter of the last line
      const last = x.lines[x.lines.length - 1];
      const cut =
        Math.max(last.indexOf(','), last.indexOf(';')) > 0
          ? Math.min(...[last.indexOf(','), last.indexOf(';')].filter((i) => i > 0)) + 1
          : 2;
      return Buffer.from([...x.lines.slice(0, -1), last.slice(0, cut)].join('\n'));
    },
    message: (_f) => new RegExp(`line \\d+`),
  },
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const dir = mkdtempSync(join(tmpdir(), 'lantern-malformed-'));

if (HAS_SHARED_DATA)
  describeEachDatabase('malformed input is refused and changes nothing', (t) => {
    let db: Database;
    beforeAll(async () => {
      db = await t.open();
      await ingestFolder(db, writeSyntheticArea(join(dir, `synthetic-${t.name}`))); // a store that is not empty
    });
    afterAll(() => t.dispose(db));

    it('every reader is covered by this matrix', async () => {
      const { READERS } = await import('../../src/ingest/readers/index.js');
      const covered = new Set([...FORMATS.map((f) => f.source), 'generic-indicator']);
      expect(READERS.map((r) => r.source).filter((s) => !covered.has(s))).toEqual([]);
    });

    for (const f of FORMATS)
      for (const c of CASES.filter((k) => k.applies?.(f) ?? true))
        it(`${f.source}: ${c.name}`, async () => {
          const x = extract(f);
          const bytes = c.build(f, x);
          const sub = join(dir, `${t.name}-${f.source}-${c.name.replace(/\W+/g, '-')}`);
          mkdirSync(sub, { recursive: true });
          const path = join(sub, basename(f.file));
          writeFileSync(path, bytes);
          const before = await tableCounts(db);
          const error = await ingestFile(db, path, { source: f.source }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(LoadRejected);
          const message = (error as Error).message;
          expect(message).toContain(basename(f.file));
          expect(message).toMatch(c.message(f, x.target + 1));
          expect(message).toMatch(/Nothing was loaded/);
          expect(await tableCounts(db)).toEqual(before);
        });
  });

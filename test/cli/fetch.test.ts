/**
 * `lantern fetch` against a local HTTP server that serves the sample data at the publishers' paths (BASE/host/path,
 * as a mirror): a good fetch loads what a direct ingest of the same file loads; fetching again changes nothing;
 * a 404, an HTML page, a truncated body, a broken zip and an oversized file are refused with the publication,
 * period and URL named, and change nothing; no host but the base URL's is ever asked; the temporary folder is
 * left empty. Once through `bin/lantern.js fetch`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Database } from '../../src/db/connect.js';
import { CATALOGUE, newestExpectedPeriod, publication } from '../../src/fetch/catalogue.js';
import {
  fetchDue,
  FetchFailed,
  fetchPublication,
  mirrored,
  type FetchOptions,
} from '../../src/fetch/fetch.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { READERS } from '../../src/ingest/readers/index.js';
import { catalogueText } from '../../src/cli/commands/fetch.js';
import { registeredPatientsTotal } from '../../src/ingest/readers/populations.js';
import { parseWith } from '../../src/ingest/reader.js';
import { readCsvFile } from '../../src/ingest/csv-file.js';
import { adminSql, DATABASES, PG_URL, tableCounts } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';

const REGISTERED = shared('registered_patients/gp-reg-pat-prac-all_2021-01.csv');
const ECCG = shared('ods/eccg_2018-11.csv');
const VALIDATION = shared('qof/2020-21/PRACTICE_VALIDATION_OUTCOMES_2021.csv');
const GP_PAGE =
  '/digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/';
const QOF_PAGE =
  '/digital.nhs.uk/data-and-information/publications/statistical/quality-and-outcomes-framework-achievement-prevalence-and-exceptions-data/';

/** A zip archive written from the format's specification (local headers, central directory, end record), deflated. */
function zip(files: Array<[string, Buffer]>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(n.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, n, packed);
    central.push(entry, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const page = (...links: string[]) =>
  `<!DOCTYPE html><html><body><h1>Publication</h1>${links.map((l) => `<a href="${l}">${l}</a>`).join('')}<a href="https://www.gov.uk/">GOV.UK</a></body></html>`;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const send =
  (body: Buffer | string, type: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

// the routes: what a mirror of the publishers would hold, plus broken variants at other periods
const routes = new Map<string, Handler>();
const requests: string[] = [];
let server: Server;
let base = '';
let temp = '';
const fetchedUrls: string[] = [];

// the registered-patients file's header and first 300 practices, to keep the loads quick
const fixtures = mkdtempSync(join(tmpdir(), 'lantern-fetch-fixtures-'));
const REGISTERED_300 = join(fixtures, 'gp-reg-pat-prac-all.csv');

if (HAS_SHARED_DATA) {
  writeFileSync(REGISTERED_300, readFileSync(REGISTERED, 'utf8').split('\n').slice(0, 301).join('\n') + '\n');
  const registered = readFileSync(REGISTERED_300);
  const qofZip = zip([
    [
      'QOF2021/MAPPING_INDICATORS_2021_v2.csv',
      readFileSync(shared('qof/2020-21/MAPPING_INDICATORS_2021_v2.csv')),
    ],
    ['QOF2021/PRACTICE_VALIDATION_OUTCOMES_2021.csv', readFileSync(VALIDATION)],
  ]);
  // January 2021: the page links the file, whose address redirects to another host (kept on the mirror)
  routes.set(
    `${GP_PAGE}january-2021`,
    send(
      page(
        'https://files.digital.nhs.uk/11/9809CA/gp-reg-pat-prac-map.csv',
        'https://files.digital.nhs.uk/F1/3E4D66/gp-reg-pat-prac-all.csv',
      ),
      'text/html; charset=utf-8',
    ),
  );
  routes.set('/files.digital.nhs.uk/F1/3E4D66/gp-reg-pat-prac-all.csv', (_req, res) => {
    res.writeHead(302, { location: 'https://cdn.files.example/store/gp-reg-pat-prac-all.csv' });
    res.end();
  });
  routes.set('/cdn.files.example/store/gp-reg-pat-prac-all.csv', send(registered, 'text/csv'));
  // February: the link answers with an HTML page (a sign-in or error page)
  routes.set(
    `${GP_PAGE}february-2021`,
    send(page('https://files.digital.nhs.uk/A2/000002/gp-reg-pat-prac-all.csv'), 'text/html'),
  );
  routes.set(
    '/files.digital.nhs.uk/A2/000002/gp-reg-pat-prac-all.csv',
    send('<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>', 'text/html'),
  );
  // March: the body stops short of its Content-Length
  routes.set(
    `${GP_PAGE}march-2021`,
    send(page('https://files.digital.nhs.uk/A3/000003/gp-reg-pat-prac-all.csv'), 'text/html'),
  );
  routes.set('/files.digital.nhs.uk/A3/000003/gp-reg-pat-prac-all.csv', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': registered.length });
    res.write(registered.subarray(0, Math.floor(registered.length / 2)), () => res.destroy());
  });
  // QOF 2021-22: a zip whose mapping file has renamed columns, and no validation file
  const mapping = readFileSync(shared('ods/practice_pcn_ccg_stp_region_2020-21.csv'), 'utf8').split('\n');
  routes.set(
    `${QOF_PAGE}2021-22`,
    send(page('https://files.digital.nhs.uk/90/6F833F/QOF_2122_V2.zip'), 'text/html'),
  );
  routes.set(
    '/files.digital.nhs.uk/90/6F833F/QOF_2122_V2.zip',
    send(
      zip([
        [
          'MAPPING_NHS_GEOGRAPHIES_2122.csv',
          Buffer.from(
            [mapping[0].replace('CCG_ODS_CODE', 'SUB_ICB_LOC_ODS_CODE'), ...mapping.slice(1, 50)].join('\n'),
          ),
        ],
      ]),
      'application/zip',
    ),
  );
  // QOF 2018-19: a zip whose member's path climbs out of any folder it is extracted to
  routes.set(
    `${QOF_PAGE}2018-19`,
    send(page('https://files.digital.nhs.uk/1A/2B3C4D/QOF_1819.zip'), 'text/html'),
  );
  routes.set(
    '/files.digital.nhs.uk/1A/2B3C4D/QOF_1819.zip',
    send(
      zip([['../../../lantern-escape/PRACTICE_VALIDATION_OUTCOMES_2021.csv', readFileSync(VALIDATION)]]),
      'application/zip',
    ),
  );
  // April 2021: the file's headers arrive, then nothing
  routes.set(
    `${GP_PAGE}april-2021`,
    send(page('https://files.digital.nhs.uk/A4/000004/gp-reg-pat-prac-all.csv'), 'text/html'),
  );
  routes.set('/files.digital.nhs.uk/A4/000004/gp-reg-pat-prac-all.csv', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.write('PUBLICATION,EXTRACT_DATE');
  });
  // ODS: a report served at a fixed address with a query string
  const eccg = readFileSync(ECCG);
  routes.set('/www.odsdatasearchandexport.nhs.uk/api/getReport', (req, res) =>
    req.url!.endsWith('?report=eccg') ? send(eccg, 'text/csv')(req, res) : (res.writeHead(404), res.end()),
  );
  // QOF 2020-21: the raw-data zip; 2019-20: the zip cut short (no Content-Length to tell)
  routes.set(
    `${QOF_PAGE}2020-21`,
    send(page('https://files.digital.nhs.uk/AC/3C964F/QOF2021_v2.zip'), 'text/html'),
  );
  routes.set('/files.digital.nhs.uk/AC/3C964F/QOF2021_v2.zip', send(qofZip, 'application/zip'));
  routes.set(
    `${QOF_PAGE}2019-20`,
    send(page('https://files.digital.nhs.uk/E2/BF16AA/QOF_1920.zip'), 'text/html'),
  );
  routes.set('/files.digital.nhs.uk/E2/BF16AA/QOF_1920.zip', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/zip' });
    res.end(qofZip.subarray(0, Math.floor(qofZip.length * 0.6)));
  });
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'lantern-fetch-test-'));
  server = createServer((req, res) => {
    requests.push(`${req.headers.host}${req.url}`);
    const handler = routes.get(req.url!.split('?')[0]);
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>Page not found</title>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // every request any fetch makes, to prove that only the base URL's host is asked
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    fetchedUrls.push(String(input instanceof Request ? input.url : input));
    return real(input, init);
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  rmSync(temp, { recursive: true, force: true });
  rmSync(fixtures, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the catalogue', () => {
  it('lists every reader once, and says of each publication either how it is fetched or why it is not', () => {
    expect(CATALOGUE.map((p) => p.reader).sort()).toEqual(READERS.map((r) => r.source).sort());
    for (const p of CATALOGUE) {
      expect(p.landingPage).toBeTruthy();
      if (!p.fetch) expect(p.note, p.id).toBeTruthy();
    }
  });

  it('prints the catalogue with the newest period expected today (--list)', () => {
    const text = catalogueText('2026-12-06');
    for (const p of CATALOGUE) expect(text).toContain(`${p.id}  —  ${p.title}`);
    expect(text).toContain(
      `newest expected: 2026-11; looked up on the publication page https:/${GP_PAGE}november-2026`,
    );
    expect(text).toContain('not fetched: CQC publishes');
  });

  it('computes the newest period that should be out', () => {
    const monthly = publication('gp-reg-pat-prac-all')!.fetch!.periods;
    // published in the second week: before the 15th the newest is last month's
    expect(newestExpectedPeriod(monthly, '2026-12-06')).toBe('2026-11');
    expect(newestExpectedPeriod(monthly, '2026-12-15')).toBe('2026-12');
    expect(newestExpectedPeriod(monthly, '2026-01-10')).toBe('2025-12');
    const qof = publication('qof-prevalence')!.fetch!.periods;
    // 200 days after 31 March 2026 is 17 October 2026
    expect(newestExpectedPeriod(qof, '2026-10-16')).toBe('2024-25');
    expect(newestExpectedPeriod(qof, '2026-10-17')).toBe('2025-26');
    expect(newestExpectedPeriod(publication('ods-epraccur')!.fetch!.periods, '2026-12-06')).toBe('2026-12');
  });

  it.runIf(HAS_SHARED_DATA)(
    'reads the registered-patients file of July 2022 onwards (SUB_ICB_LOCATION_CODE for CCG_CODE) to the same links',
    () => {
      const before = parseWith(registeredPatientsTotal, readCsvFile(REGISTERED_300));
      const renamed = join(fixtures, 'gp-reg-pat-prac-all-2022.csv');
      const [header, ...rows] = readFileSync(REGISTERED_300, 'utf8').split('\n');
      writeFileSync(renamed, [header.replace(/\bCCG_CODE\b/g, 'SUB_ICB_LOCATION_CODE'), ...rows].join('\n'));
      expect(header).toContain(',CCG_CODE,ONS_CCG_CODE,');
      const after = parseWith(registeredPatientsTotal, readCsvFile(renamed));
      expect(after.links).toEqual(before.links);
      expect(after.links.length).toBe(300);
      expect(after.populations).toEqual(before.populations);
      const neither = join(fixtures, 'gp-reg-pat-prac-all-neither.csv');
      writeFileSync(neither, [header.replace(/\bCCG_CODE\b/g, 'AREA'), ...rows].join('\n'));
      expect(() => parseWith(registeredPatientsTotal, readCsvFile(neither))).toThrow(
        /column CCG_CODE: expected a header with the column "CCG_CODE" \(to June 2022\) or "SUB_ICB_LOCATION_CODE"/,
      );
    },
  );

  it('maps a publisher URL onto the mirror, host first, query kept', () => {
    expect(mirrored('https://files.digital.nhs.uk/F1/3E4D66/a.csv', 'http://mirror.local/nhs/')).toBe(
      'http://mirror.local/nhs/files.digital.nhs.uk/F1/3E4D66/a.csv',
    );
    expect(mirrored('https://x.example/api/r?report=eccg', 'http://m:8/')).toBe(
      'http://m:8/x.example/api/r?report=eccg',
    );
  });
});

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`lantern fetch [${t.name}]`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await t.open();
    });
    afterAll(() => t.dispose(db));
    const opts = (o: FetchOptions = {}): FetchOptions => ({
      baseUrl: base,
      tempRoot: temp,
      today: '2026-12-06',
      ...o,
    });
    const refused = async (id: string, o: FetchOptions, message: RegExp) => {
      const before = await tableCounts(db);
      const e = await fetchPublication(db, id, opts(o)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(FetchFailed);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).toMatch(/Nothing was loaded( from [^\n]+)?\.$/);
      expect(await tableCounts(db)).toEqual(before);
      expect(readdirSync(temp)).toEqual([]);
      return (e as Error).message;
    };

    it('loads a publication found on its page: the same rows as a direct ingest of the file', async () => {
      const r = await fetchPublication(db, 'gp-reg-pat-prac-all', opts({ period: '2021-01' }));
      expect(r.report.loadId).not.toBeNull();
      expect(r.url).toBe('https://files.digital.nhs.uk/F1/3E4D66/gp-reg-pat-prac-all.csv');
      expect(r.downloadChecksum).toBe(sha256(REGISTERED_300));
      const [load] = await db.query<{ file_name: string; checksum: string; source: string }>(
        'SELECT file_name, checksum, source FROM loads WHERE id = $1',
        [r.report.loadId],
      );
      expect(load).toEqual({
        file_name: 'gp-reg-pat-prac-all/2021-01/gp-reg-pat-prac-all.csv',
        checksum: sha256(REGISTERED_300),
        source: 'gp-reg-pat-prac-all',
      });
      expect(await contents(db)).toEqual(await directIngest());
      expect((await contents(db)).populations.length).toBe(
        readFileSync(REGISTERED_300, 'utf8').trim().split('\n').length - 1,
      );
      expect(readdirSync(temp)).toEqual([]);
    });

    it('changes nothing when the same file is fetched again', async () => {
      const before = await tableCounts(db);
      const [{ id }] = await db.query<{ id: number }>('SELECT max(id)::int AS id FROM loads');
      const r = await fetchPublication(db, 'gp-reg-pat-prac-all', opts({ period: '2021-01' }));
      expect(r.report.alreadyLoadedAs).toBe(id);
      expect(r.report.loadId).toBeNull();
      expect(await tableCounts(db)).toEqual(before);
    });

    it('loads a publication from its fixed address (the current file, named for this month)', async () => {
      const r = await fetchPublication(db, 'ods-eccg', opts());
      expect(r.url).toBe('https://www.odsdatasearchandexport.nhs.uk/api/getReport?report=eccg');
      const [load] = await db.query<{ file_name: string; checksum: string; rows_read: number }>(
        'SELECT file_name, checksum, rows_read FROM loads WHERE id = $1',
        [r.report.loadId],
      );
      expect(load).toEqual({
        file_name: 'ods-eccg/2026-12/getReport',
        checksum: sha256(ECCG),
        rows_read: readFileSync(ECCG, 'utf8').trim().split('\n').length,
      });
    });

    it('takes the CSV the reader expects out of a zip', async () => {
      const r = await fetchPublication(db, 'qof-validation', opts({ period: '2020-21' }));
      expect(r.file).toBe('PRACTICE_VALIDATION_OUTCOMES_2021.csv');
      const [load] = await db.query<{ checksum: string; rows_read: number }>(
        'SELECT checksum, rows_read FROM loads WHERE id = $1',
        [r.report.loadId],
      );
      // the load records the member's checksum; the download's is the zip's
      expect(load.checksum).toBe(sha256(VALIDATION));
      expect(r.downloadChecksum).not.toBe(sha256(VALIDATION));
      expect(load.rows_read).toBe(readFileSync(VALIDATION, 'utf8').trim().split('\n').length - 1);
    });

    it('writes a zip member only inside its temporary folder, whatever its path says', async () => {
      const r = await fetchPublication(db, 'qof-validation', opts({ period: '2018-19' }));
      expect(r.file).toBe('PRACTICE_VALIDATION_OUTCOMES_2021.csv');
      // the same bytes as the 2020-21 member: recognised by checksum, nothing loaded again
      expect(r.report.alreadyLoadedAs).not.toBeNull();
      for (const up of [tmpdir(), join(temp, '..'), join(temp, '..', '..')])
        expect(existsSync(join(up, 'lantern-escape')), up).toBe(false);
      expect(readdirSync(temp)).toEqual([]);
    });

    it('says "not published yet" for a period whose page is not there (latest on 6 December 2026 is November)', async () => {
      const m = await refused(
        'gp-reg-pat-prac-all',
        {},
        /^gp-reg-pat-prac-all 2026-11: .*not published yet for 2026-11\?/,
      );
      expect(m).toContain(`URL: https:/${GP_PAGE}november-2026`);
    });

    it('refuses an HTML page where the CSV should be', async () => {
      const m = await refused(
        'gp-reg-pat-prac-all',
        { period: '2021-02' },
        /an HTML page \(text\/html\) arrived instead of CSV/,
      );
      expect(m).toContain(
        `URL: https://files.digital.nhs.uk/A2/000002/gp-reg-pat-prac-all.csv (asked of ${base}/files.digital.nhs.uk/A2/000002/gp-reg-pat-prac-all.csv)`,
      );
    });

    it('refuses a truncated download', async () => {
      await refused('gp-reg-pat-prac-all', { period: '2021-03' }, /gp-reg-pat-prac-all 2021-03: .*truncated/);
    });

    it('refuses a zip cut short', async () => {
      await refused('qof-validation', { period: '2019-20' }, /the zip archive is not usable: .*truncated/);
    });

    it('refuses a file the reader does not accept, and a zip without the member expected', async () => {
      const m = await refused(
        'qof-geography',
        { period: '2021-22' },
        /the file from https:\/\/files\.digital\.nhs\.uk\/90\/6F833F\/QOF_2122_V2\.zip did not load:\n.*MAPPING_NHS_GEOGRAPHIES_2122\.csv line 1, column CCG_ODS_CODE: expected a header with the column "CCG_ODS_CODE"/,
      );
      expect(m.match(/Nothing was loaded/g)).toHaveLength(1);
      await refused(
        'qof-validation',
        { period: '2021-22' },
        /expected one member like PRACTICE_VALIDATION_OUTCOMES_YYZZ\.csv inside the QOF raw-data zip in the zip, found none among 1: MAPPING_NHS_GEOGRAPHIES_2122\.csv/,
      );
    });

    it('gives up on a download that stalls', async () => {
      await refused(
        'gp-reg-pat-prac-all',
        { period: '2021-04', timeoutMs: 300 },
        /no answer for 0 s \(timed out\) after 24 bytes/,
      );
    });

    it('refuses a download over the size limit', async () => {
      await refused(
        'gp-reg-pat-prac-all',
        { period: '2021-01', maxBytes: 10_000 },
        /bytes, over the limit of 10000/,
      );
    });

    it('refuses a publication that cannot be fetched, or a period in the wrong shape, naming what is expected', async () => {
      await refused('cqc-ratings', {}, /cannot be fetched: .*lantern ingest/);
      await refused(
        'qof-prevalence',
        { period: '2023' },
        /--period must be latest or a financial year such as 2023-24/,
      );
      await refused('openprescribing-ktt9', {}, /needs --org/);
    });

    it('--due fetches what is not loaded yet, and reports what could not be fetched', async () => {
      const before = await tableCounts(db);
      const out = await fetchDue(db, opts({ today: '2021-01-20' }));
      const by = Object.fromEntries(out.map((o) => [o.publication, o]));
      expect(by['gp-reg-pat-prac-all']).toMatchObject({ period: '2021-01', status: 'up to date' });
      // fetched again for January 2021: the same file as December's fetch, so nothing changes
      expect(by['ods-eccg']).toMatchObject({ period: '2021-01', status: 'unchanged' });
      expect(by['openprescribing-ktt9'].status).toBe('skipped');
      // QOF 2019-20 is the newest expected in January 2021: its zip is the broken one; ODS is not on this mirror
      expect(by['qof-prevalence']).toMatchObject({ period: '2019-20', status: 'failed' });
      expect(by['ods-epraccur'].status).toBe('failed');
      expect(by['ods-epraccur'].message).toMatch(/not found \(HTTP 404\)/);
      expect(out.map((o) => o.publication)).toEqual(CATALOGUE.filter((p) => p.fetch).map((p) => p.id));
      expect(await tableCounts(db)).toEqual(before);
    });

    it('asked no host but the base URL’s', () => {
      expect(fetchedUrls.length).toBeGreaterThan(10);
      for (const u of fetchedUrls) expect(u.startsWith(`${base}/`), u).toBe(true);
    });
  });
}

/** What a direct ingest of the same file writes, into a fresh embedded database (once for both databases). */
let direct: ReturnType<typeof contents> | null = null;
const directIngest = () =>
  (direct ??= (async () => {
    const embedded = DATABASES[0];
    const other = await embedded.open();
    try {
      await ingestFile(other, REGISTERED_300, { source: 'gp-reg-pat-prac-all' });
      return await contents(other);
    } finally {
      await embedded.dispose(other);
    }
  })());

/** Everything a load writes, without ids and times. */
async function contents(db: Database) {
  const out: Record<string, string[]> = {};
  for (const table of [
    'organisations',
    'organisation_links',
    'populations',
    'indicator_values',
    'indicator_aggregates',
  ]) {
    const rows = await db.query<{ r: Record<string, unknown> }>(`SELECT to_jsonb(t) AS r FROM ${table} t`);
    out[table] = rows
      .map(({ r }) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(r)
              .filter(([k]) => k !== 'id' && !k.includes('load') && !k.endsWith('_at'))
              .sort(),
          ),
        ),
      )
      .sort();
  }
  return out;
}

it.runIf(HAS_SHARED_DATA)('runs end to end through bin/lantern.js fetch', async () => {
  const store = mkdtempSync(join(tmpdir(), 'lantern-fetch-cli-'));
  // on a PostgreSQL server when there is one (an empty database migrates there in about a second), else embedded
  const database = PG_URL ? `lantern_fetch_cli_${process.pid}` : null;
  const databaseUrl = database
    ? Object.assign(new URL(PG_URL!), { pathname: `/${database}` }).toString()
    : '';
  if (database) await adminSql(`CREATE DATABASE ${database}`);
  const zipPath = `${new URL(base).host}/files.digital.nhs.uk/AC/3C964F/QOF2021_v2.zip`;
  const askedBefore = requests.filter((r) => r === zipPath).length;
  try {
    const child = spawn(
      process.execPath,
      [
        new URL('../../bin/lantern.js', import.meta.url).pathname,
        'fetch',
        'qof-validation',
        '--period',
        '2020-21',
        '--base-url',
        base,
      ],
      {
        env: {
          ...process.env,
          LANTERN_DATA_DIR: join(store, 'data'),
          DATABASE_URL: databaseUrl,
          LANTERN_FETCH_BASE_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(out).toContain('qof-validation 2020-21: ');
    expect(out).toMatch(/from https:\/\/files\.digital\.nhs\.uk\/AC\/3C964F\/QOF2021_v2\.zip/);
    const rows = readFileSync(VALIDATION, 'utf8').trim().split('\n').length - 1;
    expect(out).toContain(
      `qof-validation/2020-21/PRACTICE_VALIDATION_OUTCOMES_2021.csv (qof-validation, load 1): ${rows} rows read`,
    );
    expect(code).toBe(0);
    // it asked the mirror, not the publisher
    expect(requests.filter((r) => r === zipPath).length).toBe(askedBefore + 1);
  } finally {
    rmSync(store, { recursive: true, force: true });
    if (database) await adminSql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
});

/**
 * `lantern fetch`: download a publication from its publisher, check what arrived, and load it through the usual
 * ingest path (all-or-nothing; a file already loaded is recognised by its checksum and changes nothing).
 *
 * Downloads stream to a temporary folder made for the fetch and removed after it; nothing is written anywhere
 * else. With a base URL (a mirror, or a test's server) every request goes to that one origin, the publisher's
 * host kept as the first folder of the path (https://files.digital.nhs.uk/F1/3E4D66/x.csv →
 * BASE/files.digital.nhs.uk/F1/3E4D66/x.csv, the layout `wget --mirror` makes), links and redirects included.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import type { Database } from '../db/connect.js';
import { loadIdsNamedLike } from '../db/repos/loads.js';
import { today as clockToday } from '../domain/clock.js';
import { LoadRejected } from '../ingest/errors.js';
import { ingestFile } from '../ingest/ingest-file.js';
import type { LoadReport, Progress } from '../ingest/write.js';
import {
  CATALOGUE,
  newestExpectedPeriod,
  parsePeriod,
  periodShape,
  publication,
  type Fetchable,
  type Publication,
} from './catalogue.js';
import { extractMember, zipMembers, ZipError } from './zip.js';

export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export interface FetchOptions {
  /** 'latest' (the default) or a period in the publication's scheme */
  period?: string;
  /** an organisation code, for publications served per area */
  org?: string;
  /** a mirror serving the publishers' paths under BASE/host/… */
  baseUrl?: string;
  /** give up when no byte arrives for this long */
  timeoutMs?: number;
  /** the largest download (and inflated zip member) accepted */
  maxBytes?: number;
  progress?: Progress;
  /** where the temporary folder is made (the system's by default) */
  tempRoot?: string;
  /** today in England, YYYY-MM-DD (the Lantern clock by default) */
  today?: string;
}

/** A fetch that failed: names the publication, period, URL and what was expected. Nothing was loaded. */
export class FetchFailed extends Error {
  constructor(
    readonly publication: string,
    readonly period: string | null,
    readonly url: string | null,
    detail: string,
  ) {
    super(
      // a refused load already names the file and ends "Nothing was loaded from …"
      `${publication}${period ? ` ${period}` : ''}: ${detail}${/Nothing was loaded from .*\.$/.test(detail) ? '' : `${url ? `\n  URL: ${url}` : ''}\nNothing was loaded.`}`,
    );
  }
}

export interface FetchResult {
  publication: string;
  period: string;
  url: string;
  /** the file loaded (the zip member, for a zipped publication) */
  file: string;
  bytes: number;
  /** SHA-256 of what was downloaded (the zip, for a zipped publication); the load records the CSV's own */
  downloadChecksum: string;
  report: LoadReport;
}

/** Where a publisher's URL is fetched from: itself, or its place on the mirror. */
export function mirrored(url: string, baseUrl?: string): string {
  if (!baseUrl) return url;
  const u = new URL(url);
  const b = new URL(baseUrl);
  if (u.origin === b.origin) return url;
  return `${b.origin}${b.pathname.replace(/\/$/, '')}/${u.host}${u.pathname}${u.search}`;
}

interface Download {
  path: string;
  url: string;
  bytes: number;
  sha256: string;
  contentType: string;
  head: Buffer;
}

class NotFound extends Error {}

/** One fetch's temporary folder, and the downloads made in it (a zip shared by several publications is fetched once). */
export class FetchSession {
  private dir: string | null = null;
  private n = 0;
  private readonly downloads = new Map<string, Promise<Download>>();
  constructor(private readonly opts: FetchOptions) {}

  async tempPath(name: string): Promise<string> {
    this.dir ??= await mkdtemp(join(this.opts.tempRoot ?? tmpdir(), 'lantern-fetch-'));
    const safe =
      basename(name)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(-100) || 'download';
    const p = resolve(this.dir, `${++this.n}-${safe}`);
    if (!p.startsWith(this.dir + sep)) throw new Error(`refusing to write outside ${this.dir}: ${p}`);
    return p;
  }

  download(url: string, what: string): Promise<Download> {
    let d = this.downloads.get(url);
    if (!d) {
      d = this.get(url, what);
      this.downloads.set(url, d);
      d.catch(() => this.downloads.delete(url));
    }
    return d;
  }

  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.downloads.clear();
  }

  /** GET with redirects followed (each hop kept on the mirror), an idle timeout and a size limit, streamed to disk. */
  private async get(publisherUrl: string, what: string): Promise<Download> {
    const maxBytes = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let url = mirrored(publisherUrl, this.opts.baseUrl);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), timeoutMs);
    };
    const timedOut = () => `no answer for ${Math.round(timeoutMs / 1000)} s (timed out)`;
    try {
      let res: Response;
      for (let hop = 0; ; hop++) {
        const u = new URL(url);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`not an http(s) URL: ${url}`);
        idle();
        try {
          res = await fetch(url, {
            redirect: 'manual',
            signal: controller.signal,
            headers: { 'user-agent': 'Lantern (lantern fetch)' },
          });
        } catch (e) {
          throw new Error(controller.signal.aborted ? timedOut() : `could not connect (${cause(e)})`, {
            cause: e,
          });
        }
        if (res.status < 300 || res.status >= 400 || !res.headers.get('location')) break;
        await res.body?.cancel();
        if (hop === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        url = mirrored(new URL(res.headers.get('location')!, url).toString(), this.opts.baseUrl);
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel();
        throw new NotFound(`not found (HTTP ${res.status})`);
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status} ${res.statusText} for ${what}`);
      }
      const declared = res.headers.get('content-length');
      const expected = declared === null ? null : Number(declared);
      if (expected !== null && expected > maxBytes) {
        await res.body.cancel();
        throw new Error(`${what} is ${expected} bytes, over the limit of ${maxBytes} (--max-size)`);
      }
      const path = await this.tempPath(new URL(url).pathname);
      const out = createWriteStream(path, { flags: 'wx' });
      const hash = createHash('sha256');
      const heads: Buffer[] = [];
      let bytes = 0;
      try {
        const reader = res.body.getReader();
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (e) {
            throw new Error(
              controller.signal.aborted
                ? `${timedOut()} after ${bytes} bytes`
                : `the download stopped after ${bytes}${expected !== null ? ` of ${expected}` : ''} bytes (${cause(e)}): truncated`,
              { cause: e },
            );
          }
          if (chunk.done) break;
          idle();
          const buf = Buffer.from(chunk.value);
          bytes += buf.length;
          if (bytes > maxBytes) {
            await reader.cancel();
            throw new Error(`${what} is over the limit of ${maxBytes} bytes (--max-size)`);
          }
          if (bytes - buf.length < 1024) heads.push(buf);
          hash.update(buf);
          if (!out.write(buf)) await once(out, 'drain');
          this.opts.progress?.('download', bytes, expected ?? 0);
        }
      } finally {
        out.end();
        await once(out, 'close');
      }
      if (expected !== null && bytes !== expected)
        throw new Error(`the download ended after ${bytes} of ${expected} bytes: truncated`);
      return {
        path,
        url,
        bytes,
        sha256: hash.digest('hex'),
        contentType: (res.headers.get('content-type') ?? '').toLowerCase(),
        head: Buffer.concat(heads).subarray(0, 1024),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

const cause = (e: unknown): string => {
  const c = (e as { cause?: { code?: string; message?: string } }).cause;
  return c?.code ?? c?.message ?? (e as Error).message;
};

const looksLikeHtml = (d: Download) =>
  d.contentType.includes('html') ||
  /^\s*(<!doctype html|<html|<head|<body|<\?xml)/i.test(d.head.toString('latin1').replace(/^\uFEFF/, ''));
const isZip = (d: Download) => d.head.length >= 4 && d.head.readUInt32LE(0) === 0x04034b50;

/** The period asked for, checked against the publication's scheme ('latest' → the newest that should be out). */
export function resolvePeriod(
  pub: Publication & { fetch: Fetchable },
  asked: string | undefined,
  today: string,
): string {
  const scheme = pub.fetch.periods;
  const newest = newestExpectedPeriod(scheme, today);
  if (asked === undefined || asked === 'latest') return newest;
  if (scheme.kind === 'snapshot') {
    if (asked !== newest)
      throw new FetchFailed(
        pub.id,
        asked,
        null,
        `the publisher serves only its current file; --period must be latest (${newest}), not ${asked}`,
      );
    return asked;
  }
  if (!parsePeriod(scheme, asked))
    throw new FetchFailed(
      pub.id,
      null,
      null,
      `--period must be latest or ${periodShape(scheme)}, got "${asked}"`,
    );
  return asked;
}

/** The publication by name, or a FetchFailed saying why it cannot be fetched. */
export function fetchablePublication(id: string): Publication & { fetch: Fetchable } {
  const pub = publication(id);
  if (!pub)
    throw new FetchFailed(
      id,
      null,
      null,
      `not a publication Lantern fetches; one of ${CATALOGUE.filter((p) => p.fetch)
        .map((p) => p.id)
        .join(', ')} (lantern fetch --list)`,
    );
  if (!pub.fetch)
    throw new FetchFailed(
      id,
      null,
      null,
      `cannot be fetched: ${pub.note ?? pub.frequency}. Get the file from ${pub.landingPage} and load it with lantern ingest`,
    );
  return pub as Publication & { fetch: Fetchable };
}

/** The name a fetched file is loaded under: publication/period/file, so that the loads list says what was fetched. */
export const fetchedFileName = (id: string, period: string, file: string) => `${id}/${period}/${file}`;

/** Whether a fetch of this publication and period has been loaded (a load recorded under its fetched name). */
export async function fetchedLoad(db: Database, pub: Publication, period: string): Promise<number | null> {
  const [id] = await loadIdsNamedLike(db, pub.reader, `${pub.id}/${period}/%`);
  return id ?? null;
}

/** Fetch one publication's file for one period and load it. Throws FetchFailed (or LoadRejected's message in it). */
export async function fetchPublication(
  db: Database,
  id: string,
  opts: FetchOptions = {},
  shared?: FetchSession,
): Promise<FetchResult> {
  const pub = fetchablePublication(id);
  const f = pub.fetch;
  const period = resolvePeriod(pub, opts.period, opts.today ?? clockToday());
  if (f.needs?.includes('org') && !opts.org)
    throw new FetchFailed(pub.id, period, null, 'needs --org CODE (the area whose practices to fetch)');
  if (opts.org !== undefined && !/^[A-Z0-9]{3,9}$/.test(opts.org))
    throw new FetchFailed(pub.id, period, null, `--org must be an ODS code such as 14L, got "${opts.org}"`);
  const params = { period, org: opts.org };
  const session = shared ?? new FetchSession(opts);
  let url: string | null = null;
  try {
    // 1. where the file is
    if (f.locate.kind === 'url') url = f.locate.url(params);
    else {
      const page = f.locate.page(params);
      url = page;
      const landing = await session.download(page, 'the publication page').catch((e) => {
        throw e instanceof NotFound
          ? new NotFound(`the publication page was not found (HTTP 404): not published yet for ${period}?`)
          : e;
      });
      url = findLink(f, period, page, landing, await readText(landing.path, MAX_PAGE_BYTES), opts.baseUrl);
    }
    // 2. the file
    const where = url;
    const got = await session.download(url, f.expect).catch((e) => {
      throw e instanceof NotFound ? new NotFound(`${e.message}: not published yet for ${period}?`) : e;
    });
    if (got.bytes === 0) throw new Error(`an empty file, expected ${f.expect}`);
    if (looksLikeHtml(got))
      throw new Error(
        `an HTML page (${got.contentType || 'no content type'}) arrived instead of ${f.container === 'zip' ? 'a zip archive' : 'CSV'}; expected ${f.expect}. The publisher may have moved the file: see ${pub.landingPage}`,
      );
    let csv = got.path;
    let file = basename(decodeURIComponent(new URL(where).pathname)) || pub.id;
    if (f.container === 'zip') {
      if (!isZip(got))
        throw new Error(`not a zip archive (${got.contentType || 'no content type'}); expected ${f.expect}`);
      const members = await zipMembers(got.path);
      const wanted = members.filter((m) => f.member!.test(basename(m.name)));
      if (wanted.length !== 1)
        throw new Error(
          `expected one member like ${f.expect} in the zip, found ${wanted.length ? wanted.map((m) => m.name).join(', ') : 'none'} among ${members.length}: ${members
            .slice(0, 12)
            .map((m) => m.name)
            .join(', ')}`,
        );
      file = basename(wanted[0].name);
      csv = await session.tempPath(file);
      await extractMember(got.path, wanted[0], csv, opts.maxBytes ?? DEFAULT_MAX_BYTES);
    } else if (isZip(got)) throw new Error(`a zip archive arrived; expected ${f.expect}`);
    // 3. the load: all-or-nothing, and a no-op when the same file was loaded before
    const report = await ingestFile(db, csv, {
      source: pub.reader,
      displayName: fetchedFileName(pub.id, period, file),
      progress: opts.progress,
    });
    return {
      publication: pub.id,
      period,
      url: where,
      file,
      bytes: got.bytes,
      downloadChecksum: got.sha256,
      report,
    };
  } catch (e) {
    if (e instanceof FetchFailed) throw e;
    if (e instanceof LoadRejected)
      throw new FetchFailed(pub.id, period, url, `the file from ${url} did not load:\n${e.message}`);
    // with a mirror, say where the request actually went as well
    if (url && opts.baseUrl) url = `${url} (asked of ${mirrored(url, opts.baseUrl)})`;
    const detail =
      e instanceof ZipError ? `the zip archive is not usable: ${e.message}` : (e as Error).message;
    if (!(e instanceof Error)) throw e;
    throw new FetchFailed(pub.id, period, url, detail);
  } finally {
    if (!shared) await session.close();
  }
}

async function readText(path: string, max: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** The file's link on a publication page: the one href whose file name matches, on one of the publisher's hosts. */
function findLink(
  f: Fetchable,
  period: string,
  pageUrl: string,
  page: Download,
  html: string,
  baseUrl: string | undefined,
): string {
  if (f.locate.kind !== 'landing-page') throw new Error('not a landing-page publication');
  const { link, hosts } = f.locate;
  if (!looksLikeHtml(page))
    throw new Error(`the publication page is not HTML (${page.contentType || 'no content type'})`);
  const base = baseUrl ? new URL(baseUrl) : null;
  const found = new Set<string>();
  for (const m of html.matchAll(/href\s*=\s*["']([^"'#]+)["']/gi)) {
    let u: URL;
    try {
      u = new URL(m[1].replace(/&amp;/g, '&'), pageUrl);
    } catch {
      continue;
    }
    // a mirror may have rewritten links to itself: map BASE/host/path back to the publisher's URL
    if (base && u.origin === base.origin) {
      const rest = u.pathname.slice(base.pathname.replace(/\/$/, '').length + 1);
      const slash = rest.indexOf('/');
      if (slash < 0) continue;
      u = new URL(`https://${rest.slice(0, slash)}${rest.slice(slash)}${u.search}`);
    }
    let name: string;
    try {
      name = decodeURIComponent(basename(u.pathname));
    } catch {
      continue;
    }
    if (link.test(name) && hosts.includes(u.hostname) && u.protocol === 'https:') found.add(u.toString());
  }
  if (found.size === 0)
    throw new Error(
      `the publication page for ${period} has no link to ${f.expect} (looked for a file named like ${link} on ${hosts.join(' or ')}); the page may have changed: ${pageUrl}`,
    );
  if (found.size > 1)
    throw new Error(
      `the publication page for ${period} links ${found.size} files named like ${link} (${[...found].join(', ')}); which one is meant is unclear, so none was fetched`,
    );
  return [...found][0];
}

export interface DueOutcome {
  publication: string;
  period: string;
  status: 'loaded' | 'unchanged' | 'up to date' | 'skipped' | 'failed';
  message: string;
  result?: FetchResult;
}

/**
 * Every fetchable publication whose newest expected period has no fetched load yet, fetched and loaded in
 * catalogue order (reference data first). A failure is reported and the others still run.
 */
export async function fetchDue(db: Database, opts: FetchOptions = {}): Promise<DueOutcome[]> {
  const today = opts.today ?? clockToday();
  const out: DueOutcome[] = [];
  const session = new FetchSession(opts);
  try {
    for (const pub of CATALOGUE) {
      if (!pub.fetch) continue;
      const period = newestExpectedPeriod(pub.fetch.periods, today);
      if (pub.fetch.needs?.includes('org') && !opts.org) {
        out.push({ publication: pub.id, period, status: 'skipped', message: 'needs --org CODE' });
        continue;
      }
      const already = await fetchedLoad(db, pub, period);
      if (already !== null) {
        out.push({ publication: pub.id, period, status: 'up to date', message: `loaded (load ${already})` });
        continue;
      }
      try {
        const result = await fetchPublication(db, pub.id, { ...opts, period, today }, session);
        const r = result.report;
        out.push({
          publication: pub.id,
          period,
          status: r.alreadyLoadedAs !== null ? 'unchanged' : 'loaded',
          message:
            r.alreadyLoadedAs !== null
              ? `the same file was loaded before (load ${r.alreadyLoadedAs}); nothing changed`
              : `load ${r.loadId}`,
          result,
        });
      } catch (e) {
        if (!(e instanceof FetchFailed)) throw e;
        out.push({ publication: pub.id, period, status: 'failed', message: e.message });
      }
    }
  } finally {
    await session.close();
  }
  return out;
}

/** Configuration from the environment, read once at start-up. Secrets come from files, never from the repository. */
import { parseClock } from '../domain/clock.js';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { isRole, type Role } from '../domain/roles.js';
import type { OidcSettings } from '../auth/oidc.js';
import { LOG_LEVELS, type LogLevel } from '../api/logging.js';
import type { EmailSettings } from '../email/settings.js';
import { EMBEDDED_MAX_VALUES } from '../db/capacity.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** the embedded store's capacity in indicator values: a load beyond it is refused (LANTERN_EMBEDDED_MAX_VALUES) */
  embeddedMaxValues: number;
  sampleData: string;
  /** Secure, __Host- cookies; only switched off for plain-http development on another host name */
  secureCookies: boolean;
  oidc: OidcSettings | null;
  /** first-run administrator, created when the store has none */
  bootstrapAdmin: { email: string; passwordFile: string } | null;
  /** the secret behind NHS-number pseudonyms and encryption (created in the data directory when absent) */
  concernsKeyFile: string;
  /** the server log's level (JSON lines on standard output) */
  logLevel: LogLevel;
  /** SMTP for alerts and digests by email (docs/email.md); null when no relay is configured: email is off */
  email: EmailSettings | null;
  /** `lantern fetch` asks this mirror (BASE/host/path) instead of the publishers */
  fetchBaseUrl: string | undefined;
  /** document files: the storage folder (LANTERN_FILES_DIR) and the size limit (LANTERN_DOCUMENTS_MAX_BYTES) */
  documents: { dir: string; maxBytes: number };
  /** which proxies in front are believed about the client's address (X-Forwarded-For): LANTERN_TRUST_PROXY */
  trustProxy: TrustProxy;
  /** on SIGTERM/SIGINT, how long in-flight requests may take before the process exits anyway (non-zero) */
  shutdownTimeoutMs: number;
}

/**
 * Fastify's trustProxy: false (the socket's address is the client's), true (the left-most X-Forwarded-For address),
 * a number of proxy hops to believe, or the addresses and CIDR ranges of the proxies to believe.
 */
export type TrustProxy = boolean | number | string[];

/** proxy-addr's names for address ranges, accepted in LANTERN_TRUST_PROXY's list */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * LANTERN_TRUST_PROXY: unset or "false" (default: the connection's address is the client's), "true" (believe any
 * proxy), a whole number of hops (e.g. 1 behind one load balancer), or a comma list of proxy addresses or CIDR
 * ranges (e.g. "10.0.0.0/8, 127.0.0.1", or loopback, linklocal, uniquelocal).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 100)
      throw new ConfigError(`LANTERN_TRUST_PROXY as a number of proxy hops must be at most 100, got "${v}"`);
    return hops === 0 ? false : hops;
  }
  const entries = v.split(',').map((e) => e.trim());
  for (const e of entries) {
    if (PROXY_RANGE_NAMES.includes(e)) continue;
    const [address, prefix, ...rest] = e.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk =
      prefix === undefined ||
      (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix) ||
      (family === 4 && isIP(prefix) === 4); // a dotted netmask, e.g. 10.0.0.0/255.0.0.0
    if (family === 0 || rest.length > 0 || !prefixOk)
      throw new ConfigError(
        `LANTERN_TRUST_PROXY must be false, true, a number of proxy hops, or a comma list of proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1); "${e}" is none of these`,
      );
  }
  return entries;
}

export class ConfigError extends Error {}

/** A secret from NAME_FILE (a path) or, failing that, NAME. */
function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return env[name] || undefined;
}

function readOidc(env: NodeJS.ProcessEnv, port: number): OidcSettings | null {
  const issuer = env.LANTERN_OIDC_ISSUER;
  if (!issuer) return null;
  const clientId = env.LANTERN_OIDC_CLIENT_ID;
  const clientSecret = secret(env, 'LANTERN_OIDC_CLIENT_SECRET');
  if (!clientId || !clientSecret)
    throw new ConfigError(
      'LANTERN_OIDC_ISSUER is set, so LANTERN_OIDC_CLIENT_ID and LANTERN_OIDC_CLIENT_SECRET (or LANTERN_OIDC_CLIENT_SECRET_FILE) are needed too',
    );
  const roleMap: Record<string, Role> = {};
  try {
    const parsed = JSON.parse(env.LANTERN_OIDC_ROLE_MAP ?? '{}') as Record<string, string>;
    for (const [k, v] of Object.entries(parsed)) {
      if (!isRole(v)) throw new Error(`"${v}" is not a Lantern role`);
      roleMap[k] = v;
    }
  } catch (e) {
    throw new ConfigError(
      `LANTERN_OIDC_ROLE_MAP must be JSON mapping role codes to Lantern roles, e.g. {"R8000":"practice_user"}: ${(e as Error).message}`,
    );
  }
  const publicUrl = env.LANTERN_PUBLIC_URL ?? `http://localhost:${port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: env.LANTERN_OIDC_REDIRECT_URI ?? `${publicUrl.replace(/\/$/, '')}/api/auth/oidc/callback`,
    roleMap,
    scopes:
      env.LANTERN_OIDC_SCOPES ??
      'openid profile email nhsperson nationalrbacaccess associatedorgs selectedrole',
    allowHttp: issuer.startsWith('http://'),
    label: env.LANTERN_OIDC_LABEL ?? 'Sign in with your NHS identity',
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const adminEmail = env.LANTERN_ADMIN_EMAIL;
  const adminPasswordFile = env.LANTERN_ADMIN_PASSWORD_FILE;
  if (adminEmail && !adminPasswordFile)
    throw new ConfigError(
      'LANTERN_ADMIN_EMAIL needs LANTERN_ADMIN_PASSWORD_FILE (a file holding the password)',
    );
  if (env.LANTERN_CLOCK) {
    try {
      parseClock(env.LANTERN_CLOCK);
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
  }
  const logLevel = (env.LANTERN_LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(
      `LANTERN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LANTERN_LOG_LEVEL}"`,
    );
  const dataDir = resolve(env.LANTERN_DATA_DIR ?? '.lantern/data');
  const fetchBaseUrl = env.LANTERN_FETCH_BASE_URL || undefined;
  if (fetchBaseUrl && !/^https?:\/\/[^/]/.test(fetchBaseUrl))
    throw new ConfigError(`LANTERN_FETCH_BASE_URL must be an http(s) URL, got "${fetchBaseUrl}"`);
  const maxBytes = Number(env.LANTERN_DOCUMENTS_MAX_BYTES ?? 20 * 1024 * 1024);
  if (!Number.isInteger(maxBytes) || maxBytes < 1024 || maxBytes > 1024 * 1024 * 1024)
    throw new ConfigError(
      `LANTERN_DOCUMENTS_MAX_BYTES must be a whole number of bytes from 1024 to 1073741824, got "${env.LANTERN_DOCUMENTS_MAX_BYTES}"`,
    );
  const embeddedMaxValues = Number(env.LANTERN_EMBEDDED_MAX_VALUES || EMBEDDED_MAX_VALUES);
  if (!Number.isSafeInteger(embeddedMaxValues) || embeddedMaxValues < 1)
    throw new ConfigError(
      `LANTERN_EMBEDDED_MAX_VALUES must be a whole number of indicator values of at least 1 (default ${EMBEDDED_MAX_VALUES}), got "${env.LANTERN_EMBEDDED_MAX_VALUES}"`,
    );
  const shutdownSeconds = Number(env.LANTERN_SHUTDOWN_TIMEOUT_SECONDS ?? 10);
  if (!Number.isFinite(shutdownSeconds) || shutdownSeconds <= 0 || shutdownSeconds > 3600)
    throw new ConfigError(
      `LANTERN_SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds above 0 and at most 3600, got "${env.LANTERN_SHUTDOWN_TIMEOUT_SECONDS}"`,
    );
  return {
    trustProxy: parseTrustProxy(env.LANTERN_TRUST_PROXY),
    shutdownTimeoutMs: shutdownSeconds * 1000,
    documents: { dir: resolve(env.LANTERN_FILES_DIR ?? join(dataDir, '..', 'files')), maxBytes },
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    embeddedMaxValues,
    concernsKeyFile: resolve(env.LANTERN_CONCERNS_KEY_FILE ?? join(dataDir, '..', 'concerns.key')),
    databaseUrl: env.DATABASE_URL || undefined,
    sampleData: resolve(env.LANTERN_SAMPLE_DATA ?? '../shared/data'),
    secureCookies: env.LANTERN_INSECURE_COOKIES !== '1',
    oidc: readOidc(env, port),
    logLevel,
    email: readEmail(env),
    fetchBaseUrl,
    bootstrapAdmin:
      adminEmail && adminPasswordFile ? { email: adminEmail, passwordFile: adminPasswordFile } : null,
  };
}

/**
 * The SMTP relay: LANTERN_SMTP_URL (smtp://user:pass@host:587, or smtps:// for TLS from the start; also from
 * LANTERN_SMTP_URL_FILE) or LANTERN_SMTP_HOST with LANTERN_SMTP_PORT, LANTERN_SMTP_SECURE, LANTERN_SMTP_USER and
 * LANTERN_SMTP_PASSWORD (or _FILE). With a relay, LANTERN_MAIL_FROM and LANTERN_PUBLIC_URL are needed too.
 */
function readEmail(env: NodeJS.ProcessEnv): EmailSettings | null {
  const url = secret(env, 'LANTERN_SMTP_URL');
  const host = env.LANTERN_SMTP_HOST;
  if (!url && !host) return null;
  let smtp: EmailSettings['smtp'];
  if (url) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ConfigError('LANTERN_SMTP_URL must be a URL such as smtp://user:password@relay.example:587');
    }
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
      throw new ConfigError(`LANTERN_SMTP_URL must start smtp:// or smtps://, got "${u.protocol}//…"`);
    const secure = u.protocol === 'smtps:';
    smtp = {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      ...(u.username
        ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
        : {}),
    };
  } else {
    const secure = ['1', 'true'].includes(env.LANTERN_SMTP_SECURE ?? '');
    const port = Number(env.LANTERN_SMTP_PORT ?? (secure ? 465 : 587));
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new ConfigError(`LANTERN_SMTP_PORT must be a port number, got "${env.LANTERN_SMTP_PORT}"`);
    const user = env.LANTERN_SMTP_USER;
    const pass = secret(env, 'LANTERN_SMTP_PASSWORD');
    if (user && !pass)
      throw new ConfigError('LANTERN_SMTP_USER is set, so LANTERN_SMTP_PASSWORD (or _FILE) is needed too');
    smtp = { host: host!, port, secure, ...(user ? { auth: { user, pass: pass! } } : {}) };
  }
  const from = env.LANTERN_MAIL_FROM;
  if (!from)
    throw new ConfigError(
      'An SMTP relay is configured, so LANTERN_MAIL_FROM is needed too (e.g. "Lantern <lantern@icb.nhs.uk>")',
    );
  const publicUrl = env.LANTERN_PUBLIC_URL;
  if (!publicUrl || !/^https?:\/\/[^\s/]+/.test(publicUrl))
    throw new ConfigError(
      `An SMTP relay is configured, so LANTERN_PUBLIC_URL is needed too: the address every message links back to, e.g. https://lantern.icb.nhs.uk${publicUrl ? ` (got "${publicUrl}")` : ''}`,
    );
  const interval = Number(env.LANTERN_MAIL_INTERVAL_SECONDS ?? 60);
  if (!Number.isFinite(interval) || interval < 1)
    throw new ConfigError(
      `LANTERN_MAIL_INTERVAL_SECONDS must be a number of seconds of at least 1, got "${env.LANTERN_MAIL_INTERVAL_SECONDS}"`,
    );
  return { smtp, from, publicUrl: publicUrl.replace(/\/+$/, ''), intervalSeconds: interval };
}

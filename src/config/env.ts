/** Configuration from the environment, read once at start-up. Secrets come from files, never from the repository. */
import { parseClock } from '../domain/clock.js';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRole, type Role } from '../domain/roles.js';
import type { OidcSettings } from '../auth/oidc.js';
import { LOG_LEVELS, type LogLevel } from '../api/logging.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
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
  /** `lantern fetch` asks this mirror (BASE/host/path) instead of the publishers */
  fetchBaseUrl: string | undefined;
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
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    concernsKeyFile: resolve(env.LANTERN_CONCERNS_KEY_FILE ?? join(dataDir, '..', 'concerns.key')),
    databaseUrl: env.DATABASE_URL || undefined,
    sampleData: resolve(env.LANTERN_SAMPLE_DATA ?? '../shared/data'),
    secureCookies: env.LANTERN_INSECURE_COOKIES !== '1',
    oidc: readOidc(env, port),
    logLevel,
    fetchBaseUrl,
    bootstrapAdmin:
      adminEmail && adminPasswordFile ? { email: adminEmail, passwordFile: adminPasswordFile } : null,
  };
}

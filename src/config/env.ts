/** Configuration from the environment, read once at start-up. */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sampleData: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.LANTERN_DATA_DIR ?? '.lantern/data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sampleData: resolve(env.LANTERN_SAMPLE_DATA ?? '../shared/data'),
  };
}

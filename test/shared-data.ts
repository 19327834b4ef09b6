import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The real open data beside the repository (../shared/data), read in place. */
export const SHARED_DATA = resolve(
  process.env.LANTERN_SAMPLE_DATA ?? new URL('../../shared/data', import.meta.url).pathname,
);
export const HAS_SHARED_DATA = existsSync(SHARED_DATA);
if (process.env.LANTERN_REQUIRE_SAMPLE === '1' && !HAS_SHARED_DATA)
  throw new Error(`LANTERN_REQUIRE_SAMPLE=1 but there is no sample data at ${SHARED_DATA}`);
export const shared = (p: string) => resolve(SHARED_DATA, p);

/**
 * The embedded store's capacity in indicator values (current and superseded), beyond which a load is refused:
 * LANTERN_EMBEDDED_MAX_VALUES changes it; a PostgreSQL server (DATABASE_URL) has no such limit. Measured with
 * `npm run bench -- embedded-capacity` on a shared 2-core machine (README, "Capacity of the embedded store"):
 * nothing crashed up to 12.7 million values (PGlite's WebAssembly memory stayed at 226 MiB), but the data directory
 * grew to 8.2 GB and an exact count of the values took 17 s; 10 million stays below what was measured to work.
 */
export const EMBEDDED_MAX_VALUES = 10_000_000;

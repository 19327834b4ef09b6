/**
 * The embedded store's capacity in indicator values (current and superseded), beyond which a load is refused:
 * LANTERN_EMBEDDED_MAX_VALUES changes it; a PostgreSQL server (DATABASE_URL) has no such limit. Measured with
 * `npm run bench -- embedded-capacity` on a shared 2-core machine (README, "Capacity of the embedded store"):
 * nothing crashed up to 16.9 million values (PGlite's WebAssembly memory stayed at 226 MiB), but the data directory
 * grew to 10.7 GB and an exact count of the values took up to 17 s; 10 million stays well below what was measured.
 */
export const EMBEDDED_MAX_VALUES = 10_000_000;

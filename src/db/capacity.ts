/**
 * The embedded store's capacity: how many indicator values PGlite holds on a machine like the one Lantern is
 * measured on (`npm run bench -- embedded-capacity`, README "Capacity of the embedded store") before a load is
 * refused. LANTERN_EMBEDDED_MAX_VALUES changes it; a PostgreSQL server (DATABASE_URL) has no such limit.
 */
export const EMBEDDED_MAX_VALUES = 20_000_000;

/**
 * The embedded store's capacity in indicator values (current and superseded), beyond which a load is refused:
 * LANTERN_EMBEDDED_MAX_VALUES changes it; a PostgreSQL server (DATABASE_URL) has no such limit. Measured with
 * `npm run bench -- embedded-capacity` on a shared 2-core machine (README, "Capacity of the embedded store"):
 * nothing crashed up to the largest store measured, but a month's load and compute slowed about threefold and
 * twofold between 4.2 and 8.5 million values, and the data directory grew to 5.4 GB; 10 million stays within what
 * was measured to work, with room for the results computed from those values.
 */
export const EMBEDDED_MAX_VALUES = 10_000_000;

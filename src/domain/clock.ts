/**
 * The one clock. Every business-time decision (deadlines, "today" in the hierarchy, audit times, overdue
 * lists) asks here, so `LANTERN_CLOCK=2026-12-22T09:00:00Z` fixes time for demos and tests.
 */
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let override: Date | null = null;

/** Parse a LANTERN_CLOCK value; throws with what was expected. */
export function parseClock(value: string): Date {
  const d = new Date(value);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(d.getTime())
  )
    throw new RangeError(
      `LANTERN_CLOCK must be an ISO 8601 instant such as 2026-12-22T09:00:00Z, got "${value}"`,
    );
  return d;
}

/** The current instant: a test's override, else LANTERN_CLOCK, else the system clock. */
export function now(): Date {
  if (override) return new Date(override);
  const fixed = process.env.LANTERN_CLOCK;
  return fixed ? parseClock(fixed) : new Date();
}

/** The current instant as an ISO 8601 string, for timestamps written to the database. */
export const nowIso = (): string => now().toISOString();

/** Today's date in England (Europe/London), as YYYY-MM-DD. */
export function today(): string {
  return londonDate(now());
}

export function londonDate(d: Date): string {
  return LONDON_DATE.format(d);
}

/** For tests: fix the clock (null restores it). */
export function setClock(at: Date | string | null): void {
  override = at === null ? null : typeof at === 'string' ? parseClock(at) : at;
}

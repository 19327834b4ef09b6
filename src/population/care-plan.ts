/**
 * When a care plan is current: agreed or last reviewed within CARE_PLAN_CURRENT_MONTHS of the extract's date. One
 * definition for the clinician's lists (here) and the practice aggregate (the same months, subtracted by PostgreSQL in
 * src/db/repos/population.ts, which clamps to the month's end exactly as monthsEarlier does).
 */
export const CARE_PLAN_CURRENT_MONTHS = 12;

/** The same day `months` earlier, clamped to the end of a shorter month (2024-02-29 less 12 months is 2023-02-28). */
export function monthsEarlier(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whether a plan agreed (and perhaps reviewed) on these dates is current at `asAt`: its latest date is after the cut-off. */
export function carePlanCurrent(agreed: string | null, reviewed: string | null, asAt: string): boolean {
  const latest = [agreed, reviewed]
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  return latest !== undefined && latest > monthsEarlier(asAt, CARE_PLAN_CURRENT_MONTHS);
}

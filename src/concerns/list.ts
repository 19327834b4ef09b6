/** The lists of concerns a viewer sees: their concerns with filters, and those related to one concern. */
import type { Queryable } from '../db/connect.js';
import { today } from '../domain/clock.js';
import type { ConcernScope } from '../auth/policy.js';
import { addCalendarDays, isWorkingDay } from '../domain/working-days.js';
import { listConcernRows, relatedConcernRows, type ConcernRow } from '../db/repos/concerns.js';
import { partyFor } from './visibility.js';
import { DEFAULT_SETTINGS, settingsLookup } from './settings.js';
import { deadlinesFor, type State } from './workflow.js';

export interface ConcernFilter {
  status?: State;
  provider?: string;
  overdue?: boolean;
  limit?: number;
}

/** The most working days a deadline can be set to (the settings form allows up to 120). */
export const MAX_DEADLINE_WORKING_DAYS = 366;

/**
 * For each n up to `max`, the latest day a clock of n working days may have started and be overdue on `day`
 * (past its due day, workflow.ts deadlinesFor): the day before the n-th working day counted back from the day
 * before `day` (n = 0: the day before).
 */
export function overdueCutoffs(day: string, max = MAX_DEADLINE_WORKING_DAYS): string[] {
  const yesterday = addCalendarDays(day, -1);
  const out = [yesterday];
  for (let d = yesterday; out.length <= max; d = addCalendarDays(d, -1))
    if (isWorkingDay(d)) out.push(addCalendarDays(d, -1));
  return out;
}

/** The concerns the viewer may see, filtered in the database (the overdue filter too, before the limit). */
export async function listConcerns(db: Queryable, scope: ConcernScope, f: ConcernFilter = {}) {
  const day = today();
  const rows = await listConcernRows(
    db,
    {
      everything: scope.everything,
      commissionerPractices: [...scope.commissionerPractices],
      practices: [...scope.practices],
      providers: [...scope.providers],
      userId: scope.userId,
    },
    {
      status: f.status,
      provider: f.provider,
      overdue: f.overdue ? { day, defaults: DEFAULT_SETTINGS, cutoffs: overdueCutoffs(day) } : undefined,
      limit: f.limit ?? 500,
    },
  );
  const settingsOf = settingsLookup(db);
  const out = [];
  for (const c of rows) {
    const deadlines = deadlinesFor(c, await settingsOf(c.providerCode, c.practiceCode), day);
    out.push({ concern: c, party: partyFor(scope, c)!, deadlines });
  }
  return out;
}

/** Concerns that may be the same problem: the same patient, or the same provider and category close in time. */
export async function relatedConcerns(db: Queryable, c: ConcernRow, scope: ConcernScope) {
  const rows = await relatedConcernRows(db, c);
  const days = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
  return rows
    .filter((r) => partyFor(scope, r) !== null)
    .slice(0, 5)
    .map((r) => ({
      id: r.id,
      status: r.status,
      eventDate: r.eventDate,
      categoryLabel: r.categoryLabel,
      why: [
        c.nhsNumberLink !== null && r.nhsNumberLink === c.nhsNumberLink ? 'same patient' : null,
        r.providerCode === c.providerCode &&
        r.categoryId === c.categoryId &&
        days(r.eventDate, c.eventDate) <= 30
          ? 'same provider and category within 30 days'
          : null,
      ].filter(Boolean),
    }));
}

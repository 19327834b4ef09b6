/**
 * The concern pages as a viewer may see them: the concern (404 when they may not see it at all), its deadlines,
 * the moves they may make and its history; and the list. Who sees a concern is visibility.ts; what each party
 * sees of it is provider-visibility.ts.
 */
import type { Database } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { notFound } from '../api/errors.js';
import { deadlinesOf, eventsOf, getConcern, type ConcernRow } from './concerns.js';
import { listConcerns } from './list.js';
import { allowedMoves, type Party } from './workflow.js';
import { partiesFor } from './visibility.js';
import { concernView, historyView } from './provider-visibility.js';
import type { ConcernListQuery } from './contract.js';

/** The viewer's scope and the concern, or 404 when they may not see it (its existence is not confirmed). */
export async function concernFor(db: Database, viewer: Viewer, id: number) {
  const scope = await viewer.permissions.concernScope();
  const concern = await getConcern(db, id);
  const parties = concern ? partiesFor(scope, concern) : [];
  if (!concern || parties.length === 0) throw notFound(`No concern ${id} that you can see.`);
  return { scope, concern, parties };
}

/** One concern as the first of the viewer's parties sees it, with the moves all their parties allow. */
export async function fullView(db: Database, c: ConcernRow, parties: Party[]) {
  const party = parties[0];
  const deadlines = await deadlinesOf(db, c);
  return {
    ...concernView(c, party),
    viewingAs: party,
    due: Object.fromEntries(deadlines.filter((d) => !d.stopped).map((d) => [d.name, d.due])),
    deadlines,
    allowedTransitions: allowedMoves(c.status, parties),
    history: historyView(await eventsOf(db, c.id), party, c),
  };
}

/** The concerns this viewer can see, as the list sends them, for the page and its download. */
export async function concernListView(db: Database, viewer: Viewer, query: ConcernListQuery) {
  const scope = await viewer.permissions.concernScope();
  const rows = await listConcerns(db, scope, { ...query, overdue: query.overdue === 'true' });
  return {
    concerns: rows.map((r) => ({
      ...concernView(r.concern, r.party),
      viewingAs: r.party,
      deadlines: r.deadlines,
      overdue: r.deadlines.some((d) => d.overdue && !d.metOn),
      nextDue:
        r.deadlines
          .filter((d) => !d.metOn && !d.stopped)
          .map((d) => d.due)
          .sort()[0] ?? null,
    })),
  };
}

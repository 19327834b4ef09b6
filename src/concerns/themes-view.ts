/** Themes across providers, with the signals behind them, as a viewer may see them (the page and its download). */
import type { Database } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { today } from '../domain/clock.js';
import { addCalendarDays } from '../domain/working-days.js';
import { suppressedValue } from '../stats/suppress.js';
import { countViewOf, openableIds, patternsView } from '../providers/visibility.js';
import { patternsFor, providersWithConcerns, themes } from './signals.js';

/** Themes and signals as this viewer may see them, for the page and its download. */
export async function themesView(db: Database, viewer: Viewer) {
  const view = await countViewOf(viewer);
  const practices = view.practices;
  const t = await themes(db, practices);
  // the 40 providers with most concerns over the themes' own year (not since 1 January, which in
  // January would leave almost none)
  const since = addCalendarDays(today(), -365);
  const providers = (await providersWithConcerns(db, practices, since)).slice(0, 40);
  const patterns = await patternsFor(
    db,
    providers.map((p) => p.code),
    24,
    practices,
  );
  const visible = await openableIds(db, viewer, patterns);
  const names = new Map(providers.map((p) => [p.code, p.name]));
  const signals = patterns.flatMap((p) =>
    patternsView(view, visible, p).signals.map((s) => ({
      ...s,
      providerName: names.get(s.providerCode) ?? null,
    })),
  );
  // a viewer whose grants cover no practice reads everyone's concerns, so suppressed like every other count they see
  const rows = view.raw
    ? t.rows
    : t.rows.map((r) => ({
        ...r,
        last30: suppressedValue(r.last30),
        last90: suppressedValue(r.last90),
        last365: suppressedValue(r.last365),
      }));
  return {
    ...t,
    rows,
    suppressed: !view.raw,
    covers: view.covers,
    signals: signals.sort((a, b) => b.to.localeCompare(a.to)),
  };
}

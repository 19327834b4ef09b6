/** Providers side by side for a referral, as a viewer may see them (the page and its download). */
import type { z } from 'zod';
import type { Database } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { badRequest } from '../api/errors.js';
import { today } from '../domain/clock.js';
import { requireOrganisation } from '../organisations/lookup.js';
import { providersWithConcerns } from '../concerns/signals.js';
import { measureTitles, REFERRAL_MEASURES, snapshotMeasures } from '../concerns/scorecard.js';
import { SERVICES } from '../concerns/taxonomy.js';
import { countViewOf, summaryFor } from '../providers/visibility.js';
import type { ReferralQuery } from './contract.js';

/** Providers side by side as this viewer may see them (counts suppressed as their view says), for the page and its download. */
export async function referralChoiceView(db: Database, viewer: Viewer, query: z.infer<typeof ReferralQuery>) {
  if (query.service && !SERVICES[query.service])
    throw badRequest(`service ${query.service} is not one Lantern knows`);
  const view = await countViewOf(viewer);
  const codes = query.providers
    ? query.providers.toUpperCase().split(',')
    : (await providersWithConcerns(db, view.practices, '1900-01-01', today())).slice(0, 8).map((p) => p.code);
  const rows = [];
  for (const code of codes) {
    const org = await requireOrganisation(db, code);
    const s = await summaryFor(db, view, org.code, query.service);
    rows.push({
      provider: { code: org.code, name: org.name },
      measures: await snapshotMeasures(db, org.code),
      // the side-by-side view gives rates only with their intervals: to those who see the counts in full
      concerns: {
        total: s.total,
        perThousand: view.raw ? s.perThousand : null,
        suppressed: s.suppressed,
        covers: view.covers,
      },
    });
  }
  return {
    service: query.service ? { code: query.service, label: SERVICES[query.service] } : null,
    /** the measures compared, with their titles, in column order */
    columns: await measureTitles(db, REFERRAL_MEASURES),
    note: 'Waiting times, cancer and diagnostics are trust-wide figures for one month of 2022 (the published snapshot); they are not broken down by specialty in the open data Lantern holds. Concern counts are for the last 12 months.',
    providers: rows,
    services: Object.entries(SERVICES).map(([code, label]) => ({ code, label })),
  };
}

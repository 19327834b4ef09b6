/**
 * Patient voice counted for scorecards and practice pages: how many pieces of feedback about an organisation came
 * in over the last 12 months, and how many named each theme with each sentiment. Counted and suppressed as concern
 * counts are (routes/providers.ts countViewOf): the commissioner team counts its own area's records in full, an
 * administrator every record, a practice its own practice's records; everyone else counts every record, with
 * counts of 1–7 withheld and others rounded to the nearest 5.
 */
import type { Queryable } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { addCalendarDays } from '../domain/working-days.js';
import { suppressedValue } from '../stats/suppress.js';
import { SUPPRESSION_NOTE } from '../api/suppression.js';
import { countFeedback } from '../db/repos/patient-voice.js';
import { SENTIMENTS, VOICE_THEME_IDS, VOICE_THEMES, type Sentiment } from './taxonomy.js';

/** Whose records are counted, and whether in full (the same shape as a concern count view). */
export interface VoiceCountView {
  /** areas (a practice's code, or a commissioning area and what is below it) whose records count; null: all */
  areas: string[] | null;
  raw: boolean;
  covers: string;
}

export type ThemeCounts = Record<Sentiment, number | null>;

/** The last 12 months' counts about an organisation, by theme and sentiment, as the view allows. */
export async function voiceCounts(db: Queryable, org: string, view: VoiceCountView) {
  const to = today();
  const from = addCalendarDays(to, -365);
  const { total, cells } = await countFeedback(db, org, from, to, view.areas);
  const shown = (n: number) => (view.raw ? n : suppressedValue(n));
  const byTheme = VOICE_THEME_IDS.map((theme) => {
    const counts = Object.fromEntries(
      SENTIMENTS.map((s) => [
        s,
        shown(cells.find((c) => c.theme === theme && c.sentiment === s)?.count ?? 0),
      ]),
    ) as ThemeCounts;
    return { theme, label: VOICE_THEMES[theme], ...counts };
  });
  return {
    from,
    to,
    total: shown(total),
    byTheme,
    suppressed: !view.raw,
    covers: view.covers,
    note: view.raw ? null : SUPPRESSION_NOTE,
  };
}

/**
 * Patient feedback as each viewer may see it: counts suppressed as concern counts are (a practice's own users count
 * its records in full), and the records a viewer may read (their own area's or own practice's).
 */
import type { Database } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { listFeedback, type FeedbackRow } from '../db/repos/patient-voice.js';
import { countViewOf } from '../providers/visibility.js';
import {
  NO_PERSONAL_DETAILS,
  SENTIMENTS,
  SOURCE_DETAIL_MAX,
  SUMMARY_MAX,
  VOICE_SOURCE_IDS,
  VOICE_SOURCES,
  VOICE_THEME_IDS,
  VOICE_THEMES,
} from './taxonomy.js';
import { voiceCounts, type VoiceCountView } from './service.js';

/** The kinds of organisation a provider's feedback is about. */
export const PROVIDER_TYPES = ['trust', 'trust_site'];
/**
 * A practice's counts: its own practice's users count its records in full (they read every one of them);
 * everyone else as concern counts are viewed.
 */
export async function practiceView(viewer: Viewer, practice: string): Promise<VoiceCountView> {
  if (await viewer.can('voice.record_ppg', { org: practice }))
    return { areas: null, raw: true, covers: 'Feedback about your practice.' };
  return concernLike(viewer);
}

/** The concern count view, read for feedback: the records of the viewer's own area in full, else all suppressed. */
export async function concernLike(viewer: Viewer): Promise<VoiceCountView> {
  const v = await countViewOf(viewer);
  const areas = viewer.permissions.areasFor('concerns.commission') ?? [];
  return {
    areas: v.practices,
    raw: v.raw,
    covers: !v.raw
      ? 'Feedback recorded by every area, suppressed.'
      : v.practices === null
        ? 'Feedback recorded by every area.'
        : `Feedback recorded for your area (${areas.join(', ')}); other areas’ feedback is theirs to see.`,
  };
}

/** The records about an organisation this viewer may read: their own area's (or own practice's), none otherwise. */
export async function readable(db: Database, viewer: Viewer, org: string, subject: 'practice' | 'provider') {
  if (subject === 'practice' && (await viewer.can('voice.record_ppg', { org })))
    return listFeedback(db, org, null);
  const own = await viewer.permissions.rawConcernPractices();
  if (own !== null && own.size === 0) return [];
  return listFeedback(db, org, own && [...own]);
}

export const itemView = (f: FeedbackRow) => ({
  ...f,
  sourceLabel: VOICE_SOURCES[f.source],
  themes: f.themes.map((t) => ({ ...t, label: VOICE_THEMES[t.theme] })),
});

/** The fixed lists, for the form. */
export const lists = {
  sources: VOICE_SOURCE_IDS.map((id) => ({ id, label: VOICE_SOURCES[id] })),
  themes: VOICE_THEME_IDS.map((id) => ({ id, label: VOICE_THEMES[id] })),
  sentiments: SENTIMENTS,
  summaryMax: SUMMARY_MAX,
  sourceDetailMax: SOURCE_DETAIL_MAX,
  warning: NO_PERSONAL_DETAILS,
};

/** Provider-scorecard block: the last 12 months' counts as this viewer may see them (null to the public). */
export async function providerVoice(db: Database, viewer: Viewer, provider: string) {
  if (!viewer.permissions.signedIn) return null;
  return voiceCounts(db, provider, await concernLike(viewer));
}

/**
 * The fixed lists patient feedback is recorded against: where it came from, the themes it speaks to and the
 * sentiment of each theme. Fixed so that counts add up across practices, providers and years; 'other' catches
 * what fits nowhere else (and, if it grows, says the list needs a new theme).
 */
export const VOICE_SOURCES = {
  ppg: 'Patient participation group',
  healthwatch: 'Healthwatch',
  complaints_summary: 'Complaints summary (themes only, no individual complaints)',
  nhs_website_reviews: 'NHS website reviews, summarised',
  friends_and_family: 'Friends and Family Test comments, summarised',
} as const;
export type VoiceSource = keyof typeof VOICE_SOURCES;
export const VOICE_SOURCE_IDS = Object.keys(VOICE_SOURCES) as [VoiceSource, ...VoiceSource[]];

export const VOICE_THEMES = {
  access: 'Access and appointments',
  communication: 'Communication',
  dignity: 'Dignity and respect',
  environment: 'Environment and facilities',
  clinical_care: 'Clinical care',
  prescriptions: 'Prescriptions',
  referrals: 'Referrals',
  discharge: 'Discharge',
  other: 'Other',
} as const;
export type VoiceTheme = keyof typeof VOICE_THEMES;
export const VOICE_THEME_IDS = Object.keys(VOICE_THEMES) as [VoiceTheme, ...VoiceTheme[]];

export const SENTIMENTS = ['positive', 'mixed', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** The longest summary kept: a short account of themes, not a transcript (and less room for personal details). */
export const SUMMARY_MAX = 1500;
export const SOURCE_DETAIL_MAX = 200;

/** Said beside every free-text field, on the form and in the API documentation. */
export const NO_PERSONAL_DETAILS =
  'Record themes only. Do not include names, NHS numbers, dates of birth, addresses or anything else that could identify a patient, carer or member of staff.';

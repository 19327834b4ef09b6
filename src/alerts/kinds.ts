/** The kinds of inbox alert and what each is called on screen (shared with the web). */
export const ALERT_KINDS = ['tier_change', 'limit_crossed', 'cusum', 'action_overdue'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  tier_change: 'Tier changed',
  limit_crossed: 'Beyond a 99.8% limit',
  cusum: 'Sustained shift (CUSUM)',
  action_overdue: 'Meeting action overdue',
};

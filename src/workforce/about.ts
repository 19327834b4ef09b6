import { RULES, STAFF_GROUPS, WORKFORCE_LIMITS } from './resilience.js';

/** Said with every answer: where the figures come from, what "clinician" means, and that they are context. */
export const ABOUT = {
  source:
    'NHS Digital, General Practice Workforce (practice level), monthly figures averaged over each financial year',
  staffGroups: STAFF_GROUPS,
  clinicianFte:
    'GP FTE (TOTAL_GP_EXTGL_FTE) + nurse FTE (TOTAL_NURSES_FTE) + direct patient care FTE (TOTAL_DPC_FTE)',
  use: 'Context for commissioners, not tier evidence: these figures are amounts, never judged against limits, and count towards a tier only if adopted as an indicator through the indicator lifecycle.',
  rules: RULES,
  limits: WORKFORCE_LIMITS,
};

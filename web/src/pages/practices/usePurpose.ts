/** The purpose a clinician gives before any patient row is fetched, kept for the browser tab's session. */
import { useState } from 'react';
import type { Params } from '../../api/client';

/** The purposes the patient routes accept (from the generated contract). */
type RoutePurpose = Params<'/api/practices/{code}/patients/{id}', 'get'>['query']['purpose'];

/** Why the clinician opens patient-level data: the route's purposes, word for word (the compiler checks). */
export const PURPOSES: Record<RoutePurpose, string> = {
  direct_care: 'direct care of the patients listed',
  care_planning: 'proactive care planning',
  case_finding: 'case finding for those most at risk',
};

export type Purpose = keyof typeof PURPOSES;

const PURPOSE_KEY = 'lantern.proactive-care.purpose';

export const isPurpose = (v: unknown): v is Purpose => typeof v === 'string' && v in PURPOSES;

/** The purpose given in this browser tab's session (sessionStorage: gone when the tab closes). */
export function usePurpose(): [Purpose | null, (p: Purpose | null) => void] {
  const [purpose, setPurpose] = useState<Purpose | null>(() => {
    try {
      const v = sessionStorage.getItem(PURPOSE_KEY);
      return isPurpose(v) ? v : null;
    } catch {
      return null;
    }
  });
  const set = (p: Purpose | null) => {
    try {
      if (p) sessionStorage.setItem(PURPOSE_KEY, p);
      else sessionStorage.removeItem(PURPOSE_KEY);
    } catch {
      // storage refused (a private window): the purpose lasts as long as the page
    }
    setPurpose(p);
  };
  return [purpose, set];
}

export const AUDIT_NOTE =
  'Every list and patient you open is recorded in the audit trail with the purpose you give, and who you are.';

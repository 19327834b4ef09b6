/**
 * Serious incidents: opening one (by hand or by escalating a concern), the 2015 framework's deadlines, and
 * changing one as it is investigated. SQL in src/db/repos/concern-incidents.ts.
 */
import type { Queryable } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { addWorkingDays } from '../domain/working-days.js';
import {
  findIncident,
  insertIncident,
  listIncidentRows,
  updateIncidentRow,
  type IncidentRow,
  type IncidentStatus,
} from '../db/repos/concern-incidents.js';
import { ConcernInputError, type Actor } from './errors.js';
import type { Harm } from './taxonomy.js';

export { INCIDENT_STATUSES } from '../db/repos/concern-incidents.js';
export type { IncidentRow, IncidentStatus };

export const NEVER_EVENTS_2018: Record<string, string> = {
  wrong_site_surgery: 'Wrong site surgery',
  wrong_implant: 'Wrong implant/prosthesis',
  retained_object: 'Retained foreign object post procedure',
  potassium: 'Mis-selection of a strong potassium solution',
  wrong_route: 'Administration of medication by the wrong route',
  insulin_overdose: 'Overdose of insulin due to abbreviations or incorrect device',
  methotrexate_overdose: 'Overdose of methotrexate for non-cancer treatment',
  midazolam: 'Mis-selection of high-strength midazolam during conscious sedation',
  shower_rails: 'Failure to install functional collapsible shower or curtain rails',
  window_falls: 'Falls from poorly restricted windows',
  bed_rails: 'Chest or neck entrapment in bed rails',
  abo_incompatible: 'Transfusion or transplantation of ABO-incompatible blood components or organs',
  misplaced_tube: 'Misplaced naso- or oro-gastric tubes',
  scalding: 'Scalding of patients',
  oxygen_air: 'Unintentional connection of a patient requiring oxygen to an air flowmeter',
};

export interface NewIncident {
  provider: string;
  /** the commissioning area that records it and alone may change it ('' for an administrator's) */
  area: string;
  regime: 'sif2015' | 'psirf';
  title: string;
  description: string;
  harm?: Harm | null;
  identifiedOn: string;
  reportedOn?: string | null;
  neverEvent?: string | null;
  dutyOfCandourOn?: string | null;
  responseType?: string | null;
}

export async function openIncident(db: Queryable, actor: Actor, i: NewIncident): Promise<number> {
  if (i.neverEvent && !NEVER_EVENTS_2018[i.neverEvent])
    throw new ConcernInputError(`neverEvent ${i.neverEvent} is not on the 2018 Never Events list`);
  return insertIncident(db, {
    provider: i.provider,
    area: i.area,
    regime: i.regime,
    title: i.title,
    description: i.description,
    harm: i.harm ?? null,
    identifiedOn: i.identifiedOn,
    reportedOn: i.reportedOn ?? null,
    neverEvent: i.neverEvent ?? null,
    dutyOfCandourOn: i.dutyOfCandourOn ?? null,
    responseType: i.responseType ?? null,
    createdBy: actor.email,
    at: nowIso(),
  });
}

/**
 * Deadlines under the 2015 Serious Incident Framework: reported within 2 working days of being identified,
 * initial review 3 working days after that, investigation report 60 working days after reporting. PSIRF sets
 * no fixed clock: the response follows the provider's plan agreed with the commissioner.
 */
export function incidentDeadlines(i: IncidentRow, day: string) {
  if (i.regime === 'psirf') return [];
  const start = i.reportedOn ?? i.identifiedOn;
  const items = [
    {
      name: 'report',
      label: 'Reported (StEIS)',
      due: addWorkingDays(i.identifiedOn, 2),
      metOn: i.reportedOn,
    },
    {
      name: 'initial_review',
      label: 'Initial review',
      due: addWorkingDays(start, 3),
      metOn: null as string | null,
    },
    {
      name: 'investigation_report',
      label: 'Investigation report',
      due: addWorkingDays(start, 60),
      metOn: i.status === 'report_received' || i.status === 'closed' ? i.updatedAt.slice(0, 10) : null,
    },
  ];
  return items.map((d) => ({ ...d, overdue: !d.metOn && i.status !== 'closed' && day > d.due }));
}

/** Incidents, of one provider or all, of the given commissioning areas only (null: every area). */
export async function listIncidents(
  db: Queryable,
  provider?: string,
  areas: string[] | null = null,
): Promise<IncidentRow[]> {
  return listIncidentRows(db, provider ?? null, areas);
}

export async function getIncident(db: Queryable, id: number): Promise<IncidentRow | null> {
  return findIncident(db, id);
}

export async function updateIncident(
  db: Queryable,
  id: number,
  u: {
    status?: IncidentStatus;
    reportedOn?: string;
    dutyOfCandourOn?: string;
    responseType?: string;
    document?: { title: string; reference: string };
  },
): Promise<void> {
  await updateIncidentRow(
    db,
    id,
    {
      status: u.status ?? null,
      reportedOn: u.reportedOn ?? null,
      dutyOfCandourOn: u.dutyOfCandourOn ?? null,
      responseType: u.responseType ?? null,
      document: u.document ?? null,
    },
    nowIso(),
  );
}

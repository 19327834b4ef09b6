/** Serious incidents recorded against providers (table incidents), opened by hand or by escalating a concern. */
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { incidents } from '../schema.js';
import type { Harm } from '../../concerns/taxonomy.js';

export const INCIDENT_STATUSES = ['reported', 'investigating', 'report_received', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface IncidentRow {
  id: number;
  providerCode: string;
  /** the commissioning area that recorded it ('' before incidents had one) */
  areaCode: string;
  providerName: string | null;
  regime: 'sif2015' | 'psirf';
  title: string;
  description: string;
  harm: Harm | null;
  identifiedOn: string;
  reportedOn: string | null;
  neverEvent: string | null;
  dutyOfCandourOn: string | null;
  responseType: string | null;
  status: IncidentStatus;
  documents: Array<{ title: string; reference: string }>;
  createdAt: string;
  updatedAt: string;
}

export interface NewIncidentRecord {
  provider: string;
  area: string;
  regime: 'sif2015' | 'psirf';
  title: string;
  description: string;
  harm: Harm | null;
  identifiedOn: string;
  reportedOn: string | null;
  neverEvent: string | null;
  dutyOfCandourOn: string | null;
  responseType: string | null;
  createdBy: string;
  at: string;
}

/** Insert a reported incident; its id. */
export async function insertIncident(db: Queryable, i: NewIncidentRecord): Promise<number> {
  const [{ id }] = await orm(db)
    .insert(incidents)
    .values({
      providerCode: i.provider,
      areaCode: i.area,
      regime: i.regime,
      title: i.title,
      description: i.description,
      harm: i.harm,
      identifiedOn: i.identifiedOn,
      reportedOn: i.reportedOn,
      neverEvent: i.neverEvent,
      dutyOfCandourOn: i.dutyOfCandourOn,
      responseType: i.responseType,
      status: 'reported',
      createdBy: i.createdBy,
      createdAt: i.at,
      updatedAt: i.at,
    })
    .returning({ id: incidents.id });
  return id;
}

const SELECT_INCIDENT = `SELECT i.id, i.provider_code AS "providerCode", i.area_code AS "areaCode", o.name AS "providerName", i.regime, i.title,
  i.description, i.harm, i.identified_on AS "identifiedOn", i.reported_on AS "reportedOn", i.never_event AS "neverEvent",
  i.duty_of_candour_on AS "dutyOfCandourOn", i.response_type AS "responseType", i.status, i.documents,
  i.created_at AS "createdAt", i.updated_at AS "updatedAt"
  FROM incidents i LEFT JOIN organisations o ON o.code = i.provider_code`;

/** Incidents, of one provider or all, of the given commissioning areas only (null: every area), newest first. */
export function listIncidentRows(
  db: Queryable,
  provider: string | null,
  areas: string[] | null,
): Promise<IncidentRow[]> {
  return db.query<IncidentRow>(
    `${SELECT_INCIDENT} WHERE ($1::text IS NULL OR i.provider_code = $1) AND ($2::text[] IS NULL OR i.area_code = ANY($2))
      ORDER BY i.identified_on DESC`,
    [provider, areas],
  );
}

export async function findIncident(db: Queryable, id: number): Promise<IncidentRow | null> {
  const [r] = await db.query<IncidentRow>(`${SELECT_INCIDENT} WHERE i.id = $1`, [id]);
  return r ?? null;
}

export interface IncidentUpdate {
  status: IncidentStatus | null;
  reportedOn: string | null;
  dutyOfCandourOn: string | null;
  responseType: string | null;
  /** a document to add to its list */
  document: { title: string; reference: string } | null;
}

/** Change the fields given (null: leave as it is) and add a document. */
export async function updateIncidentRow(
  db: Queryable,
  id: number,
  u: IncidentUpdate,
  at: string,
): Promise<void> {
  await db.query(
    `UPDATE incidents SET status = coalesce($2, status), reported_on = coalesce($3, reported_on),
       duty_of_candour_on = coalesce($4, duty_of_candour_on), response_type = coalesce($5, response_type),
       documents = CASE WHEN $6::jsonb IS NULL THEN documents ELSE documents || $6::jsonb END, updated_at = $7
     WHERE id = $1`,
    [
      id,
      u.status,
      u.reportedOn,
      u.dutyOfCandourOn,
      u.responseType,
      u.document ? JSON.stringify([u.document]) : null,
      at,
    ],
  );
}

/** Organisations as a load writes them: what is known of the codes a file mentions, and upserts by authority. */
import type { Queryable } from '../connect.js';
import type { OrgType } from '../../domain/organisations.js';
import { changeCounts } from './change-counts.js';

/** An organisation already in the store, as a load checks a file's types against it. */
export interface KnownOrganisation {
  code: string;
  type: OrgType;
  name: string;
}

/** An organisation as a load writes it: every field given (null where the file says nothing). */
export interface OrganisationWrite {
  code: string;
  name: string;
  type: OrgType;
  postcode: string | null;
  openDate: string | null;
  closeDate: string | null;
  status: string;
  attributes: Record<string, string>;
}

export async function knownOrganisations(tx: Queryable, codes: string[]): Promise<KnownOrganisation[]> {
  if (codes.length === 0) return [];
  return tx.query<KnownOrganisation>(
    'SELECT code, type, name FROM organisations WHERE code = ANY($1::text[])',
    [codes],
  );
}

const columns = (list: OrganisationWrite[]) => [
  list.map((o) => o.code),
  list.map((o) => o.name),
  list.map((o) => o.type),
  list.map((o) => o.postcode),
  list.map((o) => o.openDate),
  list.map((o) => o.closeDate),
  list.map((o) => o.status),
  list.map((o) => JSON.stringify(o.attributes)),
];

// attributes travel as text and are cast row by row: a jsonb[] parameter took PGlite three times as long
const SELECT = `SELECT c, n, t, p, o, cl, s, a::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::text[]) AS x(c, n, t, p, o, cl, s, a)`;

/**
 * Organisations from a reference file (ODS): what it says replaces what was known, but a postcode, open or close
 * date it leaves out is kept and attributes are merged. Rows that would not change are left alone.
 */
export async function upsertReferenceOrganisations(
  tx: Queryable,
  orgs: OrganisationWrite[],
  loadId: number,
): Promise<{ inserted: number; updated: number }> {
  return changeCounts(
    tx,
    `INSERT INTO organisations (code, name, type, postcode, open_date, close_date, status, attributes, load_id)
     SELECT u.*, $9::int FROM (${SELECT}) AS u
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, postcode = COALESCE(excluded.postcode, organisations.postcode),
       open_date = COALESCE(excluded.open_date, organisations.open_date), close_date = COALESCE(excluded.close_date, organisations.close_date), status = excluded.status,
       attributes = organisations.attributes || excluded.attributes, load_id = excluded.load_id
     WHERE (organisations.name, organisations.type, organisations.postcode, organisations.open_date, organisations.close_date, organisations.status, organisations.attributes)
       IS DISTINCT FROM (excluded.name, excluded.type, COALESCE(excluded.postcode, organisations.postcode), COALESCE(excluded.open_date, organisations.open_date), COALESCE(excluded.close_date, organisations.close_date), excluded.status, organisations.attributes || excluded.attributes)
     RETURNING (xmax = 0) AS inserted`,
    [...columns(orgs), loadId],
  );
}

/**
 * Organisations a file only mentions: new ones are added; known ones only have gaps filled (a placeholder name
 * that is the code itself, a missing postcode, new attributes).
 */
export async function upsertMentionedOrganisations(
  tx: Queryable,
  orgs: OrganisationWrite[],
  loadId: number,
): Promise<{ inserted: number; updated: number }> {
  return changeCounts(
    tx,
    `INSERT INTO organisations (code, name, type, postcode, open_date, close_date, status, attributes, load_id)
     SELECT u.*, $9::int FROM (${SELECT}) AS u
     ON CONFLICT (code) DO UPDATE SET
       name = CASE WHEN organisations.name = organisations.code THEN excluded.name ELSE organisations.name END,
       postcode = COALESCE(organisations.postcode, excluded.postcode),
       attributes = organisations.attributes || excluded.attributes
     WHERE (organisations.name = organisations.code AND excluded.name <> excluded.code)
        OR (organisations.postcode IS NULL AND excluded.postcode IS NOT NULL)
        OR NOT (organisations.attributes @> excluded.attributes)
     RETURNING (xmax = 0) AS inserted`,
    [...columns(orgs), loadId],
  );
}

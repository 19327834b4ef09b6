/** Parent links as a load writes them: the current intervals of some children, then the difference deleted and copied in. */
import type { Queryable } from '../connect.js';
import { copyRows } from '../copy.js';

export interface LinkRow {
  child_code: string;
  relationship: string;
  parent_code: string;
  valid_from: string;
  valid_to: string | null;
}

/** When an organisation opened and closed, for one with at least one of the dates known. */
export interface LifetimeRow {
  code: string;
  open: string | null;
  close: string | null;
}

/** Links to delete, as three columns of equal length: child, relationship, start (a link's key). */
export type LinkKeys = [children: string[], relationships: string[], froms: string[]];

/** Links to add, as five columns of equal length: child, relationship, parent, start, end (null: open). */
export type LinkColumns = [
  children: string[],
  relationships: string[],
  parents: string[],
  froms: string[],
  tos: Array<string | null>,
];

export async function linksOfChildren(tx: Queryable, children: string[]): Promise<LinkRow[]> {
  return tx.query<LinkRow>(
    'SELECT child_code, relationship, parent_code, valid_from, valid_to FROM organisation_links WHERE child_code = ANY($1::text[])',
    [children],
  );
}

/** The lifetimes of those organisations among the codes whose open or close date is known. */
export async function knownLifetimes(tx: Queryable, codes: string[]): Promise<LifetimeRow[]> {
  return tx.query<LifetimeRow>(
    'SELECT code, open_date AS open, close_date AS close FROM organisations WHERE code = ANY($1::text[]) AND (open_date IS NOT NULL OR close_date IS NOT NULL)',
    [codes],
  );
}

export async function deleteLinks(tx: Queryable, keys: LinkKeys): Promise<void> {
  if (keys[0].length === 0) return;
  await tx.query(
    `DELETE FROM organisation_links l USING unnest($1::text[], $2::text[], $3::date[]) AS d(c, r, f)
      WHERE l.child_code = d.c AND l.relationship = d.r AND l.valid_from = d.f`,
    keys,
  );
}

/** Add links, recorded as the load's; by COPY, as the parameter arrays of an INSERT cost more than the rows for a large file. */
export async function copyLinks(tx: Queryable, links: LinkColumns, loadId: number): Promise<void> {
  const [children, relationships, parents, froms, tos] = links;
  await copyRows(
    tx,
    'organisation_links',
    ['child_code', 'relationship', 'parent_code', 'valid_from', 'valid_to', 'load_id'],
    children.length,
    (i) => [children[i], relationships[i], parents[i], froms[i], tos[i], loadId],
  );
}

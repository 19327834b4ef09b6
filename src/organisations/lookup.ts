/** An organisation named in a request, or the error that says why there is none of the kind the route needs. */
import type { Queryable } from '../db/connect.js';
import { findOrganisation } from '../db/repos/organisations.js';
import { badRequest, notFound } from '../api/errors.js';

export async function requireOrganisation(db: Queryable, code: string) {
  const org = await findOrganisation(db, code);
  if (!org)
    throw notFound(
      `No organisation has the code ${code}. Search by name, code or postcode at /api/organisations?q=…`,
    );
  return org;
}

/** A GP practice, or 404 (unknown code) or 400 naming what the organisation is and what the route is for. */
export async function requirePractice(db: Queryable, code: string, forWhat: string) {
  const org = await requireOrganisation(db, code);
  if (org.type !== 'practice') throw badRequest(`${org.code} is a ${org.type}; ${forWhat}`);
  return org;
}

/** A CCG (sub-ICB location) or an ICB: the areas that funnels, deciles and groups are drawn for. */
export async function requireArea(db: Queryable, code: string) {
  const area = await requireOrganisation(db, code);
  if (!['sub_icb', 'icb'].includes(area.type))
    throw badRequest(`area must be a CCG (sub-ICB location) or an ICB; ${area.code} is a ${area.type}`);
  return area;
}

import type { Queryable } from '../connect.js';

export interface PopulationRow {
  date: string;
  scheme: string;
  sex: string;
  ageBand: string;
  patients: number;
  loadId: number;
}

export async function populationOf(db: Queryable, code: string): Promise<PopulationRow[]> {
  return db.query<PopulationRow>(
    `SELECT date, scheme, sex, age_band AS "ageBand", patients, load_id AS "loadId" FROM populations WHERE org_code = $1 ORDER BY date, scheme, sex, age_band`,
    [code],
  );
}

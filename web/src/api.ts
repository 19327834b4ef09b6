/** Typed calls to the Lantern API; shapes come from the server's own types. */
import { useEffect, useState } from 'react';
import type { OrganisationSummary } from '../../src/domain/organisations';
import type { CatalogueEntry, ValuePoint } from '../../src/db/repos/indicators';
import type { OrganisationDetail, RelatedOrganisation } from '../../src/db/repos/organisations';
import type { PopulationRow } from '../../src/db/repos/populations';
import type { LoadRow } from '../../src/db/repos/loads';

export type {
  OrganisationSummary,
  CatalogueEntry,
  ValuePoint,
  OrganisationDetail,
  RelatedOrganisation,
  PopulationRow,
  LoadRow,
};

export interface Health {
  status: string;
  database: string;
  demo: boolean;
  organisations: number;
  loads: number;
  values: number;
}
export interface OrganisationPage {
  at: string;
  organisation: OrganisationDetail & { typeLabel: string };
  parents: RelatedOrganisation[];
  children: RelatedOrganisation[];
  history: Array<RelatedOrganisation & { direction: 'parent' | 'child' }>;
}
export interface IndicatorSeries {
  definition: CatalogueEntry | null;
  points: ValuePoint[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(res.status, body?.detail ?? `The server answered ${res.status}`);
  }
  return res.json() as Promise<T>;
}

export type Loadable<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ready'; data: T };

/** Fetch when the URL changes; null skips. */
export function useApi<T>(url: string | null): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    if (!url) return;
    let live = true;
    setResult({ state: 'loading' });
    getJson<T>(url).then(
      (data) => live && setResult({ state: 'ready', data }),
      (error: Error) => live && setResult({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return result;
}

/** Typed calls to the Lantern API; shapes come from the server's own types. */
import { QueryClient, useQuery } from '@tanstack/react-query';
import type { OrganisationSummary } from '../../src/domain/organisations';
import type { Action } from '../../src/auth/policy';
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
  syntheticData: boolean;
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
  /** what the "England" benchmark covers: "England", or e.g. "All 65 practices with data (…)" */
  englandLabel?: string;
  /** present when local figures were suppressed for this viewer */
  suppression?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the problem document, with any named facts it carries (e.g. the periods that can be asked for instead) */
    readonly problem: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/** The error for a refused request, from its problem document (null when the body was not one). */
export function refusal(status: number, problem: Record<string, unknown> | null): ApiError {
  const detail = typeof problem?.detail === 'string' ? problem.detail : `The server answered ${status}`;
  return new ApiError(status, detail, problem);
}

async function answer<T>(res: Response): Promise<T> {
  if (!res.ok) throw refusal(res.status, await res.json().catch(() => null));
  return res.json() as Promise<T>;
}

export async function getJson<T>(url: string): Promise<T> {
  return answer<T>(await fetch(url, { headers: { accept: 'application/json' } }));
}

/** The session's CSRF token, kept in memory only (never in browser storage). */
let csrfToken = '';
export const setCsrfToken = (t: string) => {
  csrfToken = t;
};
/** The token for a state-changing call's x-csrf-token header (the generated client's too, see api/client.ts). */
export const currentCsrfToken = () => csrfToken;

/** A state-changing call: JSON (or a CSV file) out, the CSRF token in its header. */
export async function send<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      'x-csrf-token': csrfToken,
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    },
    body:
      body === undefined
        ? undefined
        : contentType === 'application/json'
          ? JSON.stringify(body)
          : (body as BodyInit),
  });
  return answer<T>(res);
}

export interface GrantView {
  id: number;
  role: string;
  orgCode: string | null;
  roleLabel: string;
  orgName: string | null;
}
export interface SessionView {
  user: { id: number; email: string; displayName: string | null; demo: boolean } | null;
  grants?: GrantView[];
  /** each action the user holds, with the organisations it is held at (null: everywhere) */
  permissions?: Partial<Record<Action, string[] | null>>;
  csrfToken?: string;
  session?: { id: number; method: string; expiresAt: string; idleMinutes: number };
  signIn: {
    password: boolean;
    oidc: { label: string; url: string } | null;
    demoAccounts: Array<{ email: string; password: string; role: string; org: string | null }>;
  };
}

export type Loadable<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ready'; data: T };

/**
 * The cache of API answers, one entry per URL. An answer is kept for the session and refetched when a page that
 * uses it mounts again; after a change, the pages showing it ask again through `invalidateApi`.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // an error is an answer (403, 404, a problem document): show it at once rather than ask three more times
      retry: false,
      refetchOnWindowFocus: false,
    },
  },
});

/** Fetch when the URL changes; null skips (and stays loading). */
export function useApi<T>(url: string | null): Loadable<T> {
  const q = useQuery<T, ApiError | Error>({
    queryKey: [url],
    queryFn: () => getJson<T>(url!),
    enabled: url !== null,
  });
  if (q.isError) return { state: 'error', error: q.error };
  if (q.isSuccess) return { state: 'ready', data: q.data };
  return { state: 'loading' };
}

/**
 * After a change on the server: every cached answer whose URL starts with one of the prefixes (e.g. '/api/groups')
 * is out of date, and those on screen are fetched again.
 */
export function invalidateApi(...prefixes: string[]): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const url = query.queryKey[0];
      return typeof url === 'string' && prefixes.some((p) => url.startsWith(p));
    },
  });
}

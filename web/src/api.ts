/** Typed calls to the Lantern API; the answers' shapes come from the generated contract (api/schema.gen.ts). */
import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import type { Answer } from './api/client';

// Names for answers (and parts of answers) that several pages and components share.
export type Health = Answer<'/api/health', 'get'>;
export type OrganisationSummary = Answer<'/api/organisations', 'get'>['results'][number];
export type OrganisationPage = Answer<'/api/organisations/{code}', 'get'>;
export type OrganisationDetail = OrganisationPage['organisation'];
export type RelatedOrganisation = OrganisationPage['parents'][number];
export type PopulationRow = Answer<'/api/organisations/{code}/population', 'get'>['rows'][number];
/** One indicator's series for an organisation, with its definition and benchmarks. */
export type IndicatorSeries = Answer<'/api/organisations/{code}/indicators', 'get'>['indicators'][number];
export type ValuePoint = IndicatorSeries['points'][number];
export type CatalogueEntry = Answer<'/api/indicators', 'get'>['indicators'][number];
export type LoadRow = Answer<'/api/loads', 'get'>[number];
export type SessionView = Answer<'/api/auth/session', 'get'>;
export type GrantView = NonNullable<SessionView['grants']>[number];

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

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError | Error }
  /** `stale`: the last URL's answer, shown while the new one comes (useApi's `keepPrevious`) */
  | { state: 'ready'; data: T; stale?: boolean };

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

/**
 * Fetch when the URL changes; null skips (and stays loading). `keepPrevious`: while a new URL's answer comes, keep
 * showing the last one (a table re-sorted by the server stays in place, and the focus on its heading with it).
 */
export function useApi<T>(url: string | null, { keepPrevious = false } = {}): Loadable<T> {
  const q = useQuery<T, ApiError | Error>({
    queryKey: [url],
    queryFn: () => getJson<T>(url!),
    enabled: url !== null,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
  });
  if (q.isError) return { state: 'error', error: q.error };
  if (q.isSuccess) return { state: 'ready', data: q.data, ...(q.isPlaceholderData ? { stale: true } : {}) };
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

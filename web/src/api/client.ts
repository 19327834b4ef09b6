/**
 * The API client typed from the API's contract: `paths` is generated from docs/openapi.json (npm run openapi), so a
 * call's address, parameters, body and answer are checked against the server's route schemas.
 *
 *   const page = await ok(api.GET('/api/concerns/{id}', { params: { path: { id } } }));
 *
 * State-changing calls carry the session's CSRF token, and a refusal throws the same ApiError (with its problem
 * document) as the hand-written calls in ../api.ts.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, currentCsrfToken, refusal } from '../api';
import type { paths } from './schema.gen';

export type { paths };

type Method = 'get' | 'post' | 'put' | 'delete';

/** The JSON a successful call answers (its 200, else its 201), e.g. `Answer<'/api/health', 'get'>`. */
export type Answer<P extends keyof paths, M extends keyof paths[P] & Method> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

/** The JSON body a call sends, e.g. `Body<'/api/concerns', 'post'>`. */
export type Body<P extends keyof paths, M extends keyof paths[P] & Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/** The path and query parameters of a call. */
export type Params<P extends keyof paths, M extends keyof paths[P] & Method> = paths[P][M] extends {
  parameters: infer T;
}
  ? T
  : never;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds the CSRF token to state-changing calls, and asks for JSON unless the call said otherwise. */
export const sessionHeaders: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    if (!SAFE.has(request.method)) request.headers.set('x-csrf-token', currentCsrfToken());
    return request;
  },
};

/** A client for the API at baseUrl (the page's own origin by default); fetch may be replaced (tests). */
export function createApiClient(options: { baseUrl?: string; fetch?: typeof fetch } = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(sessionHeaders);
  return client;
}

export const api = createApiClient();

/**
 * The answer of a call, or the ApiError of its refusal, e.g. `await ok(api.GET('/api/health'))`. A refusal's problem
 * document (with its field errors) is on the error's `problem`.
 */
export async function ok<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<Exclude<D, undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = error !== null && typeof error === 'object' ? (error as Record<string, unknown>) : null;
    throw refusal(response.status, problem);
  }
  return data as Exclude<D, undefined>;
}

export { ApiError };

/** The generated client's session behaviour: the CSRF token on state-changing calls, refusals as ApiErrors. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { setCsrfToken } from '../api';
import { ApiError, createApiClient, ok, type Answer, type Body } from './client';

/** A fetch that records each request and answers with the given status and JSON. */
function answering(status: number, body: unknown, type = 'application/json') {
  const seen: Request[] = [];
  const fetch = async (input: Request | string | URL) => {
    seen.push(input as Request);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
  };
  return {
    seen,
    client: createApiClient({ baseUrl: 'http://lantern.test', fetch: fetch as typeof globalThis.fetch }),
  };
}

describe('API client', () => {
  it('sends the session CSRF token on a state-changing call, and not on a read', async () => {
    setCsrfToken('token-1');
    const { seen, client } = answering(200, { ok: true });
    await ok(client.POST('/api/auth/logout'));
    await ok(client.GET('/api/health'));
    expect(seen.map((r) => [r.method, r.headers.get('x-csrf-token')])).toEqual([
      ['POST', 'token-1'],
      ['GET', null],
    ]);
    expect(seen[1].headers.get('accept')).toBe('application/json');
  });

  it('answers the JSON of a successful call', async () => {
    const health = {
      status: 'ok',
      database: 'pglite',
      demo: false,
      syntheticData: false,
      organisations: 1,
      loads: 2,
      values: 3,
    };
    const { client } = answering(200, health);
    const answer = await ok(client.GET('/api/health'));
    expect(answer.organisations).toBe(1);
    expect(answer).toEqual(health);
  });

  it('throws an ApiError carrying the problem document of a refusal', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid body: email Invalid email address',
      errors: [{ in: 'body', name: 'email', message: 'Invalid email address' }],
    };
    const { client } = answering(400, problem, 'application/problem+json');
    const err = await ok(client.GET('/api/health')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).message).toBe(problem.detail);
    expect((err as ApiError).problem).toEqual(problem);
  });

  it('names the status when a refusal has no problem document', async () => {
    const { client } = answering(502, 'upstream down', 'text/plain');
    const err = (await ok(client.GET('/api/health')).catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.message, err.problem]).toEqual([502, 'The server answered 502', null]);
  });

  it('types an operation’s answer and body from the generated document (checked by tsc -p web)', () => {
    expectTypeOf<Answer<'/api/health', 'get'>['organisations']>().toEqualTypeOf<number>();
    expectTypeOf<Answer<'/api/alerts/read', 'post'>>().toEqualTypeOf<{ marked: number }>();
    expectTypeOf<Body<'/api/alerts/read', 'post'>>().toEqualTypeOf<{ ids: number[] }>();
  });
});

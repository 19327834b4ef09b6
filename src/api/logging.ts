/**
 * Server logs: Fastify's own logger (pino), one JSON line per request with its request id, and every 5xx with
 * its stack on that line. Bodies are never logged; cookies, CSRF tokens, authorisation headers and password
 * fields are redacted wherever they might appear, and secrets in query strings (the OIDC callback's code and
 * state) are masked.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  level?: LogLevel;
  /** where the JSON lines go (standard output when not given) */
  stream?: { write(line: string): void };
}

export const REQUEST_ID_HEADER = 'x-request-id';
// an id from a proxy in front is kept when it is short and plain, so one request can be followed across both logs
const INCOMING_ID = /^[\w.:-]{1,100}$/;

export function genReqId(req: IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && INCOMING_ID.test(sent) ? sent : randomUUID();
}

const SECRET_HEADERS = ['cookie', 'authorization', '"x-csrf-token"', '"set-cookie"'];
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'csrfToken', 'token'];
export const REDACT_PATHS = [
  ...['req', 'res', 'err', 'request', 'reply'].flatMap((o) =>
    SECRET_HEADERS.map((h) => `${o}.headers[${h}]`),
  ),
  ...SECRET_HEADERS.map((h) => `headers[${h}]`),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]),
  'req.body',
  'err.body',
];

/** Fastify's logger option: off, or pino writing JSON lines at the level asked for, with secrets redacted. */
export function loggerOptions(opts: boolean | LogOptions | undefined) {
  if (!opts) return false;
  const o = opts === true ? {} : opts;
  return {
    level: o.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(o.stream ? { stream: o.stream } : {}),
  };
}

const SECRET_QUERY = /^(code|state|token|password|secret|id_token|access_token|session_state)$/i;

/** The URL as logged: query parameters that carry secrets keep their names, not their values. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      return eq >= 0 && SECRET_QUERY.test(decodeURIComponentSafe(name)) ? `${name}=[redacted]` : p;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const failures = new WeakMap<FastifyRequest, Error>();

/** Keep a request's server error, so that its one log line carries the stack. */
export function recordFailure(request: FastifyRequest, err: Error): void {
  failures.set(request, err);
}

/**
 * Every answer carries its request id (x-request-id), and every request writes one line when it is answered:
 * method, URL, status, time taken, the signed-in user's id, and for a server error the error with its stack.
 */
export function requestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const p = request.principal as { kind: string; user?: { id: number } } | undefined;
    const line = {
      method: request.method,
      url: safeUrl(request.url),
      status: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      ...(p?.kind === 'user' && p.user ? { userId: p.user.id } : {}),
    };
    const err = failures.get(request);
    if (err) request.log.error({ ...line, err }, `${request.method} ${line.url} failed`);
    else if (reply.statusCode >= 500) request.log.error(line, 'request answered with a server error');
    else request.log.info(line, 'request');
  });
}

/**
 * Audit entries for requests that failed: a refused upload, a server error. Writing one must never hide the
 * failure it records: when the store cannot take the entry (often the very reason for a 5xx), or takes too long,
 * the entry is given up, the miss is logged beside the request id, and the original answer goes out unchanged.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { recordFailure } from './logging.js';
import type { Database } from '../db/connect.js';
import type { Role } from '../domain/roles.js';
import { appendAudit } from '../auth/audit.js';
import { ANONYMOUS, auditActor, type AuditFields } from './access.js';

export const FAILURE_AUDIT_TIMEOUT_MS = 2000;

/** The problem code of an error Fastify or a plugin raised with an HTTP status (a body too large, a rate limit…). */
const CODE_FOR_STATUS: Record<number, AppError['code']> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export async function auditFailure(
  db: Database,
  request: FastifyRequest,
  entry: Omit<AuditFields, 'outcome' | 'ip'> & { outcome: 'refused' | 'error' },
  role: Role | null = null,
): Promise<void> {
  const principal = request.principal ?? ANONYMOUS;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      appendAudit(db, {
        ...auditActor(
          principal,
          role ?? (principal.kind === 'user' ? (principal.grants[0]?.role ?? null) : null),
        ),
        ...entry,
        details: { ...entry.details, requestId: request.id },
        ip: request.ip,
      }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the audit entry took over ${FAILURE_AUDIT_TIMEOUT_MS} ms`)),
          FAILURE_AUDIT_TIMEOUT_MS,
        );
        timer.unref();
      }),
    ]);
  } catch (err) {
    request.log.error(
      { err, audit: { action: entry.action, outcome: entry.outcome } },
      'the audit entry for this failure could not be written',
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Any error a handler threw, as the AppError the answer is made from; a server error (5xx) is logged with its stack
 * and audited first. One path for the problem documents of /api and the OperationOutcomes of /fhir.
 */
export async function answerableError(
  db: Database,
  request: FastifyRequest,
  err: Error & { statusCode?: number; code?: unknown },
): Promise<AppError> {
  const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
  const e =
    err instanceof AppError
      ? err
      : status < 500
        ? new AppError(status, CODE_FOR_STATUS[status] ?? 'bad_request', err.message)
        : new AppError(
            500,
            'internal',
            `Something went wrong on the server (request ${request.id}). It has been logged.`,
          );
  if (e.status < 500) return e;
  recordFailure(request, err);
  await auditFailure(db, request, {
    action: 'server.error',
    target: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    outcome: 'error',
    details: {
      status: e.status,
      error: err.name,
      ...(typeof err.code === 'string' ? { code: err.code } : {}),
    },
  });
  return e;
}

/**
 * Audit entries for requests that failed: a refused upload, a server error. Writing one must never hide the
 * failure it records: when the store cannot take the entry (often the very reason for a 5xx), or takes too long,
 * the entry is given up, the miss is logged beside the request id, and the original answer goes out unchanged.
 */
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/connect.js';
import type { Role } from '../domain/roles.js';
import { appendAudit } from '../auth/audit.js';
import { ANONYMOUS, auditActor, type AuditFields } from './access.js';

export const FAILURE_AUDIT_TIMEOUT_MS = 2000;

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

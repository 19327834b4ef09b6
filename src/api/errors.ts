/** One error type for the API, rendered as RFC 9457 problem details. */
export type ErrorCode =
  | 'not_found'
  | 'bad_request'
  | 'conflict'
  | 'internal'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', what);
export const unauthenticated = (message = 'Sign in to do this.') =>
  new AppError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, details);
export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'bad_request', message, details);

const TITLES: Record<ErrorCode, string> = {
  not_found: 'Not found',
  bad_request: 'Bad request',
  conflict: 'Conflict',
  internal: 'Internal server error',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  too_many_requests: 'Too many requests',
  payload_too_large: 'Too large',
  unsupported_media_type: 'Unsupported media type',
  unavailable: 'Service unavailable',
};

/** The problem document; `requestId` is the id on the server's log line and audit entry for this request. */
export function problem(e: AppError, instance: string, requestId?: string) {
  return {
    type: `https://lantern.invalid/problems/${e.code}`,
    title: TITLES[e.code],
    status: e.status,
    detail: e.message,
    instance,
    ...(requestId ? { requestId } : {}),
    // a list of problems goes under errors; named facts (e.g. the allowed moves) become members
    ...(Array.isArray(e.details) ? { errors: e.details } : e.details ? (e.details as object) : {}),
  };
}

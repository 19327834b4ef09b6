/** One error type for the API, rendered as RFC 9457 problem details. */
export type ErrorCode = 'not_found' | 'bad_request' | 'conflict' | 'internal';

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
export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'bad_request', message, details);

const TITLES: Record<ErrorCode, string> = {
  not_found: 'Not found',
  bad_request: 'Bad request',
  conflict: 'Conflict',
  internal: 'Internal server error',
};

export function problem(e: AppError, instance: string) {
  return {
    type: `https://lantern.invalid/problems/${e.code}`,
    title: TITLES[e.code],
    status: e.status,
    detail: e.message,
    instance,
    ...(e.details ? { errors: e.details } : {}),
  };
}

export type ErrorCode = 'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export type FieldIssue = { field: string; message: string };

// The one error type services throw; the HTTP error handler maps `code` to a status.
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: number | string) => new DomainError('not_found', `${what} ${id} was not found`);

export const invalidField = (field: string, message: string) =>
  new DomainError('validation', `${field}: ${message}`, [{ field, message }]);

export const forbidden = (message = 'You do not have access to this') => new DomainError('forbidden', message);

/** Too many attempts: the HTTP layer answers 429 with a Retry-After of `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
    this.name = 'RateLimitedError';
  }
}

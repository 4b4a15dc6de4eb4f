import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type FieldIssue, RateLimitedError } from '../domain/errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

// Database constraint names -> the API field a person should fix.
const CONSTRAINT_FIELDS: Record<string, string> = {
  companies_inn_key: 'inn',
  companies_external_id_key: 'externalId',
  contacts_external_id_key: 'externalId',
  orders_external_id_key: 'externalId',
  employees_email_key: 'email',
  products_sku_key: 'sku',
  product_categories_name_key: 'name',
  product_groups_category_id_name_key: 'name',
  pipeline_stages_name_key: 'name',
  pipeline_stages_position_key: 'position',
  account_team_current_key: 'employeeId',
};

type PgError = { code?: string; constraint?: string; detail?: string; column?: string };

function camel(s: string) {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function fromPgError(err: PgError): DomainError | null {
  const field = (err.constraint && CONSTRAINT_FIELDS[err.constraint]) ?? (err.column ? camel(err.column) : undefined);
  switch (err.code) {
    case '23505':
      return new DomainError('conflict', `${field ?? 'value'}: already exists`, [{ field: field ?? 'value', message: 'already exists' }]);
    case '23503': {
      // e.g. constraint deals_owner_id_fkey -> ownerId
      const fk = err.constraint?.match(/^[a-z_]+?_([a-z_]+_id)_fkey$/)?.[1];
      const f = fk ? camel(fk) : 'reference';
      return new DomainError('validation', `${f}: refers to a record that does not exist`, [{ field: f, message: 'refers to a record that does not exist' }]);
    }
    case '23502':
      return new DomainError('validation', `${field ?? 'value'}: is required`, [{ field: field ?? 'value', message: 'is required' }]);
    case '23514':
      return new DomainError('validation', `A value breaks a rule (${err.constraint ?? 'check'})`);
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new DomainError('validation', 'A value has the wrong format or is out of range');
    default:
      return null;
  }
}

export function toHttpError(err: unknown): { status: number; body: { error: { code: string; message: string; details: FieldIssue[] } } } | null {
  if (err instanceof DomainError) {
    return { status: STATUS[err.code], body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const field = path || String((v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') || err.validationContext || 'body');
      return { field, message: v.message ?? 'is invalid' };
    });
    const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return { status: 400, body: { error: { code: 'validation', message, details } } };
  }
  const pgErr = fromPgError(err as PgError);
  if (pgErr) return toHttpError(pgErr);
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 400 ? 'validation' : fe.statusCode === 404 ? 'not_found' : 'bad_request';
    return { status: fe.statusCode, body: { error: { code, message: fe.message, details: [] } } };
  }
  return null;
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const mapped = toHttpError(err);
  if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
  if (mapped) return reply.status(mapped.status).send(mapped.body);
  // A stack trace never reaches a user; it goes to the log with the request id.
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: `Something went wrong on our side (request ${req.id})`, details: [] } });
}

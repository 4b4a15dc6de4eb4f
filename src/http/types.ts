import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../domain/actor.js';
import type { SessionCache } from '../features/auth/session-cache.js';
import { DomainError } from '../domain/errors.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Live sessions, checked on every request (features/auth/session-cache.ts). */
    sessions: SessionCache;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** A route anyone may call without credentials (login, health, API docs). */
    public?: boolean;
  }
}

/** The authenticated employee; the auth hook has already rejected anonymous requests. */
export function actorOf(req: { actor: Actor | null }): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'Log in first');
  return req.actor;
}

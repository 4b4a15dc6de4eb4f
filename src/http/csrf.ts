import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { DomainError } from '../domain/errors.js';
import { CSRF_COOKIE, CSRF_HEADER, csrfTokenFor } from '../features/auth/tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A browser attaches the session cookie to requests from any site; only our own page can read
 * the hf_csrf cookie and echo it as x-csrf-token. So a cookie-authenticated write without the
 * matching header is refused. Bearer tokens are never sent by a browser on its own: exempt.
 */
export function assertCsrf(req: FastifyRequest, session: string) {
  if (SAFE_METHODS.has(req.method)) return;
  const header = req.headers[CSRF_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  if (!sent || !same(sent, csrfTokenFor(session))) {
    throw new DomainError('forbidden', `Missing or wrong ${CSRF_HEADER} header: send the value of the ${CSRF_COOKIE} cookie with every change made through a session cookie`);
  }
}

/** Re-issues the CSRF cookie when a live session arrives without it (sessions from before it existed, a cleared cookie). */
export function refreshCsrfCookie(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, session: string) {
  const expected = csrfTokenFor(session);
  if (req.cookies[CSRF_COOKIE] === expected) return;
  reply.setCookie(CSRF_COOKIE, expected, { path: '/', httpOnly: false, sameSite: 'lax', secure: ctx.config.secureCookies });
}

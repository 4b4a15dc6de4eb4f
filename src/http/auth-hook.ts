import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { DomainError } from '../domain/errors.js';
import { authenticate } from '../features/auth/auth.service.js';
import { SessionCache } from '../features/auth/session-cache.js';
import { SESSION_COOKIE } from '../features/auth/tokens.js';
import { assertCsrf, refreshCsrfCookie } from './csrf.js';
import type { App } from './types.js';

/** Sets `req.actor` from the API token or session cookie, or answers 401. */
export async function authenticateRequest(ctx: AppContext, req: FastifyRequest, sessions: SessionCache) {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const session = req.cookies[SESSION_COOKIE];
  req.actor = await authenticate(ctx, { bearer, session }, sessions);
  if (!req.actor) throw new DomainError('unauthenticated', 'Log in first: your session is missing, expired or revoked');
  // Authenticated by cookie (a Bearer token takes precedence): writes must carry the CSRF header.
  return bearer ? null : (session ?? null);
}

// Secure by default: every route needs a live session cookie or API token unless it is
// declared `config: { public: true }`. The route-enumeration test keeps that list honest.
// Sessions are checked through the app's SessionCache (`app.sessions`), stopped when the app closes.
export async function registerAuthHook(app: App, ctx: AppContext) {
  const sessions = await SessionCache.start(ctx.database, { enabled: ctx.config.sessionCache });
  app.decorate('sessions', sessions);
  app.addHook('onClose', () => sessions.stop());
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.routeOptions.config.public) return;
    const cookieSession = await authenticateRequest(ctx, req, sessions);
    if (cookieSession) {
      assertCsrf(req, cookieSession);
      refreshCsrfCookie(ctx, req, reply, cookieSession);
    }
  });
}

import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, okBody } from '../shared/common.schema.js';
import { apiToken, createdToken, createTokenBody, loginBody, me } from './auth.schema.js';
import { guardedLogin } from '../login-guard/login-guard.service.js';
import * as service from './auth.service.js';
import { CSRF_COOKIE, csrfTokenFor, SESSION_COOKIE } from './tokens.js';

export function authRoutes(app: App, ctx: AppContext) {
  // Per address: at most 20 login requests a minute, before any password hashing (see login-guard for per-account lockout).
  const rateLimit = { max: 20, timeWindow: '1 minute' };
  app.post('/api/v1/auth/login', { config: { public: true, rateLimit }, schema: { tags: ['auth'], body: loginBody, response: { 200: me } } }, async (req, reply) => {
    const { session, expiresAt, actor } = await guardedLogin(ctx, req.body, req.ip);
    reply.setCookie(SESSION_COOKIE, session, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      expires: expiresAt,
    });
    // Not httpOnly: the web app reads it and sends it back as the x-csrf-token header on writes.
    reply.setCookie(CSRF_COOKIE, csrfTokenFor(session), { path: '/', httpOnly: false, sameSite: 'lax', secure: ctx.config.secureCookies, expires: expiresAt });
    return actor;
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], response: { 200: okBody } } }, async (req, reply) => {
    const session = req.cookies[SESSION_COOKIE];
    if (session) await service.logout(ctx, { session }, app.sessions);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], response: { 200: me } } }, async (req) => actorOf(req));

  app.get('/api/v1/auth/tokens', { schema: { tags: ['auth'], response: { 200: apiToken.array() } } }, async (req) =>
    service.listApiTokens(ctx, actorOf(req)),
  );

  app.post('/api/v1/auth/tokens', { schema: { tags: ['auth'], body: createTokenBody, response: { 201: createdToken } } }, async (req, reply) => {
    reply.status(201);
    return service.createApiToken(ctx, { employeeId: actorOf(req).id, name: req.body.name });
  });

  app.delete('/api/v1/auth/tokens/:id', { schema: { tags: ['auth'], params: idParams, response: { 200: okBody } } }, async (req) => {
    await service.revokeApiToken(ctx, actorOf(req), req.params.id);
    return { ok: true as const };
  });
}

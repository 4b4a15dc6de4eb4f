import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, okBody } from '../shared/common.schema.js';
import { apiToken, createdToken, createTokenBody, loginBody, me } from './auth.schema.js';
import * as service from './auth.service.js';
import { SESSION_COOKIE } from './tokens.js';

export function authRoutes(app: App, ctx: AppContext) {
  app.post('/api/v1/auth/login', { config: { public: true }, schema: { tags: ['auth'], body: loginBody, response: { 200: me } } }, async (req, reply) => {
    const { session, expiresAt, actor } = await service.login(ctx, req.body);
    reply.setCookie(SESSION_COOKIE, session, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      expires: expiresAt,
    });
    return actor;
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], response: { 200: okBody } } }, async (req, reply) => {
    const session = req.cookies[SESSION_COOKIE];
    if (session) await service.logout(ctx, { session });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
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

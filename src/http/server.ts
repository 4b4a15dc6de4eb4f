import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { featureRoutes } from '../features/routes.js';
import { registerAuthHook } from './auth-hook.js';
import { helmetOptions, rateLimitOptions } from './security.js';
import { errorHandler } from './error-handler.js';
import { registerWebApp } from './static.js';
import type { App } from './types.js';

export type RouteEntry = { method: string; url: string; public: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export type BuildOptions = { logger?: boolean; webDist?: string };

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 5 * 1024 * 1024, trustProxy: ctx.config.trustProxy }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: [] } }),
  );

  app.addHook('onRoute', (route) => {
    // swagger-ui's own routes (the page and its assets) are public documentation.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), public: true };
  });
  // The route table, so a test can prove every non-public route demands credentials.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeTable.push({ method, url: route.url, public: Boolean(route.config?.public) });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, helmetOptions(ctx.config));
  await app.register(fastifyRateLimit, rateLimitOptions);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Holdfast API', version: '1', description: 'B2B sales CRM. Log in with POST /api/v1/auth/login or send `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'hf_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { withCredentials: true } as object });

  await registerAuthHook(app, ctx);

  app.get('/health', { config: { public: true }, schema: { hide: true, response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) } } }, async () => {
    await ctx.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    return { status: 'ok' as const, database: ctx.database.kind };
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const register of featureRoutes) register(app, ctx);
  await registerWebApp(app, ctx, { distDir: options.webDist });
  return app;
}

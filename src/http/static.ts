import fastifyStatic from '@fastify/static';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { authenticateRequest } from './auth-hook.js';
import type { App } from './types.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

// The web app (web/dist, built by `npm run build:web`) on the API's own port. Its files hold no
// data, so its routes are public; any other GET that is not an API path gets index.html and the
// app's router takes over (deep links like /clients/42 work on reload).
export async function registerWebApp(app: App, ctx: AppContext, options: { distDir?: string } = {}) {
  const distDir = options.distDir ?? WEB_DIST;
  // Looked up per request, so a build that finishes after the server started is picked up.
  const built = () => existsSync(path.join(distDir, 'index.html'));
  // Top-level files other than index.html (favicon, robots.txt) are served as themselves.
  const isTopLevelFile = (name: string) => /^[\w-][\w.-]*$/.test(name) && name !== 'index.html' && existsSync(path.join(distDir, name)) && statSync(path.join(distDir, name)).isFile();

  await app.register(async (web) => {
    // Only reply.sendFile is used: each route below is declared here, public, and in the route table.
    await web.register(fastifyStatic, { root: distDir, serve: false });
    const config = { public: true };

    // Hashed file names: a browser may keep them forever; index.html is always revalidated.
    web.get('/assets/*', { config, schema: { hide: true } }, async (req, reply) => {
      if (!built()) return reply.callNotFound();
      const file = (req.params as { '*': string })['*'];
      return reply.sendFile(file, path.join(distDir, 'assets'), { immutable: true, maxAge: '365d' });
    });

    const shell = async (req: FastifyRequest, reply: FastifyReply) => {
      const url = req.url.split('?')[0] ?? '/';
      if (isApiPath(url)) {
        // Unknown API paths keep the API's answers: 401 to strangers, the JSON 404 to employees.
        await authenticateRequest(ctx, req, app.sessions);
        return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${url}`, details: [] } });
      }
      if (!built()) {
        return reply.status(503).type('text/plain; charset=utf-8').send('The web app is not built yet: run `npm run build:web`.');
      }
      const file = url.slice(1);
      if (isTopLevelFile(file)) return reply.sendFile(file, distDir);
      return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir, { cacheControl: false });
    };
    web.get('/', { config, schema: { hide: true } }, shell);
    web.get('/*', { config, schema: { hide: true } }, shell);
  });
}

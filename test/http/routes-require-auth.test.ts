import { describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../factories.js';
import { useApp } from '../harness.js';

// Every route answers 401 without credentials, except the short, explicit public list below.
const PUBLIC = new Set(['POST /api/v1/auth/login', 'GET /health', 'GET /api/openapi.json']);

function concrete(url: string) {
  return url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'x');
}

describe('authentication on every route', () => {
  const h = useApp();

  it('has a route table covering the core API', () => {
    const urls = new Set(h.app.routeTable.map((r) => r.url));
    for (const u of ['/api/v1/companies', '/api/v1/contacts', '/api/v1/employees', '/api/v1/orders', '/api/v1/deals', '/api/v1/tasks', '/api/v1/activities', '/api/v1/products']) {
      expect(urls, u).toContain(u);
    }
  });

  it('declares public only login, health, the OpenAPI document, the API docs and the web app shell', () => {
    const pub = h.app.routeTable.filter((r) => r.public && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
    const unexpected = pub.filter((p) => !PUBLIC.has(p) && !p.startsWith('GET /api/docs') && !/^GET \/(\*|assets\/\*)?$/.test(p));
    expect(unexpected).toEqual([]);
  });

  it('answers 401 to every non-public route without credentials, and with a forged session or token', async () => {
    const routes = h.app.routeTable.filter((r) => !r.public && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const r of routes) {
      const url = concrete(r.url);
      const method = r.method as 'GET';
      for (const headers of [{}, { cookie: 'hf_session=forged' }, { authorization: 'Bearer hf_forged' }]) {
        const res = await h.app.inject({ method, url, headers, payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
        if (res.statusCode !== 401 || res.json().error?.code !== 'unauthenticated') failures.push(`${r.method} ${r.url} ${JSON.stringify(headers)} -> ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('reports health and the database kind without credentials', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: process.env.HOLDFAST_TEST_DB === 'postgres' ? 'postgres' : 'pglite' });
  });

  it('publishes an OpenAPI 3.1 document describing the API', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/companies/{id}');
    expect(doc.paths['/api/v1/companies'].post.requestBody).toBeDefined();
    const docs = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('answers unknown API paths 401 to strangers (no probing) and 404 in the JSON error shape to employees', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/nope' })).statusCode).toBe(401);
    const employee = await makeEmployee(h.ctx.db);
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/nope', headers: await loginAs(h.app, employee.email) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'not_found', message: 'No route GET /api/v1/nope' });
  });
});

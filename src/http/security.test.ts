import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { loginAs, makeEmployee, TEST_PASSWORD } from '../../test/factories.js';
import { buildApp } from './server.js';
import type { App } from './types.js';

describe('HTTP hardening: CSRF for cookie sessions, security headers', () => {
  let ctx: TestContext;
  let app: App;
  let dist: string;
  let email: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'hf-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    ctx = await createTestContext();
    app = await buildApp(ctx, { webDist: dist });
    await app.ready();
    email = (await makeEmployee(ctx.db, { role: 'head_of_sales' })).email;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
    rmSync(dist, { recursive: true, force: true });
  });

  const create = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'CSRF Ltd' } });

  describe('CSRF', () => {
    it('login sets a readable hf_csrf cookie beside the httpOnly session', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
      const csrf = res.cookies.find((c) => c.name === 'hf_csrf');
      expect(csrf).toMatchObject({ sameSite: 'Lax', path: '/' });
      expect(csrf?.httpOnly).toBeFalsy();
      expect(csrf?.value).toMatch(/^[\w-]{43}$/);
      expect(res.cookies.find((c) => c.name === 'hf_session')?.httpOnly).toBe(true);
    });

    it('refuses a cookie-authenticated write without the header, or with a wrong one, and accepts the right one', async () => {
      const session = await loginAs(app, email);
      const missing = await create({ cookie: session.cookie });
      expect(missing.statusCode).toBe(403);
      expect(missing.json().error.message).toContain('x-csrf-token');
      expect((await create({ cookie: session.cookie, 'x-csrf-token': 'forged' })).statusCode).toBe(403);
      // A token from another session does not fit this one.
      const other = await loginAs(app, email);
      expect((await create({ cookie: session.cookie, 'x-csrf-token': other['x-csrf-token'] })).statusCode).toBe(403);
      expect((await create(session)).statusCode).toBe(201);
      expect(await ctx.db.selectFrom('companies').select('id').where('name', '=', 'CSRF Ltd').execute()).toHaveLength(1);
    });

    it('leaves reads alone, and re-issues the cookie to a session that lacks it', async () => {
      const session = await loginAs(app, email);
      const res = await app.inject({ method: 'GET', url: '/api/v1/companies', headers: { cookie: session.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'hf_csrf')?.value).toBe(session['x-csrf-token']);
    });

    it('exempts Bearer tokens and the login itself', async () => {
      const session = await loginAs(app, email);
      const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'integration' } })).json().token;
      expect((await create({ authorization: `Bearer ${token}` })).statusCode).toBe(201);
      // A Bearer request that also carries a browser's cookie is judged by the token.
      expect((await create({ authorization: `Bearer ${token}`, cookie: session.cookie })).statusCode).toBe(201);
    });

    it('logout needs the header too, and clears the CSRF cookie', async () => {
      const session = await loginAs(app, email);
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session.cookie } })).statusCode).toBe(403);
      const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session });
      expect(out.statusCode).toBe(200);
      expect(out.cookies.find((c) => c.name === 'hf_csrf')?.value).toBe('');
    });
  });

  describe('security headers', () => {
    it('sends a strict CSP and the usual headers on API answers', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined(); // plain HTTP install
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('still serves the web app and swagger-ui, whose scripts and styles the CSP allows', async () => {
      const index = await app.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('<div id="root">');
      expect(index.headers['content-security-policy']).toContain("script-src 'self'");
      expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);

      const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      // swagger-ui loads only same-origin files, no inline script: compatible with script-src 'self'.
      expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
      const scripts = [...docs.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        const url = new URL(src, 'http://x/api/docs/').pathname;
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
      }
      expect((await app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
    });

    it('over HTTPS adds HSTS and upgrade-insecure-requests', async () => {
      const secure = await buildApp({ ...ctx, config: { ...ctx.config, secureCookies: true } }, { webDist: dist });
      const res = await secure.inject({ method: 'GET', url: '/health' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      await secure.close();
    });
  });
});

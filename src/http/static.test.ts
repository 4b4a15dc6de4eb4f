import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { loginAs, makeEmployee } from '../../test/factories.js';
import { buildApp } from './server.js';
import type { App } from './types.js';

// The web app shell on the API's port: public files, SPA fallback, API 404/401 untouched.
describe('web app serving', () => {
  let ctx: TestContext;
  let app: App;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'hf-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *');
    ctx = await createTestContext();
    app = await buildApp(ctx, { webDist: dist });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and at any deep link, without credentials', async () => {
    for (const url of ['/', '/clients/42', '/deals?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable, top-level files as themselves, and 404s a missing asset', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/robots.txt' })).body).toBe('User-agent: *');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('keeps unknown API paths answering like the API: 401 to strangers, JSON 404 to employees', async () => {
    const stranger = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(stranger.statusCode).toBe(401);
    expect(stranger.json().error.code).toBe('unauthenticated');
    const employee = await makeEmployee(ctx.db);
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope?x=1', headers: await loginAs(app, employee.email) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'not_found', message: 'No route GET /api/v1/nope' });
  });

  it('says how to build the app when web/dist is missing', async () => {
    const bare = await buildApp(ctx, { webDist: path.join(dist, 'nowhere') });
    const res = await bare.inject({ method: 'GET', url: '/clients' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    await bare.close();
  });
});

import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../src/http/server.js';
import type { App } from '../src/http/types.js';
import { createTestContext, type TestContext } from './db.js';

/** One database and one app per test file, torn down afterwards. */
export function useApp() {
  const h = {} as { ctx: TestContext; app: App };
  beforeAll(async () => {
    h.ctx = await createTestContext();
    h.app = await buildApp(h.ctx);
    await h.app.ready();
  });
  afterAll(async () => {
    await h.app?.close();
    await h.ctx?.cleanup();
  });
  return h;
}

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/http/server.js';
import type { App } from '../../src/http/types.js';
import { createTestContext, type TestContext } from '../db.js';

export const CHROMIUM = process.env.HOLDFAST_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

// Debian's Chromium, headless and quiet: no network calls of its own, a fresh profile every run.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Server = { ctx: TestContext; app: App; url: string; close: () => Promise<void> };

/** The real server (API + built web app) on a random local port over a fresh database. */
export async function startServer(seed: (ctx: TestContext) => Promise<void>): Promise<Server> {
  const ctx = await createTestContext();
  await seed(ctx);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ctx,
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await ctx.cleanup();
    },
  };
}

export type Browser = { context: BrowserContext; page: Page; close: () => Promise<void> };

export async function launchBrowser(options: { locale?: string; timezoneId?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  const profile = mkdtempSync(path.join(tmpdir(), 'hf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Europe/Moscow',
    viewport: { width: 1400, height: 900 },
  });
  // Generous: CI machines have two cores shared by the server, the database and the browser.
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
    },
  };
}

/** Saves a screenshot for reviewers under test-artifacts/screenshots/ (git-ignored). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let transitions and notifications settle so the picture shows what a person would see.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Polls what the page shows until the assertion holds (30 s at most): the UI settles asynchronously. */
export const eventually = <T>(observe: () => Promise<T>) => expect.poll(observe, { timeout: 30_000, interval: 100 });

/** Switches the interface language with the header's RU/EN control. */
export const switchLanguage = (page: Page, lang: 'ru' | 'en') => page.locator('header label', { hasText: lang === 'ru' ? /^RU$/ : /^EN$/ }).click();

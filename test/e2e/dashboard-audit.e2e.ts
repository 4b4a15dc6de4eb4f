import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../src/features/demo/demo.service.js';
import { raiseAlert } from '../../src/features/signals/alerts.repository.js';
import { type Browser, launchBrowser, screenshot, type Server, startServer, eventually, switchLanguage } from './browser.js';

// The director's oversight screens on a small demo, in a real browser: the owner's dashboard (chart,
// at-risk clients, a task made from one of them), the audit trail filtered and its chain verified.
const DIRECTOR = 'director@demo.test';

let server: Server;
let browser: Browser;
let page: Page;
const go = (path: string) => page.goto(server.url + path);

describe("owner's dashboard and audit", () => {
  beforeAll(async () => {
    server = await startServer(async (ctx) => {
      await generateDemo(ctx, { seed: 42, clients: 200, years: 2 });
      // Two departure-signal alerts as the nightly job would raise them, to review and to dismiss.
      const managers = await ctx.db.selectFrom('employees').select('id').where('role', '=', 'account_manager').orderBy('id').limit(2).execute();
      for (const m of managers) {
        await raiseAlert(ctx.db, {
          kind: 'departure_signals',
          employeeId: m.id,
          evidence: {
            summary: 'Exported 1200 rows against a usual 15 a day.',
            signals: [{ metric: 'export_rows', value: 1200, usual: 15, unit: 'day', ratio: 80, z: 9.1, text: 'Exported 1200 rows (usually 15 a day)' }],
          },
        });
      }
    });
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await go('/login');
    await page.getByLabel('Email').fill(DIRECTOR);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/my-day$/);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the dashboard with the walk-away chart and the at-risk clients with reasons', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByRole('heading', { name: "Owner's dashboard", level: 2 }).waitFor();
    // The chart is drawn by recharts: real bars in an SVG, one per manager.
    const chart = page.getByTestId('dependency-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await page.getByTestId('abc-section').getByText('Total revenue').waitFor();
    const risk = page.getByTestId('risk-list').getByTestId('dashboard-item');
    await eventually(() => risk.count()).toBeGreaterThan(0);
    // Every at-risk client links to its card and says why it is flagged.
    expect(await risk.first().getByRole('link').getAttribute('href')).toMatch(/^\/clients\/\d+$/);
    expect(await risk.first().locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'en-60-dashboard');
  });

  it('makes a task from an at-risk client, assigned to its owner, and confirms it', async () => {
    const item = page.getByTestId('risk-list').getByTestId('dashboard-item').first();
    const clientName = (await item.getByRole('link').innerText()).trim();
    await item.getByRole('button', { name: `Task for ${clientName}` }).click();
    const dialog = page.getByRole('dialog', { name: `Task for ${clientName}` });
    await expect.poll(() => dialog.getByLabel('What to do').inputValue()).toContain(clientName);
    await screenshot(page, 'en-61-dashboard-task');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await page.getByText(`Task created: Call ${clientName}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    // The task really exists, linked to the client.
    const tasks = await page.request.get(`${server.url}/api/v1/tasks?limit=200`);
    const body = (await tasks.json()) as { items: Array<{ title: string; companyName?: string | null }> };
    expect(body.items.some((t) => t.title.includes(clientName))).toBe(true);
  });

  it('filters the audit trail by action and verifies the chain as intact', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(/\/audit$/);
    await page.getByRole('heading', { name: 'Audit trail', level: 2 }).waitFor();
    const rows = page.locator('[data-testid=audit-table] tbody tr');
    await eventually(() => rows.count()).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Action', exact: true }).fill('auth.login');
    await page.keyboard.press('Escape');
    await eventually(async () => [...new Set((await rows.locator('td:nth-child(3)').allTextContents()).map((s) => s.trim()))]).toEqual(['auth.login']);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/Chain intact[\s\S]*OK: \d+ entr/);
    await screenshot(page, 'en-62-audit');
  });

  it('lists departure-signal alerts with their evidence; one is reviewed, the other dismissed with a reason', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Departure signals', level: 2 }).waitFor();
    const cards = page.getByTestId('alert-card');
    await eventually(() => cards.count()).toBe(2);
    await cards.first().getByText('Exported 1200 rows (usually 15 a day)').waitFor();
    await screenshot(page, 'en-63-alerts');
    await cards.first().getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByText(/^Alert on .+ marked reviewed$/).waitFor();
    await eventually(() => cards.count()).toBe(1);
    await cards.first().getByRole('button', { name: 'Dismiss' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await dialog.getByText('Required').waitFor();
    await dialog.getByLabel('Why is this not a concern?').fill('Quarterly report for the head of sales');
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText(/^Alert on .+ dismissed$/).waitFor();
    await page.getByTestId('empty-state').waitFor();
    await page.locator('label', { hasText: /^All$/ }).click();
    await eventually(() => cards.count()).toBe(2);
    await page.getByText(/Quarterly report for the head of sales/).waitFor();
  });

  it('shows the same screens in Russian', async () => {
    await go('/dashboard');
    await switchLanguage(page, 'ru');
    await page.getByRole('heading', { name: 'Сводка владельца', level: 2 }).waitFor();
    await page.getByTestId('dependency-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('risk-list').waitFor();
    await screenshot(page, 'ru-60-dashboard');
    await go('/audit');
    await page.getByRole('heading', { name: 'Журнал аудита', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Проверить цепочку' }).click();
    await page.getByTestId('verify-result').getByText('Цепочка цела').waitFor();
    await screenshot(page, 'ru-62-audit');
    await go('/alerts');
    await page.getByRole('heading', { name: 'Сигналы ухода', level: 2 }).waitFor();
    await screenshot(page, 'ru-63-alerts');
    await switchLanguage(page, 'en');
  });
});

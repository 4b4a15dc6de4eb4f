import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { innWithCheckDigits } from '../../src/domain/inn.js';
import { DEMO_PASSWORD, generateDemo } from '../../src/features/demo/demo.service.js';
import { type Browser, launchBrowser, screenshot, type Server, startServer, eventually, switchLanguage } from './browser.js';

// A head of sales hands an account manager's clients over and imports a file: in a real browser
// against the real server on a small demo, asserting what a person sees at each step.
const ROP = 'rop@demo.test';

let server: Server;
let browser: Browser;
let page: Page;
const go = (path: string) => page.goto(server.url + path);

describe('departure wizard and import screen', () => {
  let managerId = 0;
  let managerName = '';
  let handoverUrl = '';

  beforeAll(async () => {
    server = await startServer(async (ctx) => {
      await generateDemo(ctx, { seed: 11, clients: 120, years: 1 });
    });
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
    await go('/login');
    await page.getByLabel('Email').fill(ROP);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/my-day$/);
    const res = await page.request.get(`${server.url}/api/v1/employees?role=account_manager&limit=1`);
    const body = (await res.json()) as { items: Array<{ id: number; name: string }> };
    managerId = body.items[0]?.id ?? 0;
    managerName = body.items[0]?.name ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts a departure from the employee card and shows the plan grouped by successor', async () => {
    expect(managerId).toBeGreaterThan(0);
    await go(`/employees/${managerId}`);
    await page.getByRole('button', { name: 'Start departure / absence' }).click();
    const dialog = page.getByRole('dialog', { name: `Handover for ${managerName}` });
    await dialog.getByLabel('Reason').fill('Moves to another city');
    await screenshot(page, 'en-40-departure-form');
    await dialog.getByRole('button', { name: 'Draft the plan' }).click();
    await page.waitForURL(/\/handovers\/\d+$/);
    handoverUrl = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: `Departure of ${managerName}` }).waitFor();
    await page.getByTestId('plan').waitFor();
    const groups = page.getByTestId('successor-group');
    await eventually(() => groups.count()).toBeGreaterThan(1);
    // Each successor's group shows their load: clients and revenue.
    expect(await groups.first().getByTestId('successor-load').textContent()).toMatch(/clients?/);
    expect(await groups.first().getByTestId('successor-load').textContent()).toMatch(/RUB/);
    expect(await page.getByTestId('handover-status').textContent()).toBe('Draft');
    // Each client says why it goes to this successor, rendered from the API's reason code.
    const reasons = await page.getByTestId('reason').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r).toMatch(/^[ABC] client \(RUB\s[\d,.]+ revenue in 12 months.*\) goes to .+\.$/);
    await screenshot(page, 'en-41-handover-plan');
  });

  it('reassigns a client with the select and the row moves to the new successor', async () => {
    const groups = page.getByTestId('successor-group');
    const firstGroupName = await groups.first().getByRole('heading').innerText();
    const secondGroupName = await groups.nth(1).getByRole('heading').innerText();
    const firstRow = groups.first().locator('tbody tr').first();
    const client = await firstRow.locator('td').first().innerText();
    await firstRow.getByRole('textbox').click();
    await page.getByRole('option', { name: secondGroupName, exact: true }).click();
    const secondGroup = page.getByTestId('successor-group').filter({ has: page.getByRole('heading', { name: secondGroupName, exact: true }) });
    await eventually(async () => (await secondGroup.locator('tbody tr td:first-child').allInnerTexts()).includes(client)).toBe(true);
    expect(secondGroupName).not.toBe(firstGroupName);
  });

  it('approves and executes after confirming, and the person owns nothing open', async () => {
    await page.getByRole('button', { name: 'Approve the plan' }).click();
    await page.getByRole('dialog', { name: 'Approve the plan?' }).getByRole('button', { name: 'Approve the plan' }).click();
    await eventually(() => page.getByTestId('handover-status').textContent()).toBe('Approved');
    // Meanwhile someone else gives one of the clients to another manager: execution must keep that.
    const handoverId = handoverUrl.split('/').pop();
    const items = (await (await page.request.get(`${server.url}/api/v1/handovers/${handoverId}/items?kind=client&limit=1`)).json()) as { items: Array<{ companyId: number; companyName: string }> };
    const changed = items.items[0]!;
    const csrf = (await browser.context.cookies(server.url)).find((c) => c.name === 'hf_csrf')?.value ?? '';
    const me = (await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as { id: number };
    const patched = await page.request.patch(`${server.url}/api/v1/companies/${changed.companyId}`, { data: { ownerId: me.id }, headers: { 'x-csrf-token': csrf } });
    expect(patched.status()).toBe(200);
    await page.getByRole('button', { name: 'Execute the handover' }).click();
    const confirm = page.getByRole('dialog', { name: 'Execute the handover?' });
    expect(await confirm.innerText()).toContain(managerName);
    await screenshot(page, 'en-42-handover-confirm');
    await confirm.getByRole('button', { name: 'Execute the handover' }).click();
    await page.getByTestId('execution-result').waitFor();
    expect(await page.getByTestId('execution-result').innerText()).toContain('Done: the person owns nothing open');
    expect(await page.getByTestId('execution-result').locator('tr', { hasText: 'Clients' }).innerText()).toMatch(/\s1$/);
    const notMoved = page.getByTestId('plan').locator('tr', { has: page.getByTestId('item-status') });
    await eventually(() => notMoved.count()).toBe(1);
    expect(await notMoved.locator('td').first().innerText()).toBe(changed.companyName);
    expect(await notMoved.getByTestId('item-status').innerText()).toMatch(/not moved/i);
    await eventually(() => page.getByTestId('handover-status').textContent()).toBe('Executed');
    await screenshot(page, 'en-43-handover-executed');
    // Follow-up: the three windows, still running today, and the outreach tally.
    const windows = page.getByTestId('follow-up-windows');
    await windows.waitFor();
    expect(await windows.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^30 days\s+running until.*\s—$/is), expect.stringMatching(/^60 days/), expect.stringMatching(/^90 days/)]);
    await eventually(() => page.getByTestId('outreach-tally').textContent()).toMatch(/of them 0 sent/);
    // Outreach: mark the first letter still to do as sent; its status and the tally follow.
    const outreach = page.getByTestId('outreach');
    await outreach.locator('label', { hasText: 'To do' }).click();
    const letter = outreach.getByTestId('outreach-row').filter({ hasText: 'Letter 1' }).first();
    const client = (await letter.getByRole('link').textContent()) ?? '';
    expect(client).not.toBe('');
    await letter.getByRole('button', { name: 'Sent' }).click();
    await outreach.locator('label', { hasText: 'All' }).click();
    const row = outreach.getByTestId('outreach-row').filter({ hasText: client }).filter({ hasText: 'Letter 1' });
    await eventually(() => row.getByTestId('outreach-status').textContent()).toBe('Sent');
    await eventually(() => page.getByTestId('outreach-tally').textContent()).toMatch(/of them 1 sent/);
    await screenshot(page, 'en-44-handover-follow-up');
    await switchLanguage(page, 'ru');
    await page.getByText('Готово: за сотрудником не осталось ничего открытого').waitFor();
    await page.getByRole('heading', { name: 'Контроль после передачи' }).waitFor();
    expect(await page.getByTestId('outreach-tally').textContent()).toMatch(/отправлено 1,/);
    await screenshot(page, 'ru-43-handover-executed');
    await go('/handovers');
    await page.getByTestId('handovers-table').getByRole('link', { name: managerName }).waitFor();
    expect(await page.getByTestId('handovers-table').textContent()).toContain('Выполнена');
    await screenshot(page, 'ru-44-handovers');
    await go(handoverUrl);
    await page.getByTestId('plan').waitFor();
    // In Russian the reasons are Russian sentences with roubles formatted the Russian way; the client
    // reassigned by hand says so.
    const reasons = await page.getByTestId('reason').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    const drafted = reasons.filter((r) => !r.startsWith('При проверке плана'));
    expect(drafted.length).toBeGreaterThan(0);
    for (const r of drafted) expect(r).toMatch(/^Клиента [ABC] \(выручка [\d\s\u00a0\u202f]+,\d\d\s₽ за 12 месяцев.*\) получает .+\.$/);
    expect(reasons.filter((r) => /^При проверке плана .+ вручную назначил\(а\) преемника: .+\.$/.test(r))).toHaveLength(1);
    expect(reasons.join(' ')).not.toMatch(/goes to|revenue|RUB/);
    await screenshot(page, 'ru-41-handover-plan');
    await switchLanguage(page, 'en');
  });

  it('starts a handover from the list: asks whose work first, then drafts an absence', async () => {
    const res = await page.request.get(`${server.url}/api/v1/employees?role=account_manager&status=active&limit=5`);
    const other = ((await res.json()) as { items: Array<{ id: number; name: string }> }).items.find((e) => e.id !== managerId);
    expect(other).toBeDefined();
    await go('/handovers');
    await page.getByRole('button', { name: 'New handover' }).click();
    const dialog = page.getByRole('dialog', { name: 'New handover' });
    await dialog.locator('label', { hasText: 'Absence' }).click();
    await dialog.getByLabel('Back on').fill('2027-01-15');
    await dialog.getByRole('button', { name: 'Draft the plan' }).click();
    // Nobody chosen yet: the form says so and nothing is created.
    await dialog.getByText('Choose whose work is handed over').waitFor();
    expect(new URL(page.url()).pathname).toBe('/handovers');
    await dialog.getByRole('textbox', { name: 'Employee' }).fill(other!.name.split(' ')[0]!);
    await page.getByRole('option', { name: other!.name }).click();
    await screenshot(page, 'en-46-new-handover');
    await dialog.getByRole('button', { name: 'Draft the plan' }).click();
    await page.waitForURL(/\/handovers\/\d+$/);
    expect(new URL(page.url()).pathname).not.toBe(handoverUrl);
    await page.getByRole('heading', { name: `Absence of ${other!.name}` }).waitFor();
    expect(await page.getByTestId('handover-status').textContent()).toBe('Draft');
  });

  it("hands a hunter's client to account management from the client card, and refuses a second plan meanwhile", async () => {
    const hunters = ((await (await page.request.get(`${server.url}/api/v1/employees?role=hunter&status=active&limit=10`)).json()) as { items: Array<{ id: number; name: string }> }).items;
    let hunter: { id: number; name: string } | undefined;
    let clients: Array<{ id: number; name: string }> = [];
    for (const h of hunters) {
      clients = ((await (await page.request.get(`${server.url}/api/v1/companies?ownerId=${h.id}&limit=2`)).json()) as { items: Array<{ id: number; name: string }> }).items;
      if (clients.length === 2) {
        hunter = h;
        break;
      }
    }
    expect(hunter).toBeDefined();
    await go(`/clients/${clients[0]!.id}`);
    await page.getByRole('button', { name: 'Hand to an account manager' }).click();
    const dialog = page.getByRole('dialog', { name: `${clients[0]!.name}: to an account manager` });
    expect(await dialog.innerText()).toContain(`${hunter!.name} holds the client now`);
    await dialog.getByLabel("Hunter's share of credit").fill('25');
    await screenshot(page, 'en-47-hunter-handover');
    await dialog.getByRole('button', { name: 'Draft the plan' }).click();
    await page.waitForURL(/\/handovers\/\d+$/);
    await page.getByRole('heading', { name: `Hunter handover from ${hunter!.name}` }).waitFor();
    const rows = page.getByTestId('plan').locator('tbody tr');
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().innerText()).toBe(clients[0]!.name);
    // The hunter's other client cannot start a second plan while this one is open: the form says why.
    await go(`/clients/${clients[1]!.id}`);
    await page.getByRole('button', { name: 'Hand to an account manager' }).click();
    const second = page.getByRole('dialog', { name: `${clients[1]!.name}: to an account manager` });
    await second.getByRole('button', { name: 'Draft the plan' }).click();
    await second.getByRole('alert').filter({ hasText: 'already has handover' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/clients/${clients[1]!.id}`);
  });

  it('reports the bad INN row of a CSV in a dry run, with a link to the errors file', async () => {
    const good = innWithCheckDigits('770000456');
    const csv = `Name;INN;Phone\r\nOOO Dry Run One;${good};+7 495 111-22-33\r\nOOO Bad Inn;1234567890;\r\n`;
    for (const lang of ['en', 'ru'] as const) {
      await go('/imports');
      await switchLanguage(page, lang);
      await page.getByRole('heading', { name: lang === 'en' ? 'Import & export' : 'Импорт и экспорт', level: 2 }).waitFor();
      await page.locator('input[type=file]').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByRole('button', { name: lang === 'en' ? 'Upload' : 'Загрузить' }).click();
      await page.getByTestId('mapping').waitFor();
      expect(await page.getByTestId('preview').innerText()).toContain('OOO Bad Inn');
      await page.getByRole('button', { name: lang === 'en' ? 'Dry run' : 'Пробный прогон' }).click();
      await page.getByTestId('bad-rows').waitFor();
      const counts = await page.getByTestId('import-counts').innerText();
      expect(counts).toContain(lang === 'en' ? 'Bad rows: 1' : 'Строк с ошибками: 1');
      expect(counts).toContain(lang === 'en' ? 'Good rows: 1' : 'Годных строк: 1');
      const rows = page.getByTestId('bad-rows').locator('tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain('1234567890');
      const link = page.getByRole('link', { name: lang === 'en' ? 'Download errors (CSV)' : 'Скачать ошибки (CSV)' });
      expect(await link.getAttribute('href')).toMatch(/\/api\/v1\/imports\/\d+\/errors\.csv/);
      await screenshot(page, `${lang}-45-import-dry-run`);
    }
    // A dry run writes nothing.
    const res = await page.request.get(`${server.url}/api/v1/companies?q=${encodeURIComponent('OOO Dry Run One')}`);
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(0);
  });
});

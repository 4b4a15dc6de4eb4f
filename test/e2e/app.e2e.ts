import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { innWithCheckDigits } from '../../src/domain/inn.js';
import { DEMO_PASSWORD, generateDemo } from '../../src/features/demo/demo.service.js';
import { type Browser, launchBrowser, screenshot, type Server, startServer, eventually } from './browser.js';

// The flows a head of sales and a manager use most, in a real browser against the real server on
// the demo company: each step asserts what a person would see on the screen.
const DIRECTOR = 'director@demo.test';

let server: Server;
let browser: Browser;
let page: Page;
const go = (path: string) => page.goto(server.url + path);

/** Waits for the clients table to finish loading (it keeps the old rows while the next load runs). */
async function clientRows() {
  await page.locator('[data-testid=clients-table][aria-busy=false], [data-testid=empty-state]').first().waitFor();
  return page.locator('[data-testid=clients-table] tbody tr');
}

/** An API write as the logged-in browser makes it: session cookie plus the CSRF header. */
async function apiPost(path: string, data: unknown) {
  const csrf = (await browser.context.cookies(server.url)).find((c) => c.name === 'hf_csrf')?.value;
  return page.request.post(`${server.url}${path}`, { data, headers: csrf ? { 'x-csrf-token': csrf } : {} });
}

/** Retries an observation until it holds: the screen updates after debounces and requests. */

async function texts(locator: Locator) {
  return (await locator.allTextContents()).map((t) => t.trim());
}

async function chooseOption(label: string, option: string) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('Holdfast in the browser', () => {
  beforeAll(async () => {
    server = await startServer(async (ctx) => {
      await generateDemo(ctx, { seed: 7, clients: 300, years: 1 });
    });
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('greets a Russian browser in Russian', async () => {
    const ru = await launchBrowser({ locale: 'ru-RU' });
    try {
      await ru.page.goto(server.url + '/');
      await ru.page.getByRole('heading', { name: 'Вход' }).waitFor();
      expect(await ru.page.getByLabel('Эл. почта').isVisible()).toBe(true);
      expect(await ru.page.locator('html').getAttribute('lang')).toBe('ru');
    } finally {
      await ru.close();
    }
  });

  it('refuses a wrong password with a message a person understands', async () => {
    await go('/clients');
    await page.waitForURL(/\/login\?next=%2Fclients/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await screenshot(page, 'en-01-login');
    await page.getByLabel('Email').fill(DIRECTOR);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
  });

  it('logs the demo director in with the keyboard alone and shows who they are', async () => {
    await page.getByLabel('Email').fill('');
    await page.getByLabel('Email').focus();
    await page.keyboard.type(DIRECTOR);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    // Back where the person was going before the login screen.
    await page.waitForURL(/\/clients$/);
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    await eventually(() => page.getByTestId('user-menu').innerText()).toContain('Соколов Андрей Викторович');
    expect(await page.getByTestId('my-role').innerText()).toBe('Director');
  });

  it('switches the language: every label changes, and the choice survives a reload', async () => {
    await page.locator('header label', { hasText: /^RU$/ }).click();
    await page.getByRole('heading', { name: 'Клиенты', level: 2 }).waitFor();
    expect(await page.getByTestId('my-role').innerText()).toBe('Директор');
    expect(await page.getByRole('link', { name: 'Мой день' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Новый клиент' }).isVisible()).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Клиенты', level: 2 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  });

  it('filters the client list by status, owner, name and tag', async () => {
    let rows = await clientRows();
    expect(await rows.count()).toBe(50);

    await chooseOption('Статус', 'Активный');
    await page.waitForURL(/status=active/);
    await eventually(async () => new Set(await texts((await clientRows()).locator('td:nth-child(2)')))).toEqual(new Set(['Активный']));

    await chooseOption('Ответственный', 'Смирнов Алексей Игоревич');
    await page.waitForURL(/owner=\d+/);
    await eventually(async () => new Set(await texts((await clientRows()).locator('td:nth-child(3)')))).toEqual(new Set(['Смирнов Алексей Игоревич']));
    rows = await clientRows();

    const firstName = (await rows.first().locator('td').first().innerText()).trim();
    const prefix = firstName.slice(0, 6);
    await page.getByRole('textbox', { name: 'Поиск' }).fill(prefix);
    await page.waitForURL(/q=/);
    const startsWithPrefix = async () => (await texts((await clientRows()).locator('td:nth-child(1)'))).every((n) => n.toLowerCase().startsWith(prefix.toLowerCase()));
    await eventually(startsWithPrefix).toBe(true);
    expect(await (await clientRows()).count()).toBeGreaterThan(0);
    await screenshot(page, 'ru-03-clients-filtered');

    await page.getByRole('button', { name: 'Сбросить фильтры' }).click();
    await page.waitForURL((url) => url.search === '');
    expect(await page.getByRole('textbox', { name: 'Поиск' }).inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'Метка' }).fill('дилер');
    await page.waitForURL(/tag=/);
    // The matching tag is shown first in every row.
    await eventually(async () => new Set(await texts((await clientRows()).locator('td:nth-child(4) .mantine-Badge-root:first-child')))).toEqual(new Set(['дилер']));

    await page.getByRole('button', { name: 'Сбросить фильтры' }).click();
    await page.waitForURL((url) => !url.search.includes('tag='));
    await eventually(async () => (await clientRows()).count()).toBe(50);
    rows = await clientRows();
    // Keyset pagination: the next page has other clients.
    const pageOne = await texts(rows.locator('td:nth-child(1)'));
    await page.getByRole('button', { name: 'Далее' }).click();
    await eventually(async () => (await texts((await clientRows()).locator('td:nth-child(1)')))[0]).not.toBe(pageOne[0]);
    expect(await page.getByText('Страница 2').isVisible()).toBe(true);
  });

  it('opens a client card with requisites, account team and activity', async () => {
    await go('/clients?status=active');
    const rows = await clientRows();
    const link = rows.first().getByRole('link');
    const name = (await link.innerText()).trim();
    await link.click();
    await page.getByRole('heading', { name, level: 2 }).waitFor();
    const requisites = page.getByTestId('requisites');
    await requisites.getByText('ИНН').waitFor();
    expect(await requisites.innerText()).toMatch(/ИНН\s+\d{10}/);
    await page.getByTestId('account-team').getByText('Ответственный', { exact: true }).first().waitFor();
    await page.getByTestId('log-interaction').waitFor();
    await screenshot(page, 'ru-04-client-card');
  });

  it('adds a contact: a bad phone is refused at the field, a good one is saved in E.164', async () => {
    await page.getByRole('tab', { name: /Контакты/ }).click();
    await page.getByRole('button', { name: 'Добавить контакт' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый контакт' });
    await dialog.getByLabel('ФИО').fill('Тестов Пётр Ильич');
    await dialog.getByLabel('Должность').fill('Главный инженер');
    await dialog.getByLabel('Телефон 1').fill('12345');
    await dialog.getByRole('button', { name: 'Добавить контакт' }).click();
    const phoneError = dialog.getByText('Не удалось распознать номер телефона. Пример: +7 912 345-67-89');
    await phoneError.waitFor();
    expect(await dialog.getByLabel('Телефон 1').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'ru-05-contact-bad-phone');

    await dialog.getByLabel('Телефон 1').fill('8 (912) 345-67-89');
    await dialog.getByRole('button', { name: 'Добавить контакт' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('contacts-table').getByRole('row').filter({ hasText: 'Тестов Пётр Ильич' });
    await row.waitFor();
    expect(await row.innerText()).toContain('+7 912 345-67-89');
    expect(await row.getByRole('link', { name: '+7 912 345-67-89' }).getAttribute('href')).toBe('tel:+79123456789');
  });

  it('logs a call from the card in two clicks', async () => {
    await page.getByRole('tab', { name: 'Активность' }).click();
    const composer = page.getByTestId('log-interaction');
    await composer.getByLabel('Что произошло').fill('Договорились о поставке в декабре');
    await composer.getByRole('button', { name: 'Записать звонок' }).click();
    await page.getByText('Звонок записан').waitFor();
    const first = page.getByTestId('activity-timeline').locator('.mantine-Timeline-item').first();
    await eventually(() => first.innerText()).toContain('Договорились о поставке в декабре');
    expect(await first.innerText()).toMatch(/Звонок[\s\S]*Исходящий[\s\S]*Соколов Андрей Викторович/i);
    expect(await composer.getByLabel('Что произошло').inputValue()).toBe('');
  });

  it('moves a deal on the board by dragging it, and records the stage history', async () => {
    await page.getByRole('link', { name: 'Сделки' }).click();
    await page.getByRole('heading', { name: 'Сделки', level: 2 }).waitFor();
    const columns = page.locator('section[data-testid=stage-column]');
    await columns.nth(1).waitFor();
    const from = columns.nth(0);
    const to = columns.nth(1);
    const toName = (await to.locator('p').first().innerText()).trim();
    const card = from.getByTestId('deal-card').first();
    const dealId = await card.getAttribute('data-deal-id');
    const title = (await card.locator('p').first().innerText()).trim();
    await screenshot(page, 'ru-06-deals-board');

    const a = await card.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error('board not laid out');
    await page.mouse.move(a.x + a.width / 2, a.y + 20);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 20, a.y + 30, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + 120, { steps: 15 });
    await page.mouse.up();

    await page.getByText(`«${title}» → ${toName}`).waitFor();
    await to.locator(`[data-deal-id="${dealId}"]`).waitFor();
    expect(await from.locator(`[data-deal-id="${dealId}"]`).count()).toBe(0);
    // The server agrees, after a reload.
    await page.reload();
    await to.locator(`[data-deal-id="${dealId}"]`).waitFor();

    await to.locator(`[data-deal-id="${dealId}"]`).getByRole('button', { name: /Действия со сделкой/ }).click();
    await page.getByRole('menuitem', { name: 'История этапов' }).click();
    const history = page.getByTestId('deal-history');
    await history.waitFor();
    expect(await history.locator('.mantine-Timeline-item').first().innerText()).toContain(toName);
    await page.keyboard.press('Escape');
  });

  it('completes a task from my day with a result in one click', async () => {
    const created = await apiPost('/api/v1/tasks', { title: 'Перезвонить по счёту', dueAt: new Date(Date.now() - 60_000).toISOString() });
    expect(created.status()).toBe(201);
    await page.getByRole('link', { name: 'Мой день' }).click();
    const task = page.getByRole('article', { name: 'Перезвонить по счёту' });
    await task.waitFor();
    expect(await page.getByTestId('my-day-summary').innerText()).toMatch(/На сегодня у вас \d+ задач/);
    await screenshot(page, 'ru-02-my-day');

    await task.getByRole('button', { name: 'Готово' }).click();
    await task.getByText('Сначала напишите результат: что сделано?').waitFor();
    await task.getByLabel('Результат задачи «Перезвонить по счёту»').fill('Клиент оплатил, счёт закрыт');
    await task.getByRole('button', { name: 'Готово' }).click();
    await page.getByText('«Перезвонить по счёту» выполнена').waitFor();
    await task.waitFor({ state: 'detached' });
    const saved = await (await page.request.get(`${server.url}/api/v1/tasks/${(await created.json()).id}`)).json();
    expect(saved).toMatchObject({ status: 'done', result: 'Клиент оплатил, счёт закрыт' });
  });

  it('shows the employees, their roles, statuses and whom they manage', async () => {
    await page.getByRole('link', { name: 'Сотрудники' }).click();
    const table = page.getByTestId('employees-table');
    await table.waitFor();
    const rop = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Белова Ирина Сергеевна' }) });
    expect(await rop.innerText()).toMatch(/Руководитель отдела продаж[\s\S]*Работает/i);
    await rop.getByRole('link', { name: 'Белова Ирина Сергеевна' }).click();
    const reports = page.getByTestId('direct-reports');
    await reports.waitFor();
    expect(await reports.innerText()).toContain('Смирнов Алексей Игоревич');
    await page.keyboard.press('Escape');
  });

  it('saves screenshots of the main screens in both languages', async () => {
    const clientId = (await (await page.request.get(`${server.url}/api/v1/companies?status=active&limit=1`)).json()).items[0].id;
    for (const lang of ['ru', 'en'] as const) {
      await go('/my-day');
      await page.locator('header label', { hasText: lang === 'ru' ? /^RU$/ : /^EN$/ }).click();
      await page.getByRole('heading', { name: lang === 'ru' ? 'Мой день' : 'My day' }).waitFor();
      await screenshot(page, `${lang}-10-my-day`);
      const shots: Array<[string, string, string]> = [
        ['11-clients', '/clients', lang === 'ru' ? 'Клиенты' : 'Clients'],
        ['12-client-card', `/clients/${clientId}`, lang === 'ru' ? 'Реквизиты' : 'Requisites'],
        ['13-client-contacts', `/clients/${clientId}?tab=contacts`, lang === 'ru' ? 'Реквизиты' : 'Requisites'],
        ['14-client-orders', `/clients/${clientId}?tab=orders`, lang === 'ru' ? 'Итоги по месяцам' : 'Totals by month'],
        ['15-client-deals', `/clients/${clientId}?tab=deals`, lang === 'ru' ? 'Реквизиты' : 'Requisites'],
        ['16-client-tasks', `/clients/${clientId}?tab=tasks`, lang === 'ru' ? 'Реквизиты' : 'Requisites'],
        ['17-deals-board', '/deals', lang === 'ru' ? 'Сделки' : 'Deals'],
        ['18-employees', '/employees', lang === 'ru' ? 'Сотрудники' : 'Employees'],
      ];
      for (const [name, path, marker] of shots) {
        await go(path);
        await page.getByRole('heading', { name: marker }).first().waitFor();
        await page.getByTestId('loading').first().waitFor({ state: 'detached' });
        await screenshot(page, `${lang}-${name}`);
      }
    }
    // Money in Russian reads "1 234 567,89 ₽" (Intl, non-breaking spaces).
    await go(`/clients/${clientId}?tab=orders`);
    await page.locator('header label', { hasText: /^RU$/ }).click();
    await page.getByText('Итоги по месяцам').waitFor();
    expect(await page.getByTestId('orders-monthly').innerText()).toMatch(/\d{1,3}(\s\d{3})*,\d{2}\s₽/);
  });

  it('creates and edits a client, showing the API\'s validation at the field', async () => {
    await go('/clients');
    await page.getByRole('button', { name: 'Новый клиент' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый клиент' });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('ООО «Веб-Тест»');
    await dialog.getByRole('textbox', { name: 'ИНН' }).fill('7700000001');
    await dialog.getByRole('button', { name: 'Создать клиента' }).click();
    await dialog.getByText('Неверная контрольная цифра ИНН: проверьте, нет ли опечатки').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'ИНН' }).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('textbox', { name: 'ИНН' }).fill(innWithCheckDigits('770000123'));
    await dialog.getByRole('textbox', { name: 'Метки' }).fill('веб');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Создать клиента' }).click();
    await page.getByRole('heading', { name: 'ООО «Веб-Тест»', level: 2 }).waitFor();
    expect(await page.getByTestId('requisites').innerText()).toContain(innWithCheckDigits('770000123'));

    await page.getByRole('button', { name: 'Изменить' }).click();
    const edit = page.getByRole('dialog', { name: 'Изменить клиента' });
    await edit.getByRole('textbox', { name: 'Статус' }).click();
    await page.getByRole('option', { name: 'Под угрозой', exact: true }).click();
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByText('Под угрозой', { exact: true }).first().waitFor();
  });

  it('logs out and lands on the login screen', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    await screenshot(page, 'ru-01-login');
    await go('/my-day');
    await page.waitForURL(/\/login/);
  });

  it('shows an account manager masked phones, and the clear number after a reveal with a reason', async () => {
    await page.getByLabel('Эл. почта').fill('smirnov@demo.test');
    await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/my-day/);
    expect(await page.getByTestId('my-role').innerText()).toBe('Менеджер по работе с клиентами');
    const contacts = (await (await page.request.get(`${server.url}/api/v1/contacts?limit=50`)).json()).items as Array<{ companyId: number; name: string; phones: string[] }>;
    const contact = contacts.find((c) => c.phones.length > 0);
    if (!contact) throw new Error('the demo gave this manager no contact with a phone');
    expect(contact.phones[0]).toMatch(/\*\*\*/);

    await go(`/clients/${contact.companyId}?tab=contacts`);
    const row = page.getByTestId('contacts-table').getByRole('row').filter({ hasText: contact.name });
    await row.waitFor();
    expect(await row.innerText()).toContain(contact.phones[0]);
    await row.getByRole('button', { name: `Показать телефоны: ${contact.name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Зачем они вам нужны?').fill('Клиент просил перезвонить');
    await dialog.getByRole('button', { name: 'Показать' }).click();
    await dialog.waitFor({ state: 'detached' });
    const link = row.getByRole('link').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^tel:\+\d{11,}$/);
    await screenshot(page, 'ru-07-contact-revealed');

    // An account manager's day, as the demo plans it.
    await page.getByRole('link', { name: 'Мой день' }).click();
    await page.getByTestId('my-day-summary').waitFor();
    await screenshot(page, 'ru-08-my-day-account-manager');
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../src/features/demo/demo.service.js';
import { type Browser, launchBrowser, screenshot, type Server, startServer } from './browser.js';

// Universal search and the incoming-call dossier as a person uses them: the palette opened from the
// keyboard on any screen, and a pasted number turning into the client's dossier with a one-click call log.
let server: Server;
let browser: Browser;
let page: Page;
const go = (path: string) => page.goto(server.url + path);
const getJson = async <T>(path: string): Promise<T> => (await (await page.request.get(`${server.url}/api/v1${path}`)).json()) as T;

type Company = { id: number; name: string };
type Contact = { id: number; name: string; phones: string[] };
type Dossier = { owner: { name: string } | null; company: { name: string } };

/** Pastes text into the focused field the way a browser does (a paste event carrying the clipboard). */
async function paste(selector: string, text: string) {
  await page.locator(selector).focus();
  await page.evaluate(
    ([sel, value]) => {
      const data = new DataTransfer();
      data.setData('text/plain', value!);
      document.querySelector(sel!)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [selector, text],
  );
}

async function switchLanguage(lang: 'ru' | 'en') {
  await page.locator('header label', { hasText: lang === 'ru' ? /^RU$/ : /^EN$/ }).click();
}

describe('Search palette and incoming call', () => {
  beforeAll(async () => {
    server = await startServer(async (ctx) => {
      await generateDemo(ctx, { seed: 7, clients: 120, years: 1 });
    });
    browser = await launchBrowser({ locale: 'en-US' });
    page = browser.page;
    await go('/login');
    await page.getByLabel('Email').fill('director@demo.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/my-day$/);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the palette with Ctrl+K, finds a client by a fragment of its name and opens the card', async () => {
    const company = (await getJson<{ items: Company[] }>('/companies?status=active&limit=1')).items[0]!;
    // The longest word of the name (past the legal form and quotes) is what a person remembers.
    const word = company.name.split(/[\s«»"]+/).sort((a, b) => b.length - a.length)[0]!;
    const fragment = word.slice(0, Math.min(5, word.length));

    await go('/clients');
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    await page.keyboard.press('Control+K');
    const input = page.getByRole('combobox', { name: 'Search clients and contacts' });
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.pressSequentially(fragment);
    const hit = page.getByTestId('search-hit').filter({ hasText: company.name }).first();
    await hit.waitFor();
    // Every hit says what matched and who serves the client.
    expect(await page.getByTestId('search-hit').first().innerText()).toMatch(/Matched by/);
    await screenshot(page, 'en-40-search-palette');
    await hit.click();
    await page.waitForURL(new RegExp(`/clients/${company.id}$`));
    await page.getByRole('heading', { name: company.name }).first().waitFor();
    // The palette closes on the way to the card.
    await page.getByRole('combobox', { name: 'Search clients and contacts' }).waitFor({ state: 'detached' });
  });

  it('Enter opens the highlighted hit; the header button opens the palette too', async () => {
    const company = (await getJson<{ items: Company[] }>('/companies?status=active&limit=1&sort=name')).items[0]!;
    await go('/deals');
    await page.getByTestId('search-button').click();
    const input = page.getByRole('combobox', { name: 'Search clients and contacts' });
    await input.fill(company.name);
    await page.getByTestId('search-hit').filter({ hasText: company.name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/clients\/\d+$/);
  });

  it('turns a pasted number into the dossier, shows the owner and logs the call in one click', async () => {
    const company = (await getJson<{ items: Company[] }>('/companies?status=active&limit=20')).items;
    let found: { company: Company; contact: Contact } | undefined;
    for (const c of company) {
      const contact = (await getJson<{ items: Contact[] }>(`/contacts?companyId=${c.id}&limit=10`)).items.find((x) => x.phones.length > 0);
      if (contact) {
        found = { company: c, contact };
        break;
      }
    }
    expect(found).toBeDefined();
    const { contact } = found!;
    const phone = contact.phones[0]!;
    const lookup = await getJson<{ items: Array<{ company: Company }> }>(`/lookup/phone/${encodeURIComponent(phone)}`);
    const target = lookup.items[0]!.company;
    const dossier = await getJson<Dossier>(`/companies/${target.id}/dossier?phone=${encodeURIComponent(phone)}`);

    await go('/call');
    await page.getByRole('heading', { name: 'Incoming call' }).waitFor();
    await page.getByTestId('empty-state').filter({ hasText: 'Type or paste the caller’s number' }).waitFor();
    await paste('input[maxlength="40"]', phone);
    await page.getByTestId('dossier').waitFor();
    expect(await page.getByTestId('dossier-company').innerText()).toBe(target.name);
    if (dossier.owner) expect(await page.getByTestId('dossier-owner').innerText()).toContain(dossier.owner.name);
    expect(await page.getByTestId('dossier-route').innerText()).toMatch(/Put the call through to/);
    expect(await page.getByText('Last interactions').isVisible()).toBe(true);
    expect(await page.getByTestId('dossier-revenue').innerText()).toMatch(/RUB/);
    await screenshot(page, 'en-41-incoming-call');

    const before = (await getJson<{ items: unknown[] }>(`/activities?companyId=${target.id}&limit=50`)).items.length;
    await page.getByLabel('Summary (optional)').fill('Asked about delivery dates');
    await page.getByRole('button', { name: 'Log this call' }).click();
    await page.getByTestId('call-logged').filter({ hasText: 'Inbound call logged' }).waitFor();
    const after = await getJson<{ items: Array<{ type: string; direction: string | null; summary: string }> }>(`/activities?companyId=${target.id}&limit=50`);
    expect(after.items.length).toBe(before + 1);
    expect(after.items.some((a) => a.type === 'call' && a.direction === 'inbound' && a.summary === 'Asked about delivery dates')).toBe(true);
    await screenshot(page, 'en-42-call-logged');
  });

  it('says plainly when no client has the number and offers the search by name', async () => {
    await go('/call?phone=%2B70000000000');
    await page.getByText('No client with this number — search by name instead').waitFor();
    await page.getByRole('button', { name: 'Search by name' }).click();
    await page.getByRole('combobox', { name: 'Search clients and contacts' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('reads in Russian: palette, dossier and the not-found state', async () => {
    const company = (await getJson<{ items: Company[] }>('/companies?status=active&limit=1')).items[0]!;
    const contact = (await getJson<{ items: Contact[] }>(`/contacts?limit=50`)).items.find((x) => x.phones.length > 0)!;
    await go('/call');
    await switchLanguage('ru');
    await page.getByRole('heading', { name: 'Входящий звонок' }).waitFor();
    await page.keyboard.press('Control+K');
    const input = page.getByRole('combobox', { name: 'Поиск клиентов и контактов' });
    await input.pressSequentially(company.name.slice(0, 8));
    await page.getByTestId('search-hit').first().waitFor();
    expect(await page.getByTestId('search-hit').first().innerText()).toMatch(/Совпадение/);
    await screenshot(page, 'ru-40-search-palette');
    await page.keyboard.press('Escape');

    await go(`/call?phone=${encodeURIComponent(contact.phones[0]!)}`);
    await page.getByTestId('dossier').waitFor();
    expect(await page.getByTestId('dossier-route').innerText()).toMatch(/Перевести звонок на/);
    await page.getByRole('button', { name: 'Записать звонок' }).click();
    await page.getByTestId('call-logged').filter({ hasText: 'Входящий звонок записан' }).waitFor();
    await screenshot(page, 'ru-41-incoming-call');

    await go('/call?phone=%2B70000000000');
    await page.getByText('Клиента с таким номером нет — найдите по названию').waitFor();
    await screenshot(page, 'ru-42-call-not-found');
    await switchLanguage('en');
  });
});

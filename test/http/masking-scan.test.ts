import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../factories.js';
import { useApp } from '../harness.js';

// A full working session of a masked role, every response body collected: no clear-text phone or
// email of a client contact may appear anywhere, in any form (with or without +7, a bare 10-digit
// number, the address's local part). Only the reveal endpoint answers in clear, by design.
const PHONES = ['+79123456789', '+74957654321', '+79031112233', '+79265554433'];
const EMAILS = ['ivan.petrov@promtorg.ru', 'zakupki@stroymir.ru', 'ceo@yolka-trade.ru'];

function leaks(body: string): string[] {
  const found: string[] = [];
  for (const p of PHONES) {
    for (const form of [p, p.slice(1), p.slice(2), `8${p.slice(2)}`]) if (body.includes(form)) found.push(form);
  }
  for (const e of EMAILS) {
    if (body.toLowerCase().includes(e)) found.push(e);
    if (body.toLowerCase().includes(`${e.split('@')[0]}@`)) found.push(`${e.split('@')[0]}@`);
  }
  return found;
}

describe('masked roles never receive clear contact values', () => {
  const h = useApp();
  const ids: Record<string, number> = {};
  const as: Record<string, { cookie: string }> = {};

  beforeAll(async () => {
    const db = h.ctx.db;
    const manager = await makeEmployee(db, { role: 'account_manager' });
    const other = await makeEmployee(db, { role: 'account_manager' });
    const operator = await makeEmployee(db, { role: 'call_centre' });
    const head = await makeEmployee(db, { role: 'head_of_sales' });
    for (const [k, e] of Object.entries({ manager, operator, head })) as[k] = await loginAs(h.app, e.email);
    ids.mine = (await makeCompany(db, { ownerId: manager.id, name: 'Промторг' })).id;
    ids.theirs = (await makeCompany(db, { ownerId: other.id, name: 'Строймир' })).id;
    ids.nobodys = (await makeCompany(db, { name: 'Ёлка Трейд' })).id;
    const contact = (company: number, name: string, phones: string[], emails: string[]) =>
      db.insertInto('contacts').values({ company_id: company, name, phones, emails, is_decision_maker: true }).returning('id').executeTakeFirstOrThrow();
    ids.ivan = (await contact(ids.mine, 'Иван Петров', [PHONES[0]!, PHONES[1]!], [EMAILS[0]!])).id;
    ids.olga = (await contact(ids.theirs, 'Ольга Зимина', [PHONES[2]!], [EMAILS[1]!])).id;
    ids.anna = (await contact(ids.nobodys, 'Анна Ёлкина', [PHONES[3]!], [EMAILS[2]!])).id;
    await db.insertInto('activities').values({ company_id: ids.mine, contact_id: ids.ivan, employee_id: manager.id, type: 'call', occurred_at: new Date(), summary: 'Обсудили отгрузку' }).execute();
  });

  async function session(who: string, companies: number[], contactIds: number[]) {
    const bodies: { url: string; status: number; body: string }[] = [];
    const go = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
      const res = await h.app.inject({ method, url, headers: as[who], payload });
      bodies.push({ url: `${method} ${url}`, status: res.statusCode, body: res.body });
      return res;
    };
    await go('GET', '/api/v1/auth/me');
    await go('GET', '/api/v1/companies?limit=200');
    await go('GET', '/api/v1/contacts?limit=200');
    await go('GET', '/api/v1/activities?limit=200');
    await go('GET', '/api/v1/tasks/mine');
    await go('GET', '/api/v1/deals/board');
    for (const c of companies) {
      await go('GET', `/api/v1/companies/${c}`);
      await go('GET', `/api/v1/companies/${c}/dossier`);
      await go('GET', `/api/v1/companies/${c}/dossier?phone=${encodeURIComponent('8 912 345-67-89')}`);
      await go('GET', `/api/v1/companies/${c}/team`);
      await go('GET', `/api/v1/contacts?companyId=${c}`);
      // Acting on a contact without seeing it: log a call, plan the next step.
      for (const contactId of contactIds) {
        await go('POST', '/api/v1/activities', { companyId: c, contactId, type: 'call', direction: 'inbound', summary: 'Входящий звонок' });
      }
      await go('POST', '/api/v1/tasks', { title: 'Перезвонить', companyId: c });
    }
    for (const contactId of contactIds) {
      await go('GET', `/api/v1/contacts/${contactId}`);
      await go('PATCH', `/api/v1/contacts/${contactId}`, { position: 'Закупки' });
    }
    for (const q of ['Промторг', 'Стро', 'Иван', 'Анна', '6789', '4433', 'ivan', 'zakupki', 'ceo@yolka', 'promtorg.ru']) {
      await go('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
    }
    await go('GET', '/api/v1/lookup/phone/6789');
    await go('GET', '/api/v1/lookup/phone/4433');
    await go('GET', '/api/v1/exports/contacts.csv');
    await go('GET', '/api/v1/exports/companies.csv');
    return bodies;
  }

  it('an account manager works a full day on their own client and sees only masks', async () => {
    const bodies = await session('manager', [ids.mine!], [ids.ivan!]);
    expect(bodies.filter((b) => b.status >= 500)).toEqual([]);
    // The session really showed the client's contact: masked, and it could be acted on.
    const all = bodies.map((b) => b.body).join('\n');
    expect(all).toContain('+7 *** ***-**-89');
    expect(all).toContain('i***@p***.ru');
    expect(bodies.find((b) => b.url === 'GET /api/v1/exports/contacts.csv')).toMatchObject({ status: 200 });
    expect(bodies.filter((b) => b.url === 'POST /api/v1/activities').every((b) => b.status === 201)).toBe(true);
    expect(bodies.flatMap((b) => leaks(b.body).map((l) => `${b.url}: ${l}`))).toEqual([]);
  });

  it('a call-centre operator finds every client and its owner but sees only masks', async () => {
    const bodies = await session('operator', [ids.mine!, ids.theirs!, ids.nobodys!], [ids.ivan!, ids.olga!, ids.anna!]);
    expect(bodies.filter((b) => b.status >= 500)).toEqual([]);
    const all = bodies.map((b) => b.body).join('\n');
    for (const mask of ['+7 *** ***-**-89', '+7 *** ***-**-33', 'z***@s***.ru', 'c***@y***.ru']) expect(all).toContain(mask);
    // Operators may not export the base at all.
    expect(bodies.find((b) => b.url === 'GET /api/v1/exports/contacts.csv')?.status).toBe(403);
    expect(bodies.flatMap((b) => leaks(b.body).map((l) => `${b.url}: ${l}`))).toEqual([]);
  });

  it('management, which the policy does not mask, sees the same values in clear (the scan would catch them)', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/contacts/${ids.ivan}`, headers: as.head });
    expect(leaks(res.body)).toContain(PHONES[0]);
    expect(leaks(res.body)).toContain(EMAILS[0]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('reveal a masked contact value', () => {
  const h = useApp();
  const as: Record<string, { cookie: string }> = {};
  let managerId = 0;
  let contactId = 0;
  let hiddenContactId = 0;

  beforeAll(async () => {
    const db = h.ctx.db;
    const manager = await makeEmployee(db, { role: 'account_manager' });
    const other = await makeEmployee(db, { role: 'account_manager' });
    const head = await makeEmployee(db, { role: 'head_of_sales' });
    managerId = manager.id;
    for (const [k, e] of Object.entries({ manager, head })) as[k] = await loginAs(h.app, e.email);
    const mine = await makeCompany(db, { ownerId: manager.id });
    const theirs = await makeCompany(db, { ownerId: other.id });
    const insert = (companyId: number, phones: string[], emails: string[]) =>
      db.insertInto('contacts').values({ company_id: companyId, name: 'Иван', phones, emails }).returning('id').executeTakeFirstOrThrow();
    contactId = (await insert(mine.id, ['+79123456789', '+74951234567'], ['ivan@domain.ru'])).id;
    hiddenContactId = (await insert(theirs.id, ['+79998887766'], [])).id;
    // A small limit so the test reaches it.
    await db.updateTable('role_policies').set({ reveal_daily_limit: 2 }).where('role', '=', 'account_manager').execute();
  });

  const reveal = (id: number, payload: object, who = 'manager') =>
    h.app.inject({ method: 'POST', url: `/api/v1/contacts/${id}/reveal`, headers: as[who], payload });

  it('shows masked values to a manager and the clear ones on a reveal with a reason, logged and audited', async () => {
    const read = (await h.app.inject({ method: 'GET', url: `/api/v1/contacts/${contactId}`, headers: as.manager })).json();
    expect(read).toMatchObject({ phones: ['+7 *** ***-**-89', '+7 *** ***-**-67'], emails: ['i***@d***.ru'] });

    const res = await reveal(contactId, { field: 'phones', reason: 'client asked for a call back' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ contactId, field: 'phones', values: ['+79123456789', '+74951234567'], remainingToday: 1 });

    const logged = await h.ctx.db.selectFrom('reveals').selectAll().where('employee_id', '=', managerId).execute();
    expect(logged).toMatchObject([{ contact_id: contactId, field: 'phones', reason: 'client asked for a call back' }]);
    const audit = await h.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'contact.reveal').execute();
    expect(audit).toMatchObject([{ actor_id: managerId, entity: 'contact', entity_id: String(contactId), details: { field: 'phones', reason: 'client asked for a call back' } }]);
    // The clear values never go into the audit trail.
    expect(JSON.stringify(audit)).not.toContain('+79123456789');
  });

  it.each([
    ['a reason that is too short', { field: 'phones', reason: 'abc' }, 'reason'],
    ['a missing reason', { field: 'phones' }, 'reason'],
    ['an unknown field', { field: 'birthday', reason: 'just because' }, 'field'],
  ])('rejects %s with a 400 naming the field', async (_l, payload, field) => {
    const res = await reveal(contactId, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 404 for a contact outside the portfolio and for an unknown one, and counts nothing', async () => {
    expect((await reveal(hiddenContactId, { field: 'phones', reason: 'guessing an id' })).statusCode).toBe(404);
    expect((await reveal(999999, { field: 'phones', reason: 'guessing an id' })).statusCode).toBe(404);
    expect(await h.ctx.db.selectFrom('reveals').select('id').execute()).toHaveLength(1);
  });

  it('returns clear values without counting when the role does not mask the field', async () => {
    const res = await reveal(contactId, { field: 'emails', reason: 'sending the contract' }, 'head');
    expect(res.json()).toEqual({ contactId, field: 'emails', values: ['ivan@domain.ru'], remainingToday: null });
    expect(await h.ctx.db.selectFrom('reveals').select('id').execute()).toHaveLength(1);
  });

  it('alerts the head of sales when the daily limit is used up, and refuses further reveals with a clear 403', async () => {
    const second = await reveal(contactId, { field: 'emails', reason: 'sending the contract' });
    expect(second.json()).toMatchObject({ values: ['ivan@domain.ru'], remainingToday: 0 });
    const alerts = await h.ctx.db.selectFrom('security_alerts').selectAll().where('employee_id', '=', managerId).execute();
    expect(alerts).toMatchObject([{ kind: 'reveal_limit', status: 'open', evidence: { limit: 2, used: 2 } }]);

    const third = await reveal(contactId, { field: 'phones', reason: 'one more time please' });
    expect(third.statusCode).toBe(403);
    expect(third.json().error.message).toMatch(/limit reached \(2 per day/);
    expect(third.body).not.toContain('+79123456789');
    expect(await h.ctx.db.selectFrom('reveals').select('id').execute()).toHaveLength(2);
    // One alert per employee and day, however many refusals follow.
    expect(await h.ctx.db.selectFrom('security_alerts').select('id').where('employee_id', '=', managerId).execute()).toHaveLength(1);
    const denied = await h.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'contact.reveal_denied').execute();
    expect(denied).toMatchObject([{ details: { used: 2, limit: 2 } }]);
  });

  it('lets a masked manager add a number without removing or seeing the hidden ones', async () => {
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${contactId}`, headers: as.manager, payload: { phones: ['8 916 000 00 11'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().phones).toEqual(['+7 *** ***-**-89', '+7 *** ***-**-67', '+7 *** ***-**-11']);
    const row = await h.ctx.db.selectFrom('contacts').select('phones').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(row.phones).toEqual(['+79123456789', '+74951234567', '+79160000011']);
  });

  it('logs a call with a masked contact without exposing the number', async () => {
    const company = (await h.ctx.db.selectFrom('contacts').select('company_id').where('id', '=', contactId).executeTakeFirstOrThrow()).company_id;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/activities',
      headers: as.manager,
      payload: { companyId: company, contactId, type: 'call', direction: 'outbound', occurredAt: new Date().toISOString(), summary: 'Обсудили поставку' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ contactId, contactName: 'Иван' });
    expect(res.body).not.toMatch(/79123456789|ivan@domain\.ru/);
  });
});

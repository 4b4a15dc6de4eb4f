import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { verifyChain } from '../audit/audit.service.js';
import { routeCall } from './dossier.routing.js';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe('dossier API', () => {
  const h = useApp();
  const as: Record<string, { cookie: string }> = {};
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const db = h.ctx.db;
    const head = await makeEmployee(db, { role: 'head_of_sales', name: 'Глава Продаж' });
    const owner = await makeEmployee(db, { role: 'account_manager', name: 'Ольга Новикова', managerId: head.id });
    const backup = await makeEmployee(db, { role: 'account_manager', name: 'Иван Запасной' });
    const operator = await makeEmployee(db, { role: 'call_centre' });
    const stranger = await makeEmployee(db, { role: 'account_manager' });
    Object.assign(ids, { head: head.id, owner: owner.id, backup: backup.id, operator: operator.id });
    for (const [k, e] of Object.entries({ head, owner, operator, stranger })) as[k] = await loginAs(h.app, e.email);

    const c = await makeCompany(db, { name: 'ООО «Промторг»', ownerId: owner.id });
    ids.company = c.id;
    await db.insertInto('account_team').values({ company_id: c.id, employee_id: backup.id, role: 'backup' }).execute();
    const [ceo, buyer] = await db
      .insertInto('contacts')
      .values([
        { company_id: c.id, name: 'Семёнов Пётр', position: 'Директор', is_decision_maker: true, phones: ['+79123456789'], emails: ['ceo@promtorg.ru'] },
        { company_id: c.id, name: 'Аникина Мария', position: 'Закупки', phones: ['+79160000001'] },
      ])
      .returning('id')
      .execute();
    ids.ceo = ceo!.id;
    ids.buyer = buyer!.id;
    const other = await makeCompany(db, { name: 'Чужая', ownerId: stranger.id });
    ids.other = other.id;
    ids.otherContact = (await db.insertInto('contacts').values({ company_id: other.id, name: 'Кто-то' }).returning('id').executeTakeFirstOrThrow()).id;

    const stages = await db.selectFrom('pipeline_stages').select(['id', 'kind']).orderBy('position').execute();
    const open = stages.find((s) => s.kind === 'open')!.id;
    const won = stages.find((s) => s.kind === 'won')!.id;
    await db.insertInto('deals').values([
      { company_id: c.id, title: 'Поставка труб', stage_id: open, amount: '150000.00', owner_id: owner.id },
      { company_id: c.id, title: 'Закрытая', stage_id: won, amount: '1.00', owner_id: owner.id, closed_at: new Date() },
    ]).execute();
    await db.insertInto('orders').values([
      { company_id: c.id, number: 'A-1', ordered_on: isoDay(daysAgo(10)), status: 'shipped', total: '1000.10', owner_id: owner.id },
      { company_id: c.id, number: 'A-2', ordered_on: isoDay(daysAgo(100)), status: 'completed', total: '2000.20', owner_id: owner.id },
      { company_id: c.id, number: 'A-3', ordered_on: isoDay(daysAgo(50)), status: 'cancelled', total: '999.00', owner_id: owner.id },
      { company_id: c.id, number: 'A-4', ordered_on: isoDay(daysAgo(400)), status: 'completed', total: '5000.00', owner_id: owner.id },
      { company_id: c.id, number: 'A-5', ordered_on: isoDay(daysAgo(1)), status: 'draft', total: '7.00', owner_id: owner.id },
    ]).execute();
    await db.insertInto('activities').values(
      Array.from({ length: 7 }, (_, i) => ({ type: 'call', employee_id: owner.id, company_id: c.id, contact_id: ceo!.id, occurred_at: daysAgo(i + 1), summary: `Звонок ${i + 1}` })),
    ).execute();
    await db.insertInto('tasks').values([
      { title: 'Перезвонить', assignee_id: owner.id, company_id: c.id, due_at: daysAgo(-1) },
      { title: 'Сделано', assignee_id: owner.id, company_id: c.id, status: 'done' },
    ]).execute();
  });

  const get = (id: number, who = 'head', query = '') => h.app.inject({ method: 'GET', url: `/api/v1/companies/${id}/dossier${query}`, headers: as[who] });
  const setStatus = (id: number, status: string) => h.ctx.db.updateTable('employees').set({ status }).where('id', '=', id).execute();

  it('gathers the client, its team, open work, recent interactions and 12-month revenue in one answer', async () => {
    const res = await get(ids.company!);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.company).toMatchObject({ id: ids.company, name: 'ООО «Промторг»' });
    expect(d.caller).toBeNull();
    expect(d.contacts.map((c: { name: string }) => c.name)).toEqual(['Семёнов Пётр', 'Аникина Мария']);
    expect(d.owner).toMatchObject({ id: ids.owner, name: 'Ольга Новикова', status: 'active' });
    expect(d.routeTo).toMatchObject({ reason: 'owner', employee: { id: ids.owner } });
    expect(d.accountTeam.map((t: { id: number; seat: string }) => [t.id, t.seat])).toEqual([[ids.owner, 'owner'], [ids.backup, 'backup']]);
    expect(d.openDeals).toEqual([expect.objectContaining({ title: 'Поставка труб', amount: '150000.00', ownerName: 'Ольга Новикова' })]);
    expect(d.openOrders.map((o: { number: string }) => o.number)).toEqual(['A-5', 'A-1']);
    expect(d.lastInteractions).toHaveLength(5);
    expect(d.lastInteractions[0]).toMatchObject({ summary: 'Звонок 1', employeeName: 'Ольга Новикова', contactName: 'Семёнов Пётр' });
    expect(d.lastInteractions.map((a: { summary: string }) => a.summary)).toEqual(['Звонок 1', 'Звонок 2', 'Звонок 3', 'Звонок 4', 'Звонок 5']);
    expect(d.openTasks).toEqual([expect.objectContaining({ title: 'Перезвонить', assigneeName: 'Ольга Новикова' })]);
    // shipped 1000.10 + completed 2000.20; the cancelled, the draft and the 400-day-old order do not count.
    expect(d.revenue12m).toBe('3000.30');
  });

  it('names the caller by contact id or by the calling number in any format', async () => {
    expect((await get(ids.company!, 'head', `?contactId=${ids.buyer}`)).json().caller).toMatchObject({ id: ids.buyer, name: 'Аникина Мария' });
    const byPhone = (await get(ids.company!, 'head', `?phone=${encodeURIComponent('8 (912) 345-67-89')}`)).json();
    expect(byPhone.caller).toMatchObject({ id: ids.ceo, phones: ['+79123456789'], emails: ['ceo@promtorg.ru'] });
    expect((await get(ids.company!, 'head', '?phone=%2B79990000000')).json().caller).toBeNull();
  });

  it.each([
    ['a contact of another company', () => `?contactId=${ids.otherContact}`, 'contactId'],
    ['an unreadable phone', () => '?phone=12345', 'phone'],
    ['a malformed contact id', () => '?contactId=abc', 'contactId'],
  ])('rejects %s with a 400 naming the field', async (_l, query, field) => {
    const res = await get(ids.company!, 'head', query());
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe(field);
  });

  it('routes to the backup while the owner is away, and to the head of sales when no backup can take it', async () => {
    await setStatus(ids.owner!, 'on_leave');
    expect((await get(ids.company!)).json().routeTo).toMatchObject({ reason: 'backup', employee: { id: ids.backup, name: 'Иван Запасной' } });
    await setStatus(ids.backup!, 'departed');
    await setStatus(ids.owner!, 'departed');
    const d = (await get(ids.company!)).json();
    expect(d.owner.status).toBe('departed');
    expect(d.routeTo).toMatchObject({ reason: 'head_of_sales', employee: { id: ids.head, role: 'head_of_sales' } });
    await setStatus(ids.owner!, 'active');
    await setStatus(ids.backup!, 'active');
  });

  it('answers 404 for a hidden or unknown client; the call centre sees every dossier without full contact details', async () => {
    expect((await get(ids.other!, 'owner')).statusCode).toBe(404);
    expect((await get(999999)).statusCode).toBe(404);
    const op = await get(ids.company!, 'operator', `?contactId=${ids.ceo}`);
    expect(op.statusCode).toBe(200);
    // Operators see who is calling, but not the client's full number or address (masked or left out).
    expect(op.json().caller).toMatchObject({ id: ids.ceo, name: 'Семёнов Пётр' });
    expect(op.json().caller.phones).not.toContain('+79123456789');
    expect(op.json().caller.emails).not.toContain('ceo@promtorg.ru');
    expect((await get(ids.company!, 'owner')).statusCode).toBe(200);
    expect((await get(ids.company!, 'head')).json().contacts[0].phones).toEqual(['+79123456789']);
  });

  it('audits an out-of-portfolio read in the same statement: once per read, not a rejected one, not the owner’s own', async () => {
    const reads = () =>
      h.ctx.db.selectFrom('audit_log').select(['actor_id', 'company_id', 'details']).where('action', '=', 'company.read_outside_portfolio').orderBy('id').execute();
    const before = (await reads()).length;
    expect((await get(ids.company!, 'operator')).statusCode).toBe(200);
    expect((await get(ids.company!, 'operator', `?contactId=${ids.otherContact}`)).statusCode).toBe(400);
    expect((await get(ids.other!, 'owner')).statusCode).toBe(404);
    expect((await get(ids.company!, 'owner')).statusCode).toBe(200);
    // Concurrent reads queue on the chain's lock only for their insert, and the chain stays one line.
    const many = await Promise.all(Array.from({ length: 10 }, () => get(ids.company!, 'operator')));
    expect(many.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const after = (await reads()).slice(before);
    expect(after).toHaveLength(11);
    expect(after[0]).toEqual({ actor_id: ids.operator, company_id: ids.company, details: { via: 'dossier' } });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe('routeCall', () => {
  const p = (id: number, status: string, role = 'account_manager', manager_id: number | null = null) => ({ id, status, role, manager_id });
  it('prefers the owner, then an available backup, then the owner’s head of sales, then any', () => {
    const heads = [p(10, 'active', 'head_of_sales'), p(11, 'active', 'head_of_sales')];
    expect(routeCall({ owner: p(1, 'departing'), team: [], heads }).reason).toBe('owner');
    expect(routeCall({ owner: p(1, 'on_leave'), team: [{ ...p(2, 'on_leave'), seat: 'backup' }, { ...p(3, 'active'), seat: 'backup' }], heads }).employee?.id).toBe(3);
    expect(routeCall({ owner: p(1, 'departed', 'account_manager', 11), team: [], heads }).employee?.id).toBe(11);
    expect(routeCall({ owner: null, team: [], heads }).employee?.id).toBe(10);
    expect(routeCall({ owner: null, team: [], heads: [] })).toEqual({ employee: null, reason: 'nobody' });
  });
});

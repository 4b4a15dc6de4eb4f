import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf, loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import type { Actor } from '../../domain/actor.js';
import { makeProduct, orderCounts } from './orders.fixtures.js';
import * as service from './orders.service.js';

type Headers = { cookie: string };

describe('orders API: create and read', () => {
  const h = useApp();
  let head: Headers;
  let manager: Headers;
  let managerActor: Actor;
  let headId: number;
  let managerId: number;
  let otherId: number;
  let myCompany: number;
  let hiddenCompany: number;
  let p1: { id: number; name: string; sku: string };
  let p2: { id: number };
  let p3: { id: number };

  const post = (headers: Headers, payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload });
  const fields = (res: { json: () => { error: { details: { field: string }[] } } }) => res.json().error.details.map((d) => d.field);
  const line = (productId: number, quantity = '1', extra: object = {}) => ({ productId, quantity, price: '10.00', cost: '5.00', ...extra });

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    const other = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    headId = hs.id;
    managerId = am.id;
    otherId = other.id;
    managerActor = await actorOf(h.ctx.db, am);
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    myCompany = (await makeCompany(h.ctx.db, { name: 'Мой клиент', ownerId: managerId })).id;
    hiddenCompany = (await makeCompany(h.ctx.db, { ownerId: otherId })).id;
    p1 = await makeProduct(h.ctx.db, { listPrice: '100.00', name: 'Болт М8' });
    p2 = await makeProduct(h.ctx.db, { listPrice: '19.99' });
    p3 = await makeProduct(h.ctx.db, { listPrice: '0.10' });
  });

  it('creates an order with its lines, rounds each amount to kopecks and stores the exact total', async () => {
    const res = await post(manager, {
      companyId: myCompany,
      number: 'ЗК-0001',
      orderedOn: '2025-03-14',
      lines: [
        { productId: p2.id, quantity: '2.5', price: '19.99', cost: '12.00' }, // 49.975 -> 49.98
        { productId: p1.id, quantity: '3', cost: '60.00' }, // list price 100.00 -> 300.00
        { productId: p3.id, quantity: '0.333', price: '0.10', cost: '0.01' }, // 0.0333 -> 0.03
        { productId: p3.id, quantity: '0.1', price: '0.20', cost: '0.00' }, // 0.02, a float would drift
      ],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      companyId: myCompany,
      companyName: 'Мой клиент',
      number: 'ЗК-0001',
      orderedOn: '2025-03-14',
      status: 'confirmed',
      ownerId: managerId,
      total: '350.03',
      externalId: null,
      archivedAt: null,
    });
    expect(body.lines).toEqual([
      { lineNo: 1, productId: p2.id, productName: expect.any(String), sku: expect.any(String), quantity: '2.500', price: '19.99', cost: '12.00', amount: '49.98' },
      { lineNo: 2, productId: p1.id, productName: 'Болт М8', sku: p1.sku, quantity: '3.000', price: '100.00', cost: '60.00', amount: '300.00' },
      { lineNo: 3, productId: p3.id, productName: expect.any(String), sku: expect.any(String), quantity: '0.333', price: '0.10', cost: '0.01', amount: '0.03' },
      { lineNo: 4, productId: p3.id, productName: expect.any(String), sku: expect.any(String), quantity: '0.100', price: '0.20', cost: '0.00', amount: '0.02' },
    ]);
    const stored = await h.ctx.db.selectFrom('orders').select('total').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(stored.total).toBe('350.03');
    const got = await h.app.inject({ method: 'GET', url: `/api/v1/orders/${body.id}`, headers: manager });
    expect(got.json()).toEqual(body);
  });

  it('rejects an order whose second of three lines has a negative quantity, writing nothing', async () => {
    const before = await orderCounts(h.ctx.db);
    const res = await post(manager, {
      companyId: myCompany,
      number: 'BAD-1',
      orderedOn: '2025-03-14',
      lines: [line(p1.id), line(p1.id, '-2'), line(p2.id)],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['lines.1.quantity']);
    expect(await orderCounts(h.ctx.db)).toEqual(before);
  });

  it('names every line whose product does not exist, checked before anything is inserted', async () => {
    const before = await orderCounts(h.ctx.db);
    const res = await post(manager, {
      companyId: myCompany,
      number: 'BAD-2',
      orderedOn: '2025-03-14',
      lines: [line(p1.id), line(p2.id), line(999999), line(p3.id), line(999998)],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['lines.2.productId', 'lines.4.productId']);
    expect(await orderCounts(h.ctx.db)).toEqual(before);
  });

  it('rolls back the header when a line fails in the database after the header was inserted', async () => {
    const before = await orderCounts(h.ctx.db);
    // Straight to the service, past the schema's duplicate check: the unique (order_id, line_no)
    // constraint fires on the line insert, after the order row already exists in the transaction.
    const attempt = service.createOrder(h.ctx, managerActor, {
      companyId: myCompany,
      number: 'DUP-LINE',
      orderedOn: '2025-03-14',
      status: 'confirmed',
      externalId: 'dup-line-1',
      lines: [line(p1.id, '1', { lineNo: 1 }), line(p2.id, '1', { lineNo: 2 }), line(p3.id, '1', { lineNo: 2 })],
    });
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    expect(await orderCounts(h.ctx.db)).toEqual(before);
    const leftover = await h.ctx.db.selectFrom('orders').select('id').where('external_id', '=', 'dup-line-1').execute();
    expect(leftover).toEqual([]);
  });

  it('rejects a duplicate line number in the body with a 400 naming that line', async () => {
    const res = await post(manager, {
      companyId: myCompany,
      number: 'DUP-2',
      orderedOn: '2025-03-14',
      lines: [line(p1.id, '1', { lineNo: 2 }), line(p2.id), line(p3.id, '1', { lineNo: 5 })],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['lines.1.lineNo']);
  });

  it('keeps line numbers given by the caller', async () => {
    const res = await post(manager, {
      companyId: myCompany,
      number: 'NUM-1',
      orderedOn: '2025-03-14',
      lines: [line(p1.id, '1', { lineNo: 10 }), line(p2.id, '1', { lineNo: 20 })],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([10, 20]);
  });

  it.each([
    ['no lines', { lines: [] }, 'lines'],
    ['a quantity with 4 decimals', { lines: [line(1, '1.2345')] }, 'lines.0.quantity'],
    ['a zero quantity', { lines: [line(1, '0.000')] }, 'lines.0.quantity'],
    ['a numeric quantity', { lines: [line(1, 2 as unknown as string)] }, 'lines.0.quantity'],
    ['a float price', { lines: [line(1, '1', { price: 1.5 })] }, 'lines.0.price'],
    ['a missing cost', { lines: [{ productId: 1, quantity: '1', price: '1.00' }] }, 'lines.0.cost'],
    ['an unknown status', { status: 'paid' }, 'status'],
    ['an impossible date', { orderedOn: '2025-02-30' }, 'orderedOn'],
    ['an oversized number', { number: 'x'.repeat(101) }, 'number'],
    ['an oversized external id', { externalId: 'x'.repeat(201) }, 'externalId'],
  ])('rejects %s with a 400 naming the field', async (_label, over, field) => {
    const res = await post(head, { companyId: myCompany, number: 'V-1', orderedOn: '2025-03-14', lines: [line(p1.id)], ...over });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
  });

  it('accepts 5000 lines in one order and refuses 5001', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => line([p1.id, p2.id, p3.id][i % 3] as number, '1.001', { price: '0.99' }));
    const res = await post(head, { companyId: myCompany, number: 'BIG-1', orderedOn: '2025-03-14', lines });
    expect(res.statusCode).toBe(201);
    // 1.001 x 0.99 = 0.99099 -> 0.99 per line
    expect(res.json().total).toBe('4950.00');
    expect(res.json().lines).toHaveLength(5000);
    const tooMany = await post(head, { companyId: myCompany, number: 'BIG-2', orderedOn: '2025-03-14', lines: [...lines, line(p1.id)] });
    expect(tooMany.statusCode).toBe(400);
    expect(fields(tooMany)).toContain('lines');
  });

  it('answers 409 naming externalId for a duplicate external id, and writes nothing the second time', async () => {
    const payload = { companyId: myCompany, number: 'EXT-1', orderedOn: '2025-03-14', externalId: '1c-000123', lines: [line(p1.id)] };
    expect((await post(manager, payload)).statusCode).toBe(201);
    const before = await orderCounts(h.ctx.db);
    const dup = await post(manager, payload);
    expect(dup.statusCode).toBe(409);
    expect(fields(dup)).toEqual(['externalId']);
    expect(await orderCounts(h.ctx.db)).toEqual(before);
  });

  it("hides another portfolio's orders as 404 and refuses its company in a body as a 400", async () => {
    const theirs = await post(head, { companyId: hiddenCompany, number: 'HID-1', orderedOn: '2025-03-14', lines: [line(p1.id)] });
    expect(theirs.statusCode).toBe(201);
    const id = theirs.json().id;
    expect(theirs.json().ownerId).toBe(otherId);
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/orders/${id}` },
      { method: 'PATCH' as const, url: `/api/v1/orders/${id}`, payload: { number: 'X' } },
      { method: 'POST' as const, url: `/api/v1/orders/${id}/archive` },
      { method: 'GET' as const, url: `/api/v1/orders/999999` },
    ]) {
      expect((await h.app.inject({ ...req, headers: manager })).statusCode).toBe(404);
    }
    const list = (await h.app.inject({ method: 'GET', url: '/api/v1/orders?limit=200', headers: manager })).json();
    expect(list.items.map((o: { id: number }) => o.id)).not.toContain(id);
    const filtered = (await h.app.inject({ method: 'GET', url: `/api/v1/orders?companyId=${hiddenCompany}`, headers: manager })).json();
    expect(filtered.items).toEqual([]);
    const before = await orderCounts(h.ctx.db);
    const create = await post(manager, { companyId: hiddenCompany, number: 'HID-2', orderedOn: '2025-03-14', lines: [line(p1.id)] });
    expect(create.statusCode).toBe(400);
    expect(fields(create)).toEqual(['companyId']);
    expect(await orderCounts(h.ctx.db)).toEqual(before);
  });

  it('lets only management credit an order to a third person', async () => {
    const denied = await post(manager, { companyId: myCompany, number: 'OWN-1', orderedOn: '2025-03-14', ownerId: otherId, lines: [line(p1.id)] });
    expect(denied.statusCode).toBe(403);
    const allowed = await post(head, { companyId: myCompany, number: 'OWN-2', orderedOn: '2025-03-14', ownerId: headId, lines: [line(p1.id)] });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.json()).toMatchObject({ ownerId: headId, ownerName: expect.any(String) });
    const unknown = await post(head, { companyId: myCompany, number: 'OWN-3', orderedOn: '2025-03-14', ownerId: 999999, lines: [line(p1.id)] });
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown)).toEqual(['ownerId']);
    const mine = (await post(manager, { companyId: myCompany, number: 'OWN-4', orderedOn: '2025-03-14', lines: [line(p1.id)] })).json();
    const move = await h.app.inject({ method: 'PATCH', url: `/api/v1/orders/${mine.id}`, headers: manager, payload: { ownerId: otherId } });
    expect(move.statusCode).toBe(403);
    const moved = await h.app.inject({ method: 'PATCH', url: `/api/v1/orders/${mine.id}`, headers: head, payload: { ownerId: otherId } });
    expect(moved.json().ownerId).toBe(otherId);
  });
});

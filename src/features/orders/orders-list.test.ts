import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { dbMonths, makeProduct } from './orders.fixtures.js';

type Headers = { cookie: string };

describe('orders API: list, update, archive, monthly totals', () => {
  const h = useApp();
  let head: Headers;
  let manager: Headers;
  let managerId: number;
  let otherId: number;
  let company: number;
  let hidden: number;
  let productId: number;

  const create = async (headers: Headers, over: Record<string, unknown> = {}, lines: object[] = [{ productId, quantity: '1', price: '10.00', cost: '4.00' }]) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload: { companyId: company, number: 'N', orderedOn: '2025-01-10', lines, ...over } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json() as { id: number; number: string; total: string };
  };
  const list = async (headers: Headers, query: string) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/orders?${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { id: number; number: string; total: string; companyName: string }[]; nextCursor: string | null };
  };
  const pageAll = async (query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await list(head, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map((o) => o.number));
      cursor = body.nextCursor;
    } while (cursor && seen.length < 50);
    return seen;
  };

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'director' });
    const am = await makeEmployee(h.ctx.db);
    const other = await makeEmployee(h.ctx.db);
    managerId = am.id;
    otherId = other.id;
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    company = (await makeCompany(h.ctx.db, { name: 'Листинг', ownerId: managerId })).id;
    hidden = (await makeCompany(h.ctx.db, { ownerId: otherId })).id;
    productId = (await makeProduct(h.ctx.db)).id;
  });

  it('filters by company, status, owner, date range and external id, with the company name and total on each item', async () => {
    const c2 = (await makeCompany(h.ctx.db, { name: 'Второй', ownerId: managerId })).id;
    await create(manager, { number: 'F-1', orderedOn: '2024-05-01', status: 'draft', externalId: 'f-ext-1' });
    await create(manager, { number: 'F-2', orderedOn: '2024-05-15', status: 'shipped' });
    await create(manager, { number: 'F-3', orderedOn: '2024-06-01', companyId: c2 }, [{ productId, quantity: '2', price: '7.50', cost: '1.00' }]);
    await create(head, { number: 'F-4', orderedOn: '2024-05-20', ownerId: otherId });
    const byCompany = await list(head, `companyId=${c2}`);
    expect(byCompany.items).toMatchObject([{ number: 'F-3', companyName: 'Второй', total: '15.00' }]);
    expect((await list(head, `status=draft&from=2024-01-01&to=2024-12-31`)).items.map((o) => o.number)).toEqual(['F-1']);
    expect((await list(head, `from=2024-05-01&to=2024-05-31`)).items.map((o) => o.number)).toEqual(['F-1', 'F-2', 'F-4']);
    expect((await list(head, `ownerId=${otherId}&from=2024-01-01&to=2024-12-31`)).items.map((o) => o.number)).toEqual(['F-4']);
    expect((await list(head, `externalId=f-ext-1`)).items.map((o) => o.number)).toEqual(['F-1']);
    const bad = await h.app.inject({ method: 'GET', url: '/api/v1/orders?from=2024-13-01', headers: head });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('from');
  });

  it('pages by order date, creation time and id, ascending and descending, without repeats or gaps', async () => {
    const c = (await makeCompany(h.ctx.db, { ownerId: managerId })).id;
    for (const [i, d] of ['2023-03-02', '2023-03-01', '2023-03-02', '2023-03-03', '2023-03-01'].entries()) {
      await create(head, { companyId: c, number: `P-${i}`, orderedOn: d });
    }
    expect(await pageAll(`companyId=${c}&sort=orderedOn`)).toEqual(['P-1', 'P-4', 'P-0', 'P-2', 'P-3']);
    expect(await pageAll(`companyId=${c}&sort=orderedOn&dir=desc`)).toEqual(['P-3', 'P-2', 'P-0', 'P-4', 'P-1']);
    expect(await pageAll(`companyId=${c}&sort=createdAt`)).toEqual(['P-0', 'P-1', 'P-2', 'P-3', 'P-4']);
    expect(await pageAll(`companyId=${c}&sort=createdAt&dir=desc`)).toEqual(['P-4', 'P-3', 'P-2', 'P-1', 'P-0']);
    expect(await pageAll(`companyId=${c}&sort=id&dir=desc`)).toEqual(['P-4', 'P-3', 'P-2', 'P-1', 'P-0']);
  });

  it('lists only orders of companies the employee can see', async () => {
    await create(head, { companyId: hidden, number: 'HIDDEN-1' });
    await create(manager, { number: 'VISIBLE-1' });
    const numbers = (await list(manager, 'limit=200')).items.map((o) => o.number);
    expect(numbers).toContain('VISIBLE-1');
    expect(numbers).not.toContain('HIDDEN-1');
    expect((await list(head, 'limit=200')).items.map((o) => o.number)).toContain('HIDDEN-1');
  });

  it('updates header fields and keeps the lines and total', async () => {
    const o = await create(manager, { number: 'U-1' }, [{ productId, quantity: '3', price: '3.33', cost: '1.00' }]);
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orders/${o.id}`,
      headers: manager,
      payload: { number: 'U-1a', orderedOn: '2025-02-01', status: 'shipped' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ number: 'U-1a', orderedOn: '2025-02-01', status: 'shipped', total: '9.99', ownerId: managerId });
    expect(res.json().lines).toHaveLength(1);
    for (const [payload, field] of [
      [{ status: 'lost' }, 'status'],
      [{ number: '' }, 'number'],
      [{ orderedOn: '01.02.2025' }, 'orderedOn'],
    ] as const) {
      const bad = await h.app.inject({ method: 'PATCH', url: `/api/v1/orders/${o.id}`, headers: manager, payload });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe(field);
    }
    expect((await h.app.inject({ method: 'PATCH', url: '/api/v1/orders/999999', headers: head, payload: { number: 'x' } })).statusCode).toBe(404);
  });

  it('archives an order out of the default list and restores it', async () => {
    const o = await create(manager, { number: 'ARCH-1', externalId: 'arch-1' });
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/archive`, headers: manager });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await list(manager, 'externalId=arch-1')).items).toEqual([]);
    expect((await list(manager, 'externalId=arch-1&includeArchived=true')).items).toHaveLength(1);
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/restore`, headers: manager });
    expect(restored.json().archivedAt).toBeNull();
    expect((await list(manager, 'externalId=arch-1')).items).toHaveLength(1);
  });

  it('totals one client by month: orders, revenue and margin, without cancelled or archived orders', async () => {
    const c = (await makeCompany(h.ctx.db, { ownerId: managerId })).id;
    const [now, prev, older, tooOld] = await dbMonths(h.ctx.db, [0, 1, 5, 24]);
    if (!now || !prev || !older || !tooOld) throw new Error('months');
    const l = (quantity: string, price: string, cost: string) => ({ productId, quantity, price, cost });
    await create(manager, { companyId: c, orderedOn: now.day(1) }, [l('2', '10.00', '4.00'), l('0.5', '3.33', '1.11')]); // 21.67, margin 13.11
    await create(manager, { companyId: c, orderedOn: now.day(2) }, [l('1', '5.00', '7.50')]); // 5.00, margin -2.50
    await create(manager, { companyId: c, orderedOn: prev.day(28) }, [l('1.333', '1.00', '0.33')]); // 1.33, margin 0.89311 -> 0.89
    await create(manager, { companyId: c, orderedOn: older.day(15) }, [l('10', '100.00', '90.00')]); // 1000.00, margin 100.00
    await create(manager, { companyId: c, orderedOn: now.day(3), status: 'cancelled' }, [l('1', '999.00', '0.00')]);
    await create(manager, { companyId: c, orderedOn: tooOld.day(1) }, [l('1', '555.00', '0.00')]);
    const archived = await create(manager, { companyId: c, orderedOn: prev.day(1) }, [l('1', '777.00', '0.00')]);
    await h.app.inject({ method: 'POST', url: `/api/v1/orders/${archived.id}/archive`, headers: manager });
    // Another client's orders in the same months stay out.
    await create(manager, { orderedOn: now.day(1) }, [l('1', '111.00', '0.00')]);

    const res = await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c}/orders/monthly`, headers: manager });
    expect(res.statusCode).toBe(200);
    const months = res.json().months as { month: string; orders: number; revenue: string; margin: string }[];
    expect(months).toHaveLength(24);
    expect(months[23]).toEqual({ month: now.month, orders: 2, revenue: '26.67', margin: '10.61' });
    expect(months[22]).toEqual({ month: prev.month, orders: 1, revenue: '1.33', margin: '0.89' });
    expect(months[18]).toEqual({ month: older.month, orders: 1, revenue: '1000.00', margin: '100.00' });
    expect(months[0]?.month).toBe((await dbMonths(h.ctx.db, [23]))[0]?.month);
    expect(months.filter((m) => m.orders === 0).every((m) => m.revenue === '0.00' && m.margin === '0.00')).toBe(true);
    expect(months.reduce((n, m) => n + m.orders, 0)).toBe(4);

    const short = (await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c}/orders/monthly?months=2`, headers: manager })).json();
    expect(short.months.map((m: { month: string }) => m.month)).toEqual([prev.month, now.month]);
    for (const q of ['months=0', 'months=121', 'months=abc']) {
      const bad = await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c}/orders/monthly?${q}`, headers: manager });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('months');
    }
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/companies/${hidden}/orders/monthly`, headers: manager })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/companies/999999/orders/monthly`, headers: head })).statusCode).toBe(404);
  });
});

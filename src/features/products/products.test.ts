import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type ProductBody = { id: number; sku: string; name: string; groupId: number; categoryId: number };

describe('products API', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };
  let tools: { id: number };
  let paint: { id: number };
  let drills: { id: number };
  let keys: { id: number };
  let enamels: { id: number };

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db, { role: 'key_account_manager' });
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    const db = h.ctx.db;
    tools = await db.insertInto('product_categories').values({ name: 'Инструмент' }).returning('id').executeTakeFirstOrThrow();
    paint = await db.insertInto('product_categories').values({ name: 'Лакокраска' }).returning('id').executeTakeFirstOrThrow();
    drills = await db.insertInto('product_groups').values({ category_id: tools.id, name: 'Дрели' }).returning('id').executeTakeFirstOrThrow();
    keys = await db.insertInto('product_groups').values({ category_id: tools.id, name: 'Ключи' }).returning('id').executeTakeFirstOrThrow();
    enamels = await db.insertInto('product_groups').values({ category_id: paint.id, name: 'Эмали' }).returning('id').executeTakeFirstOrThrow();
  });

  const create = (payload: object, headers = head) => h.app.inject({ method: 'POST', url: '/api/v1/products', headers, payload });
  const patch = (id: number, payload: object, headers = head) => h.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers, payload });
  const list = async (query: string, headers = manager) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/products?limit=200&${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json().items as ProductBody[];
  };

  it('creates a product with its place in the classifier and an exact money price, and reads it back', async () => {
    const res = await create({ groupId: drills.id, sku: 'DR-100', name: 'Дрель ударная 800 Вт', listPrice: '4990.5' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      groupId: drills.id,
      groupName: 'Дрели',
      categoryId: tools.id,
      categoryName: 'Инструмент',
      sku: 'DR-100',
      name: 'Дрель ударная 800 Вт',
      unit: 'pcs',
      listPrice: '4990.50',
      archivedAt: null,
    });
    const read = await h.app.inject({ method: 'GET', url: `/api/v1/products/${body.id}`, headers: manager });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
    const big = await create({ groupId: enamels.id, sku: 'EN-BIG', name: 'Эмаль, цистерна', unit: 'l', listPrice: '9999999999999.99' });
    expect(big.json()).toMatchObject({ unit: 'l', listPrice: '9999999999999.99' });
  });

  it.each([
    ['a float price', { listPrice: 10.5 }, 'listPrice'],
    ['a negative price', { listPrice: '-1.00' }, 'listPrice'],
    ['a price with 3 decimals', { listPrice: '1.005' }, 'listPrice'],
    ['a price beyond numeric(15,2)', { listPrice: '12345678901234.00' }, 'listPrice'],
    ['a missing price', { listPrice: undefined }, 'listPrice'],
    ['an empty sku', { sku: ' ' }, 'sku'],
    ['an oversized sku', { sku: 'S'.repeat(101) }, 'sku'],
    ['an oversized name', { name: 'n'.repeat(301) }, 'name'],
    ['an oversized unit', { unit: 'u'.repeat(21) }, 'unit'],
    ['a missing group', { groupId: undefined }, 'groupId'],
  ])('rejects %s with a 400 naming the field', async (_label, over, field) => {
    const res = await create({ groupId: drills.id, sku: `V-${field}`, name: 'Валидный', listPrice: '1.00', ...over });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 409 naming sku for a duplicate sku, on create and on rename', async () => {
    const first = (await create({ groupId: keys.id, sku: 'KEY-13', name: 'Ключ 13', listPrice: '150.00' })).json();
    const dup = await create({ groupId: keys.id, sku: 'KEY-13', name: 'Ключ 13 другой', listPrice: '160.00' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('sku');
    const second = (await create({ groupId: keys.id, sku: 'KEY-14', name: 'Ключ 14', listPrice: '160.00' })).json();
    const renamed = await patch(second.id, { sku: first.sku });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.details[0].field).toBe('sku');
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/products/${second.id}`, headers: head })).json().sku).toBe('KEY-14');
  });

  it('rejects an unknown or archived group with a 400 naming groupId', async () => {
    const retired = await h.ctx.db
      .insertInto('product_groups')
      .values({ category_id: tools.id, name: 'Снятые', archived_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const groupId of [999999, retired.id]) {
      const res = await create({ groupId, sku: `ORPHAN-${groupId}`, name: 'Сирота', listPrice: '1.00' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('groupId');
    }
  });

  it('lets everyone read products but only management change them (403, nothing written)', async () => {
    const p = (await create({ groupId: drills.id, sku: 'RO-1', name: 'Только чтение', listPrice: '10.00' })).json();
    expect((await list('q=RO-1')).map((x) => x.id)).toEqual([p.id]);
    const denied = [
      await create({ groupId: drills.id, sku: 'RO-2', name: 'Самовольный', listPrice: '1.00' }, manager),
      await patch(p.id, { listPrice: '0.01' }, manager),
      await h.app.inject({ method: 'POST', url: `/api/v1/products/${p.id}/archive`, headers: manager }),
    ];
    for (const res of denied) expect(res.statusCode).toBe(403);
    const row = await h.ctx.db.selectFrom('products').select(['list_price', 'archived_at']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ list_price: '10.00', archived_at: null });
    expect(await list('q=RO-2')).toEqual([]);
  });

  it('updates price, unit and group; the classifier names follow the group', async () => {
    const p = (await create({ groupId: drills.id, sku: 'MOVE-1', name: 'Перемещаемый', listPrice: '100.00' })).json();
    const res = await patch(p.id, { groupId: enamels.id, listPrice: '120', unit: 'kg' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ groupId: enamels.id, groupName: 'Эмали', categoryId: paint.id, categoryName: 'Лакокраска', listPrice: '120.00', unit: 'kg', sku: 'MOVE-1' });
    const bad = await patch(p.id, { groupId: 999999 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('groupId');
    expect((await patch(999999, { name: 'X' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/products/999999', headers: head })).statusCode).toBe(404);
  });

  it('filters by group, by category, and by a name or sku prefix', async () => {
    const mk = async (groupId: number, sku: string, name: string) => (await create({ groupId, sku, name, listPrice: '1.00' })).json().id as number;
    const a = await mk(drills.id, 'FLT-A1', 'Фильтр дрель');
    const b = await mk(keys.id, 'FLT-B1', 'Фильтр ключ');
    const c = await mk(enamels.id, 'XYZ-1', 'Фильтр эмаль');
    const d = await mk(enamels.id, 'flt-d1', 'Другое');
    const sorted = (items: ProductBody[]) => items.map((x) => x.id).sort((x, y) => x - y);

    expect(sorted(await list('q=flt-'))).toEqual([a, b, d]);
    expect(sorted(await list(`q=${encodeURIComponent('фильтр')}`))).toEqual([a, b, c]);
    expect(sorted(await list(`q=${encodeURIComponent('фильтр')}&categoryId=${tools.id}`))).toEqual([a, b]);
    expect(sorted(await list(`q=${encodeURIComponent('фильтр')}&groupId=${keys.id}`))).toEqual([b]);
    expect(sorted(await list(`groupId=${enamels.id}&q=x`))).toEqual([c]);
    // A prefix, not a substring; LIKE wildcards in q are literal.
    expect(await list('q=1')).toEqual([]);
    expect(await list('q=%25')).toEqual([]);
    expect(await list('q=FLT_')).toEqual([]);
  });

  it('sorts by name, sku or id and pages with a cursor without repeats or gaps', async () => {
    const g = await h.ctx.db.insertInto('product_groups').values({ category_id: paint.id, name: 'Сортировка' }).returning('id').executeTakeFirstOrThrow();
    // name order and sku order disagree, so each sort is seen to apply.
    const rows = [
      ['SRT-3', 'Item A'],
      ['SRT-1', 'Item C'],
      ['SRT-2', 'Item B'],
      ['SRT-0', 'Item D'],
    ] as const;
    for (const [sku, name] of rows) await create({ groupId: g.id, sku, name, listPrice: '5.00' });
    const walk = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/products?groupId=${g.id}&limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await h.app.inject({ method: 'GET', url, headers: manager })).json();
        seen.push(...body.items.map((p: ProductBody) => p.sku));
        cursor = body.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk('sort=name')).toEqual(['SRT-3', 'SRT-2', 'SRT-1', 'SRT-0']);
    expect(await walk('sort=sku')).toEqual(['SRT-0', 'SRT-1', 'SRT-2', 'SRT-3']);
    expect(await walk('sort=sku&dir=desc')).toEqual(['SRT-3', 'SRT-2', 'SRT-1', 'SRT-0']);
    expect(await walk('sort=id')).toEqual(rows.map(([sku]) => sku));
    const bad = await h.app.inject({ method: 'GET', url: '/api/v1/products?sort=price', headers: manager });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('sort');
  });

  it('archives a product out of the default list and restores it', async () => {
    const p = (await create({ groupId: keys.id, sku: 'ARCH-1', name: 'Архивный', listPrice: '1.00' })).json();
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/products/${p.id}/archive`, headers: head });
    expect(archived.json().archivedAt).not.toBeNull();
    expect(await list('q=ARCH-')).toEqual([]);
    expect((await list('q=ARCH-&includeArchived=true')).map((x) => x.id)).toEqual([p.id]);
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/products/${p.id}/restore`, headers: head });
    expect(restored.json().archivedAt).toBeNull();
    expect((await list('q=ARCH-')).map((x) => x.id)).toEqual([p.id]);
  });
});

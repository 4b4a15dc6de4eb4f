import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type Named = { id: number; name: string };

describe('product classifier API: categories and groups', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'director' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
  });

  const post = (url: string, payload?: object, headers = head) => h.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const patch = (url: string, payload: object, headers = head) => h.app.inject({ method: 'PATCH', url, headers, payload });
  const get = (url: string, headers = head) => h.app.inject({ method: 'GET', url, headers });
  const newCategory = async (name: string) => (await post('/api/v1/product-categories', { name })).json() as Named;

  it('creates, reads, renames, archives and restores a category', async () => {
    const created = await post('/api/v1/product-categories', { name: '  Крепёж  ' });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ name: 'Крепёж', archivedAt: null });
    expect((await get(`/api/v1/product-categories/${c.id}`, manager)).json()).toEqual(c);

    const renamed = await patch(`/api/v1/product-categories/${c.id}`, { name: 'Крепёж и метизы' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Крепёж и метизы');

    const archived = await post(`/api/v1/product-categories/${c.id}/archive`);
    expect(archived.json().archivedAt).not.toBeNull();
    const live = (await get('/api/v1/product-categories?limit=200')).json().items.map((x: Named) => x.id);
    expect(live).not.toContain(c.id);
    const all = (await get('/api/v1/product-categories?limit=200&includeArchived=true')).json().items.map((x: Named) => x.id);
    expect(all).toContain(c.id);
    expect((await post(`/api/v1/product-categories/${c.id}/restore`)).json().archivedAt).toBeNull();
  });

  it('lets everyone read the classifier but only management change it (403, nothing written)', async () => {
    const c = await newCategory('Только чтение');
    expect((await get('/api/v1/product-categories', manager)).statusCode).toBe(200);
    expect((await get('/api/v1/product-groups', manager)).statusCode).toBe(200);
    const denied = [
      await post('/api/v1/product-categories', { name: 'Самовольная' }, manager),
      await patch(`/api/v1/product-categories/${c.id}`, { name: 'Переименована' }, manager),
      await post(`/api/v1/product-categories/${c.id}/archive`, undefined, manager),
      await post('/api/v1/product-groups', { categoryId: c.id, name: 'Группа' }, manager),
    ];
    for (const res of denied) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await get(`/api/v1/product-categories/${c.id}`)).json()).toMatchObject({ name: 'Только чтение', archivedAt: null });
    expect((await get('/api/v1/product-categories?q=Самовольная')).json().items).toEqual([]);
    expect((await get(`/api/v1/product-groups?categoryId=${c.id}`)).json().items).toEqual([]);
  });

  it('answers 409 naming name for a duplicate category, and 400 naming name for a bad one', async () => {
    await newCategory('Дубль');
    const dup = await post('/api/v1/product-categories', { name: 'Дубль' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('name');
    for (const name of ['', '   ', 'x'.repeat(201), 42]) {
      const res = await post('/api/v1/product-categories', { name });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('name');
    }
  });

  it('answers 404 for an unknown category or group', async () => {
    expect((await get('/api/v1/product-categories/999999')).statusCode).toBe(404);
    expect((await patch('/api/v1/product-categories/999999', { name: 'X' })).statusCode).toBe(404);
    expect((await post('/api/v1/product-categories/999999/archive')).statusCode).toBe(404);
    expect((await get('/api/v1/product-groups/999999')).statusCode).toBe(404);
    expect((await patch('/api/v1/product-groups/999999', { name: 'X' })).statusCode).toBe(404);
  });

  it('creates groups under a category, filters by category, and keeps names unique within a category only', async () => {
    const tools = await newCategory('Инструмент');
    const paint = await newCategory('Лакокраска');
    const drills = await post('/api/v1/product-groups', { categoryId: tools.id, name: 'Дрели' });
    expect(drills.statusCode).toBe(201);
    expect(drills.json()).toMatchObject({ categoryId: tools.id, categoryName: 'Инструмент', name: 'Дрели', archivedAt: null });
    await post('/api/v1/product-groups', { categoryId: tools.id, name: 'Ключи' });
    // The same group name in another category is a different group.
    expect((await post('/api/v1/product-groups', { categoryId: paint.id, name: 'Ключи' })).statusCode).toBe(201);
    const dup = await post('/api/v1/product-groups', { categoryId: tools.id, name: 'Ключи' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('name');

    const inTools = (await get(`/api/v1/product-groups?categoryId=${tools.id}`, manager)).json().items;
    expect(inTools.map((g: Named) => g.name)).toEqual(['Дрели', 'Ключи']);
    expect((await get(`/api/v1/product-groups/${drills.json().id}`, manager)).json()).toEqual(drills.json());
  });

  it('rejects a group under an unknown or archived category with a 400 naming categoryId', async () => {
    const retired = await newCategory('Снято с продажи');
    await post(`/api/v1/product-categories/${retired.id}/archive`);
    for (const categoryId of [999999, retired.id]) {
      const res = await post('/api/v1/product-groups', { categoryId, name: 'Сирота' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('categoryId');
    }
    const bad = await post('/api/v1/product-groups', { name: 'Без категории' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('categoryId');
  });

  it('moves a group to another category and archives it out of the default list', async () => {
    const from = await newCategory('Откуда');
    const to = await newCategory('Куда');
    const g = (await post('/api/v1/product-groups', { categoryId: from.id, name: 'Переезжающая' })).json();
    const moved = await patch(`/api/v1/product-groups/${g.id}`, { categoryId: to.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ categoryId: to.id, categoryName: 'Куда', name: 'Переезжающая' });
    const toUnknown = await patch(`/api/v1/product-groups/${g.id}`, { categoryId: 999999 });
    expect(toUnknown.statusCode).toBe(400);
    expect(toUnknown.json().error.details[0].field).toBe('categoryId');
    expect((await patch(`/api/v1/product-groups/${g.id}`, { name: 'Нельзя' }, manager)).statusCode).toBe(403);

    expect((await post(`/api/v1/product-groups/${g.id}/archive`)).json().archivedAt).not.toBeNull();
    expect((await get(`/api/v1/product-groups?categoryId=${to.id}`)).json().items).toEqual([]);
    expect((await get(`/api/v1/product-groups?categoryId=${to.id}&includeArchived=true`)).json().items).toHaveLength(1);
    expect((await post(`/api/v1/product-groups/${g.id}/restore`)).json().archivedAt).toBeNull();
  });

  it('pages through categories with a cursor and filters them by name prefix', async () => {
    for (const i of [4, 1, 3, 0, 2]) await newCategory(`Page ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/product-categories?q=page&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await get(url, manager)).json();
      seen.push(...body.items.map((c: Named) => c.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `Page ${i}`));
    const desc = (await get('/api/v1/product-categories?q=Page&sort=id&dir=desc&limit=2')).json();
    expect(desc.items.map((c: Named) => c.name)).toEqual(['Page 2', 'Page 0']);
  });
});

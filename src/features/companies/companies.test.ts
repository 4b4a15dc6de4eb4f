import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee, validInn } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('companies API', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };
  let managerId: number;
  let otherId: number;

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    const other = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    managerId = am.id;
    otherId = other.id;
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
  });

  it('creates a client with a valid INN, gives the owner a team seat, and reads it back', async () => {
    const inn = validInn();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: head,
      payload: { name: 'ООО Промторг', inn, ownerId: managerId, annualPotential: '1500000.50', tags: ['опт', 'опт'] },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: 'ООО Промторг', inn, ownerId: managerId, annualPotential: '1500000.50', tags: ['опт'] });
    const team = await h.ctx.db.selectFrom('account_team').selectAll().where('company_id', '=', body.id).execute();
    expect(team).toHaveLength(1);
    expect(team[0]).toMatchObject({ employee_id: managerId, role: 'owner', until: null });
  });

  it('rejects an INN with a wrong check digit with a 400 naming the field, and writes nothing', async () => {
    const inn = validInn();
    const bad = inn.slice(0, 9) + String((Number(inn[9]) + 1) % 10);
    const before = await h.ctx.db.selectFrom('companies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/companies', headers: head, payload: { name: 'X', inn: bad } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation');
    expect(res.json().error.details[0]).toMatchObject({ field: 'inn', message: 'INN check digit is wrong' });
    const after = await h.ctx.db.selectFrom('companies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it.each([
    ['an oversized name', { name: 'x'.repeat(301) }, 'name'],
    ['a wrong type', { name: 42 }, 'name'],
    ['a float-looking money value', { name: 'A', annualPotential: 1.5 }, 'annualPotential'],
    ['an unknown status', { name: 'A', status: 'vip' }, 'status'],
  ])('rejects %s with a 400 naming the field', async (_label, payload, field) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/companies', headers: head, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('rejects an owner id that does not exist with a 400 naming ownerId', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/companies', headers: head, payload: { name: 'A', ownerId: 999999 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('ownerId');
  });

  it('answers 409 for a duplicate INN', async () => {
    const inn = validInn();
    await makeCompany(h.ctx.db, { inn });
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/companies', headers: head, payload: { name: 'Dup', inn } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0].field).toBe('inn');
  });

  it('shows a manager only the clients of their account team and hides others as 404', async () => {
    const mine = await makeCompany(h.ctx.db, { name: 'Mine Ltd', ownerId: managerId });
    const theirs = await makeCompany(h.ctx.db, { name: 'Theirs Ltd', ownerId: otherId });
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/companies?limit=200', headers: manager });
    const ids = list.json().items.map((c: { id: number }) => c.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/companies/${theirs.id}`, headers: manager })).statusCode).toBe(404);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/companies/${theirs.id}`, headers: manager, payload: { name: 'Stolen' } });
    expect(patch.statusCode).toBe(404);
  });

  it('forbids a manager from moving a client to another owner, and lets the head of sales do it with history kept', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId: managerId });
    const denied = await h.app.inject({ method: 'PATCH', url: `/api/v1/companies/${c.id}`, headers: manager, payload: { ownerId: otherId } });
    expect(denied.statusCode).toBe(403);
    const moved = await h.app.inject({ method: 'PATCH', url: `/api/v1/companies/${c.id}`, headers: head, payload: { ownerId: otherId } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().ownerId).toBe(otherId);
    const seats = await h.ctx.db.selectFrom('account_team').selectAll().where('company_id', '=', c.id).orderBy('id').execute();
    expect(seats.map((s) => [s.employee_id, s.until === null])).toEqual([
      [managerId, false],
      [otherId, true],
    ]);
  });

  it('pages through a filtered list with a cursor, without repeats or gaps', async () => {
    const owner = await makeEmployee(h.ctx.db);
    for (let i = 0; i < 7; i++) await makeCompany(h.ctx.db, { name: `Paged ${i}`, ownerId: owner.id, tags: ['paged'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/companies?ownerId=${owner.id}&tag=paged&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await h.app.inject({ method: 'GET', url, headers: head })).json();
      seen.push(...body.items.map((c: { name: string }) => c.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Paged ${i}`));
    const desc = (await h.app.inject({ method: 'GET', url: `/api/v1/companies?ownerId=${owner.id}&dir=desc&limit=2`, headers: head })).json();
    expect(desc.items.map((c: { name: string }) => c.name)).toEqual(['Paged 6', 'Paged 5']);
  });

  it('archives a client so it leaves the default list, and restores it', async () => {
    const c = await makeCompany(h.ctx.db, { name: 'Archivable', ownerId: managerId });
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/archive`, headers: manager });
    expect(archived.json().archivedAt).not.toBeNull();
    const list = (await h.app.inject({ method: 'GET', url: '/api/v1/companies?q=Archivable', headers: manager })).json();
    expect(list.items).toHaveLength(0);
    const withArchived = (await h.app.inject({ method: 'GET', url: '/api/v1/companies?q=Archivable&includeArchived=true', headers: manager })).json();
    expect(withArchived.items).toHaveLength(1);
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/restore`, headers: manager });
    expect(restored.json().archivedAt).toBeNull();
  });

  it('pages by creation time without repeating rows (microsecond timestamps survive the cursor)', async () => {
    const owner = await makeEmployee(h.ctx.db);
    for (let i = 0; i < 5; i++) await makeCompany(h.ctx.db, { name: `Timed ${i}`, ownerId: owner.id });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const url: string = `/api/v1/companies?ownerId=${owner.id}&sort=createdAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await h.app.inject({ method: 'GET', url, headers: head })).json();
      seen.push(...body.items.map((c: { name: string }) => c.name));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `Timed ${i}`));
  });

  it('rejects a forged cursor with a 400', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/companies?cursor=garbage', headers: head });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('cursor');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { DomainError } from '../../domain/errors.js';
import { createEmployee } from './employees.service.js';

const fields = (res: { json: () => { error: { details: Array<{ field: string }> } } }) => res.json().error.details.map((d) => d.field);

describe('employees API', () => {
  const h = useApp();
  let director: { cookie: string };
  let manager: { cookie: string };
  let directorId: number;

  beforeAll(async () => {
    const d = await makeEmployee(h.ctx.db, { role: 'director' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    directorId = d.id;
    director = await loginAs(h.app, d.email);
    manager = await loginAs(h.app, am.email);
  });

  it('lets management add an employee who can then log in; the hash never leaves the server', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: director,
      payload: { name: 'Светлана Орлова', email: '  Sveta.Orlova@Example.COM ', role: 'hunter', password: 'longenough1', hiredOn: '2025-03-01' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: 'Светлана Орлова', email: 'sveta.orlova@example.com', role: 'hunter', status: 'active', hiredOn: '2025-03-01', hasPassword: true, reports: [] });
    expect(res.body).not.toMatch(/scrypt|longenough1|passwordHash|password_hash/);
    await loginAs(h.app, 'SVETA.orlova@example.com', 'longenough1');
    const history = (await h.app.inject({ method: 'GET', url: `/api/v1/employees/${body.id}/status-history`, headers: manager })).json();
    expect(history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'active', changedBy: directorId })]);
  });

  it('forbids a non-manager from adding, changing, archiving or restoring employees', async () => {
    const target = await makeEmployee(h.ctx.db);
    const calls = [
      { method: 'POST' as const, url: '/api/v1/employees', payload: { name: 'X', email: 'x-forbidden@test.local', role: 'admin' } },
      { method: 'PATCH' as const, url: `/api/v1/employees/${target.id}`, payload: { role: 'director' } },
      { method: 'POST' as const, url: `/api/v1/employees/${target.id}/archive` },
      { method: 'POST' as const, url: `/api/v1/employees/${target.id}/restore` },
    ];
    for (const call of calls) expect((await h.app.inject({ ...call, headers: manager })).statusCode).toBe(403);
    const after = await h.ctx.db.selectFrom('employees').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ role: 'account_manager', archived_at: null });
    const sneaky = await h.ctx.db.selectFrom('employees').select('id').where('email', '=', 'x-forbidden@test.local').execute();
    expect(sneaky).toHaveLength(0);
  });

  it('shows the manager by name and the direct reports on the detail, to anyone logged in', async () => {
    const boss = await makeEmployee(h.ctx.db, { role: 'head_of_sales', name: 'Boss Detail' });
    const a = await makeEmployee(h.ctx.db, { name: 'Anna Report', managerId: boss.id });
    const b = await makeEmployee(h.ctx.db, { name: 'Boris Report', managerId: boss.id });
    const gone = await makeEmployee(h.ctx.db, { name: 'Archived Report', managerId: boss.id });
    await h.ctx.db.updateTable('employees').set({ archived_at: new Date() }).where('id', '=', gone.id).execute();
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/employees/${boss.id}`, headers: manager });
    expect(res.statusCode).toBe(200);
    expect(res.json().reports).toEqual([
      { id: a.id, name: 'Anna Report' },
      { id: b.id, name: 'Boris Report' },
    ]);
    const child = (await h.app.inject({ method: 'GET', url: `/api/v1/employees/${a.id}`, headers: manager })).json();
    expect(child).toMatchObject({ managerId: boss.id, managerName: 'Boss Detail' });
  });

  it('filters by role, status, manager and name prefix, and sorts by hire date', async () => {
    const boss = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    await makeEmployee(h.ctx.db, { name: 'Filter Zoe', role: 'hunter', managerId: boss.id, hiredOn: '2020-05-01' });
    await makeEmployee(h.ctx.db, { name: 'Filter Adam', role: 'hunter', managerId: boss.id, hiredOn: '2023-01-01', status: 'on_leave' });
    await makeEmployee(h.ctx.db, { name: 'Filter Kim', role: 'call_centre', managerId: boss.id, hiredOn: '2021-07-07' });
    const get = async (qs: string) => {
      const res = await h.app.inject({ method: 'GET', url: `/api/v1/employees?managerId=${boss.id}&${qs}`, headers: manager });
      expect(res.statusCode).toBe(200);
      return res.json().items.map((e: { name: string }) => e.name);
    };
    expect(await get('')).toEqual(['Filter Adam', 'Filter Kim', 'Filter Zoe']);
    expect(await get('role=hunter')).toEqual(['Filter Adam', 'Filter Zoe']);
    expect(await get('status=on_leave')).toEqual(['Filter Adam']);
    expect(await get('sort=hiredOn')).toEqual(['Filter Zoe', 'Filter Kim', 'Filter Adam']);
    expect(await get('q=filter%20k')).toEqual(['Filter Kim']);
    expect(await get('q=%25')).toEqual([]);
  });

  it('pages by hire date with a cursor, without repeats or gaps', async () => {
    const boss = await makeEmployee(h.ctx.db);
    const hired = ['2019-01-01', '2019-01-01', '2019-06-01', '2020-01-01', '2020-01-01', '2021-03-03', '2022-02-02'];
    const ids: number[] = [];
    for (const hiredOn of hired) ids.push((await makeEmployee(h.ctx.db, { managerId: boss.id, hiredOn })).id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/employees?managerId=${boss.id}&sort=hiredOn&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await h.app.inject({ method: 'GET', url, headers: manager })).json();
      seen.push(...body.items.map((e: { id: number }) => e.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it.each([
    ['a malformed email', { name: 'A', email: 'not-an-email', role: 'hunter' }, 'email'],
    ['an unknown role', { name: 'A', email: 'a1@test.local', role: 'boss' }, 'role'],
    ['an empty name', { name: '  ', email: 'a2@test.local', role: 'hunter' }, 'name'],
    ['an oversized name', { name: 'x'.repeat(201), email: 'a3@test.local', role: 'hunter' }, 'name'],
    ['a short password', { name: 'A', email: 'a4@test.local', role: 'hunter', password: 'short' }, 'password'],
    ['a bad hire date', { name: 'A', email: 'a5@test.local', role: 'hunter', hiredOn: '2025-13-01' }, 'hiredOn'],
    ['a missing manager', { name: 'A', email: 'a6@test.local', role: 'hunter', managerId: 999999 }, 'managerId'],
  ])('rejects %s with a 400 naming the field', async (_label, payload, field) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/employees', headers: director, payload });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
  });

  it('answers 409 naming email for an email that differs only in case, on create and on update', async () => {
    const existing = await makeEmployee(h.ctx.db, { email: 'dup.person@test.local' });
    const other = await makeEmployee(h.ctx.db);
    const create = await h.app.inject({ method: 'POST', url: '/api/v1/employees', headers: director, payload: { name: 'Dup', email: 'DUP.Person@test.local', role: 'hunter' } });
    expect(create.statusCode).toBe(409);
    expect(fields(create)).toEqual(['email']);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${other.id}`, headers: director, payload: { email: 'Dup.Person@TEST.local' } });
    expect(patch.statusCode).toBe(409);
    expect(fields(patch)).toEqual(['email']);
    expect(existing.id).not.toBe(other.id);
  });

  it('rejects an employee managing themself and a management cycle with a 400 naming managerId', async () => {
    const a = await makeEmployee(h.ctx.db);
    const b = await makeEmployee(h.ctx.db, { managerId: a.id });
    const c = await makeEmployee(h.ctx.db, { managerId: b.id });
    const self = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${a.id}`, headers: director, payload: { managerId: a.id } });
    expect(self.statusCode).toBe(400);
    expect(fields(self)).toEqual(['managerId']);
    for (const managerId of [b.id, c.id]) {
      const cycle = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${a.id}`, headers: director, payload: { managerId } });
      expect(cycle.statusCode).toBe(400);
      expect(fields(cycle)).toEqual(['managerId']);
    }
    const row = await h.ctx.db.selectFrom('employees').select('manager_id').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.manager_id).toBeNull();
    const fine = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${c.id}`, headers: director, payload: { managerId: a.id } });
    expect(fine.statusCode).toBe(200);
    expect(fine.json()).toMatchObject({ managerId: a.id });
    const cleared = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${c.id}`, headers: director, payload: { managerId: null } });
    expect(cleared.json().managerId).toBeNull();
  });

  it('answers 404 for an unknown employee on every endpoint', async () => {
    const calls = [
      { method: 'GET' as const, url: '/api/v1/employees/999999' },
      { method: 'GET' as const, url: '/api/v1/employees/999999/status-history' },
      { method: 'PATCH' as const, url: '/api/v1/employees/999999', payload: { name: 'Nobody' } },
      { method: 'POST' as const, url: '/api/v1/employees/999999/archive' },
      { method: 'POST' as const, url: '/api/v1/employees/999999/restore' },
    ];
    for (const call of calls) expect((await h.app.inject({ ...call, headers: director })).statusCode).toBe(404);
  });

  it('archives an employee out of the default list, restores them, and will not archive oneself', async () => {
    const e = await makeEmployee(h.ctx.db, { name: 'Archivable Person' });
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/employees/${e.id}/archive`, headers: director });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/employees?q=Archivable', headers: manager })).json().items).toHaveLength(0);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/employees?q=Archivable&includeArchived=true', headers: manager })).json().items).toHaveLength(1);
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/employees/${e.id}/restore`, headers: director });
    expect(restored.json().archivedAt).toBeNull();
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/employees/${directorId}/archive`, headers: director })).statusCode).toBe(403);
  });

  it('createEmployee works without an actor (CLI) and checks its own input', async () => {
    const created = await createEmployee(h.ctx, { name: 'Cli Admin', email: 'Cli.Admin@test.local', role: 'admin', password: 'cli-password' });
    expect(created).toMatchObject({ email: 'cli.admin@test.local', role: 'admin', hasPassword: true });
    const history = await h.ctx.db.selectFrom('employee_status_history').selectAll().where('employee_id', '=', created.id).execute();
    expect(history).toEqual([expect.objectContaining({ from_status: null, to_status: 'active', changed_by: null })]);
    const err = await createEmployee(h.ctx, { name: 'Bad', email: 'nope', role: 'wizard' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).details.map((d) => d.field).sort()).toEqual(['email', 'role']);
  });
});

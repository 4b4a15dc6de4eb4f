import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee, TEST_PASSWORD } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('audit API', () => {
  const h = useApp();
  const as: Record<string, { cookie: string }> = {};
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const db = h.ctx.db;
    const director = await makeEmployee(db, { role: 'director' });
    const admin = await makeEmployee(db, { role: 'admin' });
    const head = await makeEmployee(db, { role: 'head_of_sales' });
    const manager = await makeEmployee(db, { role: 'account_manager', name: 'Аудит Менеджер' });
    const successor = await makeEmployee(db, { role: 'account_manager' });
    for (const [k, e] of Object.entries({ director, admin, head, manager, successor })) {
      as[k] = await loginAs(h.app, e.email);
      ids[k] = e.id;
    }
    ids.company = (await makeCompany(db, { ownerId: manager.id, name: 'Аудируемый клиент' })).id;
    // A failed login and an owner move by the head of sales.
    await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: manager.email, password: `${TEST_PASSWORD}x` } });
    const move = await h.app.inject({ method: 'PATCH', url: `/api/v1/companies/${ids.company}`, headers: as.head, payload: { ownerId: successor.id } });
    expect(move.statusCode).toBe(200);
    const role = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${manager.id}`, headers: as.head, payload: { role: 'hunter', status: 'departing' } });
    expect(role.statusCode).toBe(200);
  });

  const list = (query: string, who = 'director') => h.app.inject({ method: 'GET', url: `/api/v1/audit?${query}`, headers: as[who] });

  it('records logins, failed logins, owner moves and employee role and status changes', async () => {
    const res = await list('limit=200');
    expect(res.statusCode).toBe(200);
    const actions = (res.json().items as { action: string }[]).map((i) => i.action);
    for (const a of ['auth.login', 'auth.login_failed', 'company.owner_change', 'employee.role_change', 'employee.status_change']) expect(actions).toContain(a);
    const failed = (res.json().items as { action: string; details: { reason?: string } }[]).find((i) => i.action === 'auth.login_failed');
    expect(failed?.details.reason).toBe('wrong_password');
  });

  it('filters by employee, action, client and period, newest first, with cursor pages', async () => {
    const byManager = (await list(`employeeId=${ids.manager}&limit=200`)).json().items as { actorId: number; action: string; actorName: string }[];
    expect(byManager.length).toBeGreaterThan(0);
    expect(byManager.every((i) => i.actorId === ids.manager)).toBe(true);
    expect(byManager[0]?.actorName).toBe('Аудит Менеджер');

    const moves = (await list(`action=company.owner_change&companyId=${ids.company}`)).json().items;
    expect(moves).toMatchObject([{ actorId: ids.head, companyId: ids.company, companyName: 'Аудируемый клиент', details: { from: ids.manager, to: ids.successor } }]);

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(`from=${encodeURIComponent(future)}`)).json().items).toEqual([]);
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect((await list(`to=${encodeURIComponent(past)}`)).json().items).toEqual([]);

    const all = (await list('limit=200')).json().items as { id: number }[];
    expect(all.map((i) => i.id)).toEqual([...all.map((i) => i.id)].sort((a, b) => b - a));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = (await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json() as { items: { id: number }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it('rejects malformed filters with a 400 naming the field', async () => {
    for (const [q, field] of [['employeeId=abc', 'employeeId'], ['from=yesterday', 'from'], ['limit=0', 'limit']] as const) {
      const res = await list(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('is readable by the director and admins only', async () => {
    expect((await list('', 'admin')).statusCode).toBe(200);
    for (const who of ['head', 'manager']) {
      expect((await list('', who)).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as[who] })).statusCode).toBe(403);
    }
  });

  it('verifies the chain, and reports an entry edited behind the application’s back', async () => {
    const ok = await h.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as.director });
    expect(ok.json()).toMatchObject({ ok: true, firstBroken: null });
    expect(ok.json().checked).toBeGreaterThan(5);
    const victim = await h.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'company.owner_change').executeTakeFirstOrThrow();
    await sql`update audit_log set actor_id = ${ids.manager} where id = ${victim.id}`.execute(h.ctx.db);
    const broken = await h.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as.admin });
    expect(broken.json()).toMatchObject({ ok: false, firstBroken: { id: victim.id, reason: 'hash_mismatch' } });
  });
});

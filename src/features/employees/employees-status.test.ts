import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('employee status changes', () => {
  const h = useApp();
  let head: { cookie: string };
  let headId: number;

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    headId = hs.id;
    head = await loginAs(h.app, hs.email);
  });

  const me = (headers: Record<string, string>) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  async function sessionAndToken(email: string) {
    const session = await loginAs(h.app, email);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'laptop' } });
    expect(res.statusCode).toBe(201);
    return { session, bearer: { authorization: `Bearer ${res.json().token}` } };
  }

  it('records each change with from, to, who and when, in order, and skips no-op updates', async () => {
    const e = await makeEmployee(h.ctx.db);
    const before = Date.now();
    for (const status of ['on_leave', 'on_leave', 'active', 'departing']) {
      const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${e.id}`, headers: head, payload: { status } });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe(status);
    }
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/employees/${e.id}/status-history`, headers: head });
    expect(res.statusCode).toBe(200);
    const history = res.json();
    expect(history.map((c: { fromStatus: string; toStatus: string }) => [c.fromStatus, c.toStatus])).toEqual([
      ['active', 'on_leave'],
      ['on_leave', 'active'],
      ['active', 'departing'],
    ]);
    expect(history[0]).toMatchObject({ changedBy: headId, changedByName: expect.any(String) });
    expect(new Date(history[0].changedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('cuts off a departed employee at once: their session and their API token both get 401', async () => {
    const e = await makeEmployee(h.ctx.db);
    const { session, bearer } = await sessionAndToken(e.email);
    expect((await me(session)).statusCode).toBe(200);
    expect((await me(bearer)).statusCode).toBe(200);
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${e.id}`, headers: head, payload: { status: 'departed' } });
    expect(res.statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(401);
    expect((await me(bearer)).statusCode).toBe(401);
    // Revoked, not merely hidden by the status: returning to work does not revive old credentials.
    const sessions = await h.ctx.db.selectFrom('sessions').select('revoked_at').where('employee_id', '=', e.id).execute();
    const tokens = await h.ctx.db.selectFrom('api_tokens').select('revoked_at').where('employee_id', '=', e.id).execute();
    expect([...sessions, ...tokens].every((r) => r.revoked_at !== null)).toBe(true);
    await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${e.id}`, headers: head, payload: { status: 'active' } });
    expect((await me(session)).statusCode).toBe(401);
    expect((await me(bearer)).statusCode).toBe(401);
  });

  it('leaves status, history and credentials untouched when the same update fails', async () => {
    const taken = await makeEmployee(h.ctx.db);
    const e = await makeEmployee(h.ctx.db);
    const { session } = await sessionAndToken(e.email);
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      headers: head,
      payload: { status: 'departed', email: taken.email.toUpperCase() },
    });
    expect(res.statusCode).toBe(409);
    const row = await h.ctx.db.selectFrom('employees').select('status').where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    const history = await h.ctx.db.selectFrom('employee_status_history').select('id').where('employee_id', '=', e.id).execute();
    expect(history).toHaveLength(0);
    expect((await me(session)).statusCode).toBe(200);
  });

  it('does not let a manager mark themself departed, and rejects an unknown status', async () => {
    const self = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${headId}`, headers: head, payload: { status: 'departed' } });
    expect(self.statusCode).toBe(403);
    expect((await me(head)).statusCode).toBe(200);
    const bad = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${headId}`, headers: head, payload: { status: 'fired' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('status');
  });

  it('lets management reset a password: the new one works, the old one does not', async () => {
    const e = await makeEmployee(h.ctx.db);
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${e.id}`, headers: head, payload: { password: 'brand-new-secret' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('brand-new-secret');
    await loginAs(h.app, e.email, 'brand-new-secret');
    await expect(loginAs(h.app, e.email)).rejects.toThrow(/401/);
  });
});

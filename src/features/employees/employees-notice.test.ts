import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee, TEST_PASSWORD } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('POST /api/v1/employees/:id/notice', () => {
  const h = useApp();
  let head: Record<string, string>;
  let headId: number;

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    headId = hs.id;
    head = await loginAs(h.app, hs.email);
  });

  const me = (headers: Record<string, string>) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
  const notice = (id: number, payload: object, headers = head) => h.app.inject({ method: 'POST', url: `/api/v1/employees/${id}/notice`, headers, payload });

  async function withCredentials() {
    const e = await makeEmployee(h.ctx.db);
    const session = await loginAs(h.app, e.email);
    const token = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'phone' } })).json().token;
    return { e, session, bearer: { authorization: `Bearer ${token}` } };
  }

  it('to a competitor: the existing session and token get 401 on their next request, and the password no longer logs in', async () => {
    const { e, session, bearer } = await withCredentials();
    expect((await me(session)).statusCode).toBe(200);
    const res = await notice(e.id, { toCompetitor: true, lastDay: '2026-12-31', note: 'Going to Konkurent LLC' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      employee: { id: e.id, status: 'departing', hasPassword: false },
      notice: { toCompetitor: true, lastDay: '2026-12-31', note: 'Going to Konkurent LLC' },
      credentialsRevoked: true,
    });
    expect((await me(session)).statusCode).toBe(401);
    expect((await me(bearer)).statusCode).toBe(401);
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: e.email, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(401);
    const history = (await h.app.inject({ method: 'GET', url: `/api/v1/employees/${e.id}/status-history`, headers: head })).json();
    expect(history.map((c: { toStatus: string }) => c.toStatus)).toEqual(['departing']);
    const audit = await h.ctx.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'employee.notice').where('entity_id', '=', String(e.id)).execute();
    expect(audit).toEqual([{ actor_id: headId, details: expect.objectContaining({ toCompetitor: true, credentialsRevoked: true }) }]);
  });

  it('not to a competitor: departing, but they keep working until their last day', async () => {
    const { e, session, bearer } = await withCredentials();
    const res = await notice(e.id, { toCompetitor: false });
    expect(res.json()).toMatchObject({ employee: { status: 'departing', hasPassword: true }, credentialsRevoked: false });
    expect((await me(session)).statusCode).toBe(200);
    expect((await me(bearer)).statusCode).toBe(200);
  });

  it('is management-only, not for oneself, 404 for an unknown employee, 409 once departed, 400 naming the field', async () => {
    const { e, session } = await withCredentials();
    expect((await notice(e.id, { toCompetitor: true }, session)).statusCode).toBe(403);
    expect((await notice(headId, { toCompetitor: false })).statusCode).toBe(403);
    expect((await notice(999999, { toCompetitor: true })).statusCode).toBe(404);
    const gone = await makeEmployee(h.ctx.db, { status: 'departed' });
    expect((await notice(gone.id, { toCompetitor: true })).statusCode).toBe(409);
    const bad = await notice(e.id, { toCompetitor: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('toCompetitor');
    expect((await notice(e.id, { toCompetitor: false, lastDay: '31.12.2026' })).json().error.details[0].field).toBe('lastDay');
    expect((await me(session)).statusCode).toBe(200);
  });
});

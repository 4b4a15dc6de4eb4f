import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee, TEST_PASSWORD } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('identity: login, sessions, API tokens', () => {
  const h = useApp();
  let email: string;

  beforeAll(async () => {
    email = (await makeEmployee(h.ctx.db, { role: 'hunter', name: 'Ольга Хантер' })).email;
  });

  it('logs in with email and password, sets an httpOnly cookie, and tells who I am', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email, role: 'hunter', name: 'Ольга Хантер' });
    const cookie = res.cookies.find((c) => c.name === 'hf_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `hf_session=${cookie?.value}` } });
    expect(me.json().email).toBe(email);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'nope' } });
    const unknown = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@x.test', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('stores only a hash of the session, and logout revokes it', async () => {
    const session = await loginAs(h.app, email);
    const raw = session.cookie.split('=')[1] ?? '';
    const stored = await h.ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === raw)).toBe(false);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
  });

  it('creates a personal API token that works as Bearer, lists it without the secret, and revokes it', async () => {
    const session = await loginAs(h.app, email);
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'telephony' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^hf_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).json().email).toBe(email);
    const list = (await h.app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: session })).json();
    expect(list[0]).toMatchObject({ id, name: 'telephony' });
    expect(list[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: session })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: session })).statusCode).toBe(404);
  });

  it('refuses login to a departed employee', async () => {
    const gone = await makeEmployee(h.ctx.db, { status: 'departed' });
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: gone.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(401);
  });

  it('rejects a login body of the wrong shape with a 400 naming the field', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.c' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('password');
  });
});

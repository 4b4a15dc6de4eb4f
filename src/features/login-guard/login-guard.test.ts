import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee, TEST_PASSWORD } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('login brute-force protection', () => {
  const h = useApp();
  let email: string;

  beforeAll(async () => {
    email = (await makeEmployee(h.ctx.db)).email;
  });

  const attempt = (remoteAddress: string, body: { email: string; password: string }) =>
    h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: body });
  // Instead of sleeping, move the recorded attempts back in time.
  const elapse = (seconds: number) => sql`update login_attempts set at = at - make_interval(secs => ${seconds})`.execute(h.ctx.db);

  it('slows one address guessing one account after 5 failures, then locks it for 15 minutes after 10', async () => {
    const ip = '10.1.0.1';
    for (let i = 0; i < 5; i++) expect((await attempt(ip, { email, password: `guess-${i}` })).statusCode).toBe(401);

    // Slowed: the 6th attempt right away is refused, even with the right password, and says when to retry.
    const slowed = await attempt(ip, { email, password: TEST_PASSWORD });
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers['retry-after']).toBe('2');
    expect(slowed.json().error).toMatchObject({ code: 'rate_limited', message: 'Too many failed logins: wait 2 seconds before trying again' });

    // Each further failure doubles the wait: 2, 4, 8, 16, 32 seconds.
    for (const wait of [2, 4, 8, 16, 32]) {
      await elapse(wait);
      expect((await attempt(ip, { email, password: 'still-guessing' })).statusCode).toBe(401);
      const next = await attempt(ip, { email, password: 'too-soon' });
      expect(next.statusCode).toBe(429);
      if (wait < 32) expect(Number(next.headers['retry-after'])).toBe(wait * 2);
    }

    // Blocked: 10 failures lock the account for 15 minutes, from any address, right password or not.
    const locked = await attempt('10.1.0.99', { email, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(890);
    expect(locked.json().error.message).toBe('Too many failed logins: login is locked for 15 minutes');
    await elapse(600);
    expect((await attempt(ip, { email, password: TEST_PASSWORD })).statusCode).toBe(429);
    const lockout = await h.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.lockout').execute();
    expect(lockout).toEqual([{ details: expect.objectContaining({ email: email.toLowerCase(), ip, key: 'account' }) }]);

    // After the lock, the right password works and clears the account's count.
    await elapse(301);
    expect((await attempt(ip, { email, password: TEST_PASSWORD })).statusCode).toBe(200);
    expect((await attempt(ip, { email, password: 'typo' })).statusCode).toBe(401);
    expect((await attempt(ip, { email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('slows one address spraying passwords over many accounts, without touching other addresses', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < 10; i++) expect((await attempt(ip, { email: `nobody${i}@spray.test`, password: 'Winter2026!' })).statusCode).toBe(401);
    const slowed = await attempt(ip, { email: 'nobody-else@spray.test', password: 'Winter2026!' });
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers['retry-after']).toBe('2');
    const other = await makeEmployee(h.ctx.db);
    expect((await attempt('10.2.0.2', { email: other.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('caps login requests per address at 20 a minute before any password is checked', async () => {
    const ip = '10.3.0.1';
    const codes: number[] = [];
    // Malformed bodies: cheap requests, still counted (a flood of them must not reach scrypt either).
    for (let i = 0; i < 21; i++) codes.push((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: {} })).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 400)).toBe(true);
    const blocked = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password: TEST_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.3.0.2', payload: { email, password: TEST_PASSWORD } })).statusCode).toBe(200);
  });

  it('a departed employee\'s existing session gets 401 on its next request', async () => {
    const head = await loginAs(h.app, (await makeEmployee(h.ctx.db, { role: 'head_of_sales' })).email);
    const leaver = await makeEmployee(h.ctx.db);
    const session = await loginAs(h.app, leaver.email);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/companies', headers: session })).statusCode).toBe(200);
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/employees/${leaver.id}`, headers: head, payload: { status: 'departed' } });
    expect(res.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/companies', headers: session })).statusCode).toBe(401);
  });
});

import { sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import type { Actor } from '../../domain/actor.js';
import { buildApp } from '../../http/server.js';
import { toRolePolicy } from '../policies/policies.service.js';
import { type LiveSession, SessionCache } from './session-cache.js';

const actor = (id: number): Actor => ({ id, name: `E${id}`, email: `e${id}@x.test`, role: 'hunter', policy: toRolePolicy(null) });

// A listener the test drives: notify() is a NOTIFY heard, lose() a broken connection.
function fakeListener() {
  const l = { up: true, notify: () => {}, lose: () => {} };
  const listen = async (onNotify: () => void, onLost: (error: Error) => void) => {
    if (!l.up) throw new Error('cannot connect');
    l.notify = onNotify;
    l.lose = () => onLost(new Error('connection lost'));
    return async () => {};
  };
  return { l, listen };
}

describe('session cache (logic)', () => {
  const hour = () => new Date(Date.now() + 3_600_000);
  const reader = (session: LiveSession | undefined) => {
    const read = vi.fn(async () => session);
    return read;
  };

  it('serves a session from memory until a NOTIFY, then reads it again', async () => {
    const { l, listen } = fakeListener();
    const cache = new SessionCache(listen);
    await cache.connect();
    const read = reader({ actor: actor(1), expiresAt: hour() });
    expect(await cache.actor('a', read)).toMatchObject({ id: 1 });
    expect(await cache.actor('a', read)).toMatchObject({ id: 1 });
    expect(read).toHaveBeenCalledTimes(1);
    l.notify();
    await cache.actor('a', read);
    expect(read).toHaveBeenCalledTimes(2);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
  });

  it('does not keep a read that overlapped an invalidation', async () => {
    const { l, listen } = fakeListener();
    const cache = new SessionCache(listen);
    await cache.connect();
    // The read saw the session before its revocation committed; the NOTIFY arrives while it is in flight.
    const read = vi.fn(async () => {
      l.notify();
      return { actor: actor(1), expiresAt: hour() };
    });
    await cache.actor('a', read);
    await cache.actor('a', read);
    expect(read).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
    // forget() also drops what a read in flight would store.
    const slow = vi.fn(async () => {
      cache.forget('b');
      return { actor: actor(2), expiresAt: hour() };
    });
    await cache.actor('b', slow);
    expect(cache.size).toBe(0);
  });

  it('keeps nothing while it cannot listen, and starts caching once it can', async () => {
    vi.useFakeTimers();
    try {
      const { l, listen } = fakeListener();
      l.up = false;
      const cache = new SessionCache(listen);
      await cache.connect();
      expect(cache.live).toBe(false);
      const read = reader({ actor: actor(1), expiresAt: hour() });
      await cache.actor('a', read);
      await cache.actor('a', read);
      expect(read).toHaveBeenCalledTimes(2);
      l.up = true;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(cache.live).toBe(true);
      await cache.actor('a', read);
      await cache.actor('a', read);
      expect(read).toHaveBeenCalledTimes(3);
      // A lost connection empties the cache and every request reads again until it is back.
      l.lose();
      expect(cache.live).toBe(false);
      expect(cache.size).toBe(0);
      await cache.actor('a', read);
      expect(read).toHaveBeenCalledTimes(4);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(cache.live).toBe(true);
      await cache.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('expires an entry at its max age or its session expiry, and holds at most maxEntries', async () => {
    let now = 1_000_000;
    const { listen } = fakeListener();
    const cache = new SessionCache(listen, { maxAgeMs: 100, maxEntries: 2, now: () => now });
    await cache.connect();
    const read = reader({ actor: actor(1), expiresAt: new Date(now + 1_000) });
    await cache.actor('a', read);
    now += 99;
    await cache.actor('a', read);
    expect(read).toHaveBeenCalledTimes(1);
    now += 1;
    await cache.actor('a', read);
    expect(read).toHaveBeenCalledTimes(2);
    const shortLived = reader({ actor: actor(2), expiresAt: new Date(now + 10) });
    await cache.actor('b', shortLived);
    now += 10;
    await cache.actor('b', shortLived);
    expect(shortLived).toHaveBeenCalledTimes(2);
    await cache.actor('c', reader({ actor: actor(3), expiresAt: new Date(now + 1_000) }));
    await cache.actor('d', reader({ actor: actor(4), expiresAt: new Date(now + 1_000) }));
    expect(cache.size).toBe(2);
  });

  it('refuses an unknown session and hands out actors that cannot be changed', async () => {
    const { listen } = fakeListener();
    const cache = new SessionCache(listen);
    await cache.connect();
    expect(await cache.actor('x', reader(undefined))).toBeNull();
    const a = (await cache.actor('a', reader({ actor: actor(1), expiresAt: hour() })))!;
    expect(() => Object.assign(a, { role: 'admin' })).toThrow();
    expect(() => Object.assign(a.policy, { clientScope: 'all' })).toThrow();
  });
});

describe('session cache (through the app and the database)', () => {
  const h = useApp();
  let email: string;
  let employeeId: number;
  beforeAll(async () => {
    const e = await makeEmployee(h.ctx.db, { role: 'hunter' });
    email = e.email;
    employeeId = e.id;
  });
  const me = (headers: Record<string, string>) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
  // A NOTIFY reaches PostgreSQL listeners asynchronously: wait for it, but far less than the max age.
  const soon = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 2_000, interval: 20 });

  it('listens from the start and answers a repeated session from memory', async () => {
    expect(h.app.sessions.live).toBe(true);
    const session = await loginAs(h.app, email);
    const before = { ...h.app.sessions.stats };
    expect((await me(session)).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(200);
    expect(h.app.sessions.stats.hits - before.hits).toBeGreaterThanOrEqual(1);
  });

  // Another process (a second server, an admin in psql): its own connection to the same database.
  // PGlite has one backend, so there the "other" connection is the app's own.
  async function otherConnection() {
    if (h.ctx.database.kind === 'pglite') return { run: (q: string) => sql.raw(q).execute(h.ctx.db).then(() => {}), end: async () => {} };
    const url = new URL(process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    url.pathname = `/${(await sql<{ db: string }>`select current_database() as db`.execute(h.ctx.db)).rows[0]!.db}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return { run: (q: string) => client.query(q).then(() => {}), end: () => client.end() };
  }

  it('refuses a session revoked by another process once its NOTIFY arrives', async () => {
    const session = await loginAs(h.app, email);
    expect((await me(session)).statusCode).toBe(200);
    const other = await otherConnection();
    try {
      await other.run(`update sessions set revoked_at = now() where employee_id = ${employeeId}`);
      await soon(async () => expect((await me(session)).statusCode).toBe(401));
    } finally {
      await other.end();
    }
  });

  it('hears a change made through its own pool before the statement returns: role, policy, departure', async () => {
    const session = await loginAs(h.app, email);
    expect((await me(session)).json().role).toBe('hunter');
    await h.ctx.db.updateTable('employees').set({ role: 'account_manager' }).where('id', '=', employeeId).execute();
    expect((await me(session)).json().role).toBe('account_manager');
    const scope = (await me(session)).json().policy.clientScope;
    const other = scope === 'all' ? 'own' : 'all';
    // In a transaction too: heard at its commit.
    await h.ctx.db.transaction().execute((trx) => sql`update role_policies set client_scope = ${other} where role = 'account_manager'`.execute(trx));
    expect((await me(session)).json().policy.clientScope).toBe(other);
    await h.ctx.db.updateTable('employees').set({ status: 'departed' }).where('id', '=', employeeId).execute();
    expect((await me(session)).statusCode).toBe(401);
    await h.ctx.db.updateTable('employees').set({ status: 'active', role: 'hunter' }).where('id', '=', employeeId).execute();
    await sql`update role_policies set client_scope = ${scope} where role = 'account_manager'`.execute(h.ctx.db);
  });

  it('refuses a logged-out session on the very next request', async () => {
    const session = await loginAs(h.app, email);
    expect((await me(session)).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session })).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(401);
  });

  it('reads every session from the database when switched off (HOLDFAST_SESSION_CACHE=off)', async () => {
    const app = await buildApp({ ...h.ctx, config: { ...h.ctx.config, sessionCache: false } });
    try {
      const session = await loginAs(app, email);
      for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(200);
      expect(app.sessions.live).toBe(false);
      expect(app.sessions.stats).toMatchObject({ hits: 0, misses: 3 });
    } finally {
      await app.close();
    }
  });

  it.runIf(process.env.HOLDFAST_TEST_DB === 'postgres')('reads every session from the database while its listener is down, and listens again', async () => {
    const session = await loginAs(h.app, email);
    expect((await me(session)).statusCode).toBe(200);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'`.execute(h.ctx.db);
    await soon(async () => expect(h.app.sessions.live).toBe(false));
    // Offline: a revocation is seen at once, no NOTIFY needed.
    await h.ctx.db.updateTable('sessions').set({ revoked_at: new Date() }).where('employee_id', '=', employeeId).execute();
    expect((await me(session)).statusCode).toBe(401);
    await soon(async () => expect(h.app.sessions.live).toBe(true));
    const fresh = await loginAs(h.app, email);
    const before = h.app.sessions.stats.hits;
    await me(fresh);
    await me(fresh);
    expect(h.app.sessions.stats.hits).toBeGreaterThan(before);
  });
});

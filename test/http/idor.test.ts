import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../harness.js';
import { buildFixtures, type RoleFixture } from './role-matrix.fixtures.js';

// An account manager who guesses the ids of another manager's records learns nothing: every read,
// change and archive answers 404 exactly like a missing id, and lists, counts, search, lookups,
// dossiers and exports never include them.
describe('no IDOR between account managers', () => {
  const h = useApp();
  let me: RoleFixture;
  let other: RoleFixture;

  beforeAll(async () => {
    const fx = await buildFixtures(h.ctx, h.app);
    me = fx.byRole.account_manager;
    other = fx.byRole.hunter;
  }, 120_000);

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, headers: me.headers, payload });
  const ids = async (url: string) => ((await call('GET', url)).json().items as { id: number }[]).map((i) => i.id);

  const ENTITIES = [
    ['companies', () => other.company, { tags: ['мой'] }],
    ['contacts', () => other.contact, { position: 'Мой' }],
    ['orders', () => other.order, { status: 'cancelled' }],
    ['deals', () => other.deal, { amount: '1.00' }],
    ['tasks', () => other.task, { title: 'Мой' }],
    ['activities', () => other.activity, { summary: 'Мой' }],
  ] as const;

  it.each(ENTITIES)('answers 404 to reading, changing, archiving and restoring another manager’s %s', async (path, id, patch) => {
    const target = id();
    const responses = [
      await call('GET', `/api/v1/${path}/${target}`),
      await call('PATCH', `/api/v1/${path}/${target}`, patch),
      await call('POST', `/api/v1/${path}/${target}/archive`),
      await call('POST', `/api/v1/${path}/${target}/restore`),
    ];
    const missing = await call('GET', `/api/v1/${path}/999999`);
    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    // Same message shape as an id that does not exist: nothing tells "hidden" from "absent".
    expect(responses[0]!.json().error.message.replace(String(target), 'N')).toBe(missing.json().error.message.replace('999999', 'N'));
  });

  it('leaves another manager’s records untouched after the attempts', async () => {
    const company = await h.ctx.db.selectFrom('companies').select(['tags', 'archived_at']).where('id', '=', other.company).executeTakeFirstOrThrow();
    expect(company).toEqual({ tags: [], archived_at: null });
    const order = await h.ctx.db.selectFrom('orders').select('status').where('id', '=', other.order).executeTakeFirstOrThrow();
    expect(order.status).toBe('confirmed');
  });

  it.each(ENTITIES)('never lists another manager’s %s, even when filtered by its client', async (path, id) => {
    expect(await ids(`/api/v1/${path}?limit=200`)).not.toContain(id());
    if (path !== 'companies') expect(await ids(`/api/v1/${path}?limit=200&companyId=${other.company}`)).toEqual([]);
  });

  it('answers 404 for the client’s team, dossier, monthly totals and reveal, and 400 for references to it', async () => {
    for (const url of [`/api/v1/companies/${other.company}/team`, `/api/v1/companies/${other.company}/dossier`, `/api/v1/companies/${other.company}/orders/monthly`]) {
      expect((await call('GET', url)).statusCode, url).toBe(404);
    }
    expect((await call('POST', `/api/v1/contacts/${other.contact}/reveal`, { field: 'phones', reason: 'угадываю номер' })).statusCode).toBe(404);
    const refs = [
      ['/api/v1/contacts', { companyId: other.company, name: 'Шпион' }],
      ['/api/v1/deals', { companyId: other.company, title: 'Чужая' }],
      ['/api/v1/tasks', { title: 'Чужая', companyId: other.company }],
      ['/api/v1/activities', { companyId: other.company, type: 'note' }],
    ] as const;
    for (const [url, payload] of refs) {
      const res = await call('POST', url, payload);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details[0].field).toBe('companyId');
    }
  });

  it('does not count hidden deals on the board', async () => {
    const board = (await call('GET', '/api/v1/deals/board')).json() as { stages: { count: number; sum: string; deals: { id: number }[] }[] };
    const visible = await ids('/api/v1/deals?limit=200');
    expect(board.stages.reduce((n, s) => n + s.count, 0)).toBe(visible.length);
    expect(board.stages.flatMap((s) => s.deals.map((d) => d.id))).not.toContain(other.deal);
  });

  it('finds nothing of another manager’s client by name, phone or email, and leaves it out of exports', async () => {
    const search = (await call('GET', `/api/v1/search?q=${encodeURIComponent('Клиент hunter')}`)).json().items as { company: { id: number } }[];
    expect(search.map((s) => s.company.id)).not.toContain(other.company);
    // Every matrix contact shares a number; only my own client's contact may be found by it.
    const lookup = (await call('GET', '/api/v1/lookup/phone/%2B79161234567')).json().items as { company: { id: number } }[];
    expect(lookup.map((i) => i.company.id)).toEqual([me.company]);
    const byEmail = (await call('GET', '/api/v1/search?q=c%40firma.ru')).json().items as { company: { id: number } }[];
    expect(new Set(byEmail.map((s) => s.company.id))).toEqual(new Set([me.company]));
    const csv = (await call('GET', '/api/v1/exports/companies.csv')).body;
    expect(csv).toContain('Клиент account_manager');
    expect(csv).not.toContain('Клиент hunter');
  });
});

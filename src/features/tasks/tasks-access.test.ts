import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

// Who sees a task: its assignee, its creator, management, and anyone who can see its company.
describe('task visibility', () => {
  const h = useApp();
  const who: Record<string, { cookie: string }> = {};
  const ids: Record<string, number> = {};
  const tasks: Record<string, number> = {};

  const seen = async (name: string) => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/tasks?limit=200', headers: who[name] });
    expect(res.statusCode).toBe(200);
    const names = Object.fromEntries(Object.entries(tasks).map(([k, v]) => [v, k]));
    return res.json().items.map((t: { id: number }) => names[t.id]).sort();
  };
  const get = (name: string, task: string) => h.app.inject({ method: 'GET', url: `/api/v1/tasks/${tasks[task]}`, headers: who[name] });

  beforeAll(async () => {
    for (const [name, role] of [['head', 'head_of_sales'], ['am', 'account_manager'], ['teammate', 'account_manager'], ['outsider', 'hunter'], ['other', 'account_manager']] as const) {
      const e = await makeEmployee(h.ctx.db, { role });
      ids[name] = e.id;
      who[name] = await loginAs(h.app, e.email);
    }
    const a = await makeCompany(h.ctx.db, { ownerId: ids.am });
    const b = await makeCompany(h.ctx.db, { ownerId: ids.other });
    await h.ctx.db.insertInto('account_team').values({ company_id: a.id, employee_id: ids.teammate!, role: 'backup' }).execute();
    const create = async (name: string, by: string, payload: object) => {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/tasks', headers: who[by], payload });
      expect(res.statusCode).toBe(201);
      tasks[name] = res.json().id;
    };
    await create('onA', 'head', { title: 'On client A', companyId: a.id, assigneeId: ids.am });
    await create('onBforAm', 'head', { title: 'On client B, for am', companyId: b.id, assigneeId: ids.am });
    await create('privateByOutsider', 'outsider', { title: 'No client', assigneeId: ids.am });
    await create('headOwn', 'head', { title: 'Management only' });
  });

  it('lists to each person exactly the tasks they may see', async () => {
    expect(await seen('head')).toEqual(['headOwn', 'onA', 'onBforAm', 'privateByOutsider']);
    expect(await seen('am')).toEqual(['onA', 'onBforAm', 'privateByOutsider']);
    expect(await seen('teammate')).toEqual(['onA']);
    expect(await seen('outsider')).toEqual(['privateByOutsider']);
    expect(await seen('other')).toEqual(['onBforAm']);
  });

  it('answers 404 by id, and on every write, to someone who may not see the task', async () => {
    expect((await get('teammate', 'onA')).statusCode).toBe(200);
    expect((await get('am', 'onBforAm')).json().companyId).not.toBeNull();
    for (const [name, task] of [['outsider', 'onA'], ['teammate', 'privateByOutsider'], ['am', 'headOwn']] as const) {
      expect((await get(name, task)).statusCode).toBe(404);
      const id = tasks[task];
      const writes = [
        { method: 'PATCH' as const, url: `/api/v1/tasks/${id}`, payload: { title: 'hijack' } },
        { method: 'POST' as const, url: `/api/v1/tasks/${id}/complete`, payload: { result: 'x' } },
        { method: 'POST' as const, url: `/api/v1/tasks/${id}/cancel` },
        { method: 'POST' as const, url: `/api/v1/tasks/${id}/archive` },
      ];
      for (const w of writes) expect((await h.app.inject({ ...w, headers: who[name] })).statusCode).toBe(404);
    }
    const untouched = await h.ctx.db.selectFrom('tasks').select(['title', 'status', 'archived_at']).where('id', 'in', [tasks.onA!, tasks.headOwn!]).execute();
    expect(untouched.every((t) => t.status === 'open' && t.archived_at === null && t.title !== 'hijack')).toBe(true);
  });

  it('lets a teammate who can see the client complete the task for the absent assignee', async () => {
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/tasks/${tasks.onA}/complete`, headers: who.teammate, payload: { result: 'Covered while am was away' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', assigneeId: ids.am });
  });

  it('takes the task out of sight of a former assignee once it is reassigned', async () => {
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/tasks/${tasks.onBforAm}`, headers: who.head, payload: { assigneeId: ids.other } });
    expect(res.statusCode).toBe(200);
    expect((await get('am', 'onBforAm')).statusCode).toBe(404);
    expect((await get('other', 'onBforAm')).statusCode).toBe(200);
  });
});

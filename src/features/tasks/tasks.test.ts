import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type Res = { statusCode: number; json: () => { error: { details: Array<{ field: string }> } } };
const fields = (res: Res) => res.json().error.details.map((d) => d.field);

describe('tasks API', () => {
  const h = useApp();
  let head: { cookie: string };
  let am: { cookie: string };
  let amId: number;
  let colleagueId: number;
  let departedId: number;
  let companyA: number;
  let companyA2: number;
  let companyB: number;
  let dealA: number;
  let dealA2: number;
  let dealB: number;

  const makeDeal = async (companyId: number, title: string) => {
    const stage = await h.ctx.db.selectFrom('pipeline_stages').select('id').orderBy('position').executeTakeFirstOrThrow();
    return (await h.ctx.db.insertInto('deals').values({ company_id: companyId, title, stage_id: stage.id }).returning('id').executeTakeFirstOrThrow()).id;
  };
  const post = (headers: { cookie: string }, payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/tasks', headers, payload });
  const patch = (headers: { cookie: string }, id: number, payload: object) => h.app.inject({ method: 'PATCH', url: `/api/v1/tasks/${id}`, headers, payload });
  const action = (headers: { cookie: string }, id: number, name: string, payload?: object) =>
    h.app.inject({ method: 'POST', url: `/api/v1/tasks/${id}/${name}`, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales', name: 'Head Person' });
    const manager = await makeEmployee(h.ctx.db, { name: 'Ivan Manager' });
    const other = await makeEmployee(h.ctx.db);
    amId = manager.id;
    colleagueId = (await makeEmployee(h.ctx.db, { name: 'Colleague' })).id;
    departedId = (await makeEmployee(h.ctx.db, { status: 'departed' })).id;
    companyA = (await makeCompany(h.ctx.db, { name: 'Alpha LLC', ownerId: amId })).id;
    companyA2 = (await makeCompany(h.ctx.db, { ownerId: amId })).id;
    companyB = (await makeCompany(h.ctx.db, { ownerId: other.id })).id;
    dealA = await makeDeal(companyA, 'Alpha supply 2027');
    dealA2 = await makeDeal(companyA2, 'Second deal');
    dealB = await makeDeal(companyB, 'Hidden deal');
    head = await loginAs(h.app, hs.email);
    am = await loginAs(h.app, manager.email);
  });

  it('creates a task for oneself by default, manual and open, and reads it back', async () => {
    const res = await post(am, { title: '  Call about the quote ' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      title: 'Call about the quote',
      assigneeId: amId,
      assigneeName: 'Ivan Manager',
      createdBy: amId,
      status: 'open',
      origin: 'manual',
      dueAt: null,
      companyId: null,
      dealId: null,
      result: null,
      completedAt: null,
    });
    const read = await h.app.inject({ method: 'GET', url: `/api/v1/tasks/${body.id}`, headers: am });
    expect(read.json()).toEqual(body);
  });

  it('links a company and its deal, and takes the company from a deal given alone', async () => {
    const both = await post(am, { title: 'Send contract', companyId: companyA, dealId: dealA, dueAt: '2026-05-01T15:00:00+03:00', assigneeId: colleagueId, origin: 'rule' });
    expect(both.statusCode).toBe(201);
    expect(both.json()).toMatchObject({ companyId: companyA, companyName: 'Alpha LLC', dealId: dealA, dealTitle: 'Alpha supply 2027', dueAt: '2026-05-01T12:00:00.000Z', assigneeId: colleagueId, assigneeName: 'Colleague', origin: 'rule' });
    const dealOnly = await post(am, { title: 'Follow up', dealId: dealA2 });
    expect(dealOnly.statusCode).toBe(201);
    expect(dealOnly.json()).toMatchObject({ companyId: companyA2, dealId: dealA2 });
  });

  it.each([
    ['a deal of another company', () => ({ title: 'T', companyId: companyA, dealId: dealA2 }), 'dealId'],
    ['an unknown deal', () => ({ title: 'T', dealId: 999999 }), 'dealId'],
    ['a deal of a hidden company', () => ({ title: 'T', dealId: dealB }), 'dealId'],
    ['a hidden company', () => ({ title: 'T', companyId: companyB }), 'companyId'],
    ['an unknown company', () => ({ title: 'T', companyId: 999999 }), 'companyId'],
    ['an explicit empty company with a deal', () => ({ title: 'T', companyId: null, dealId: dealA }), 'companyId'],
    ['a departed assignee', () => ({ title: 'T', assigneeId: departedId }), 'assigneeId'],
    ['an unknown assignee', () => ({ title: 'T', assigneeId: 999999 }), 'assigneeId'],
    ['an empty title', () => ({ title: '   ' }), 'title'],
    ['an oversized title', () => ({ title: 'x'.repeat(301) }), 'title'],
    ['a due time that is not ISO', () => ({ title: 'T', dueAt: 'tomorrow' }), 'dueAt'],
    ['an unknown origin', () => ({ title: 'T', origin: 'magic' }), 'origin'],
  ])('rejects %s with a 400 naming the field, writing nothing', async (_label, payload, field) => {
    const count = async () => (await h.ctx.db.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    const res = await post(am, payload());
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('completes a task only with a result, once', async () => {
    const t = (await post(am, { title: 'Complete me' })).json();
    for (const payload of [{}, { result: '' }, { result: '   ' }, { result: 'x'.repeat(5001) }]) {
      const bad = await action(am, t.id, 'complete', payload);
      expect(bad.statusCode).toBe(400);
      expect(fields(bad)).toEqual(['result']);
    }
    const before = Date.now();
    const done = await action(am, t.id, 'complete', { result: 'Client agreed to a meeting on Friday' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', result: 'Client agreed to a meeting on Friday' });
    expect(new Date(done.json().completedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const again = await action(am, t.id, 'complete', { result: 'twice' });
    expect(again.statusCode).toBe(409);
    expect((await action(am, t.id, 'cancel')).statusCode).toBe(409);
    const row = await h.ctx.db.selectFrom('tasks').select(['status', 'result']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', result: 'Client agreed to a meeting on Friday' });
  });

  it('cancels a task with or without a reason, after which it cannot be completed', async () => {
    const plain = (await post(am, { title: 'Cancel me' })).json();
    const cancelled = await action(am, plain.id, 'cancel');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', result: null, completedAt: null });
    expect((await action(am, plain.id, 'complete', { result: 'too late' })).statusCode).toBe(409);
    const reasoned = (await post(am, { title: 'Cancel with reason' })).json();
    const withReason = await action(am, reasoned.id, 'cancel', { result: 'Client closed the tender' });
    expect(withReason.json()).toMatchObject({ status: 'cancelled', result: 'Client closed the tender' });
  });

  it('edits title, due time and assignee, and keeps company and deal consistent', async () => {
    const t = (await post(am, { title: 'Editable', companyId: companyA, dealId: dealA, dueAt: '2026-06-01T09:00:00Z' })).json();
    const edited = await patch(am, t.id, { title: 'Edited', dueAt: null, assigneeId: colleagueId });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Edited', dueAt: null, assigneeId: colleagueId, companyId: companyA, dealId: dealA });
    const mismatch = await patch(am, t.id, { companyId: companyA2 });
    expect(mismatch.statusCode).toBe(400);
    expect(fields(mismatch)).toEqual(['dealId']);
    const emptied = await patch(am, t.id, { companyId: null });
    expect(emptied.statusCode).toBe(400);
    expect(fields(emptied)).toEqual(['companyId']);
    const moved = await patch(am, t.id, { companyId: companyA2, dealId: dealA2 });
    expect(moved.json()).toMatchObject({ companyId: companyA2, dealId: dealA2 });
    const dealCleared = await patch(am, t.id, { dealId: null });
    expect(dealCleared.json()).toMatchObject({ companyId: companyA2, dealId: null });
    const hidden = await patch(am, t.id, { companyId: companyB });
    expect(hidden.statusCode).toBe(400);
    expect(fields(hidden)).toEqual(['companyId']);
    const departed = await patch(am, t.id, { assigneeId: departedId });
    expect(fields(departed)).toEqual(['assigneeId']);
    const row = await h.ctx.db.selectFrom('tasks').select(['company_id', 'deal_id', 'assignee_id']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ company_id: companyA2, deal_id: null, assignee_id: colleagueId });
  });

  it('archives a task out of the default list and restores it', async () => {
    const t = (await post(am, { title: 'Archivable task', companyId: companyA2 })).json();
    const archived = await action(am, t.id, 'archive');
    expect(archived.json().archivedAt).not.toBeNull();
    const ids = async (qs: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/v1/tasks?companyId=${companyA2}&limit=200${qs}`, headers: am })).json().items.map((x: { id: number }) => x.id);
    expect(await ids('')).not.toContain(t.id);
    expect(await ids('&includeArchived=true')).toContain(t.id);
    expect((await action(am, t.id, 'restore')).json().archivedAt).toBeNull();
    expect(await ids('')).toContain(t.id);
  });

  it('answers 404 for an unknown task on every endpoint', async () => {
    const calls = [
      h.app.inject({ method: 'GET', url: '/api/v1/tasks/999999', headers: head }),
      patch(head, 999999, { title: 'x' }),
      action(head, 999999, 'complete', { result: 'x' }),
      action(head, 999999, 'cancel'),
      action(head, 999999, 'archive'),
      action(head, 999999, 'restore'),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode).toBe(404);
  });
});

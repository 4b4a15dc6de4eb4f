import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type Headers = { cookie: string };

describe('deals API: create, move through stages, history', () => {
  const h = useApp();
  let head: Headers;
  let manager: Headers;
  let headId: number;
  let managerId: number;
  let otherId: number;
  let company: number;
  let hidden: number;
  const stage: Record<string, number> = {};

  const post = (headers: Headers, payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/deals', headers, payload });
  const patch = (headers: Headers, id: number, payload: object) => h.app.inject({ method: 'PATCH', url: `/api/v1/deals/${id}`, headers, payload });
  const fields = (res: { json: () => { error: { details: { field: string }[] } } }) => res.json().error.details.map((d) => d.field);
  const historyRows = (dealId: number) => h.ctx.db.selectFrom('deal_stage_history').selectAll().where('deal_id', '=', dealId).orderBy('id').execute();

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db, { name: 'Анна Менеджер' });
    const other = await makeEmployee(h.ctx.db);
    headId = hs.id;
    managerId = am.id;
    otherId = other.id;
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    company = (await makeCompany(h.ctx.db, { name: 'ООО Сделка', ownerId: managerId })).id;
    hidden = (await makeCompany(h.ctx.db, { ownerId: otherId })).id;
    for (const s of await h.ctx.db.selectFrom('pipeline_stages').select(['id', 'name']).execute()) stage[s.name] = s.id;
  });

  it('creates a deal in the first open stage, owned by its author, with the initial history row', async () => {
    const res = await post(manager, { companyId: company, title: 'Поставка труб', amount: '1250000.50', expectedClose: '2026-03-31' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      companyId: company,
      companyName: 'ООО Сделка',
      title: 'Поставка труб',
      stageId: stage.New,
      stageName: 'New',
      stageKind: 'open',
      probability: 10,
      amount: '1250000.50',
      expectedClose: '2026-03-31',
      ownerId: managerId,
      ownerName: 'Анна Менеджер',
      closedAt: null,
    });
    expect(await historyRows(body.id)).toMatchObject([{ from_stage_id: null, to_stage_id: stage.New, changed_by: managerId }]);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/deals/${body.id}`, headers: manager })).json()).toEqual(body);
  });

  it('defaults to the first open stage by position, even after the pipeline is reordered', async () => {
    const early = await h.app.inject({ method: 'POST', url: '/api/v1/pipeline-stages', headers: head, payload: { name: 'Lead', position: 5 } });
    const lostFirst = await h.app.inject({ method: 'POST', url: '/api/v1/pipeline-stages', headers: head, payload: { name: 'Junk', position: 1, kind: 'lost' } });
    const res = await post(manager, { companyId: company, title: 'Reordered' });
    expect(res.json().stageId).toBe(early.json().id);
    for (const s of [early.json().id, lostFirst.json().id]) {
      const d = (await h.app.inject({ method: 'GET', url: `/api/v1/deals?stageId=${s}`, headers: head })).json().items;
      for (const x of d) await patch(head, x.id, { stageId: stage.New });
      await h.app.inject({ method: 'POST', url: `/api/v1/pipeline-stages/${s}/archive`, headers: head });
    }
    expect((await post(manager, { companyId: company, title: 'Back to New' })).json().stageId).toBe(stage.New);
  });

  it('moves a deal through the pipeline: each move is a history row, won/lost set closed_at, reopening clears it', async () => {
    const d = (await post(manager, { companyId: company, title: 'Журнал', amount: '100.00' })).json();
    const toProposal = await patch(manager, d.id, { stageId: stage.Proposal, amount: '150.00' });
    expect(toProposal.json()).toMatchObject({ stageName: 'Proposal', amount: '150.00', closedAt: null });
    const won = await patch(manager, d.id, { stageId: stage.Won });
    expect(won.json()).toMatchObject({ stageName: 'Won', stageKind: 'won', probability: 100 });
    expect(won.json().closedAt).not.toBeNull();
    const stored = await h.ctx.db.selectFrom('deals').select('closed_at').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(stored.closed_at).toBeInstanceOf(Date);
    const reopened = await patch(head, d.id, { stageId: stage.Negotiation });
    expect(reopened.json()).toMatchObject({ stageName: 'Negotiation', closedAt: null });
    const lost = await patch(manager, d.id, { stageId: stage.Lost });
    expect(lost.json().closedAt).not.toBeNull();
    // Same stage again and a plain edit: no history row.
    await patch(manager, d.id, { stageId: stage.Lost, title: 'Журнал (2)' });

    const history = await h.app.inject({ method: 'GET', url: `/api/v1/deals/${d.id}/history`, headers: manager });
    expect(history.statusCode).toBe(200);
    expect(history.json().map((r: { fromStageName: string | null; toStageName: string; changedBy: number }) => [r.fromStageName, r.toStageName, r.changedBy])).toEqual([
      [null, 'New', managerId],
      ['New', 'Proposal', managerId],
      ['Proposal', 'Won', managerId],
      ['Won', 'Negotiation', headId],
      ['Negotiation', 'Lost', managerId],
    ]);
    expect(history.json()[3]).toMatchObject({ fromStageId: stage.Won, toStageId: stage.Negotiation, changedByName: expect.any(String) });
  });

  it('creating a deal straight into a won stage closes it at once', async () => {
    const res = await post(manager, { companyId: company, title: 'Already won', stageId: stage.Won });
    expect(res.json().closedAt).not.toBeNull();
    expect(await historyRows(res.json().id)).toMatchObject([{ from_stage_id: null, to_stage_id: stage.Won }]);
  });

  it('writes neither the deal change nor a history row when the target stage is bad', async () => {
    const d = (await post(manager, { companyId: company, title: 'Stays', amount: '10.00' })).json();
    const res = await patch(manager, d.id, { stageId: 999999, amount: '99.00' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['stageId']);
    const after = await h.ctx.db.selectFrom('deals').select(['amount', 'stage_id']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ amount: '10.00', stage_id: stage.New });
    expect(await historyRows(d.id)).toHaveLength(1);
    const before = await h.ctx.db.selectFrom('deals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await post(manager, { companyId: company, title: 'Nowhere', stageId: 999999 });
    expect(fields(bad)).toEqual(['stageId']);
    const unknownOwner = await post(head, { companyId: company, title: 'Nobody', ownerId: 999999 });
    expect(unknownOwner.statusCode).toBe(400);
    expect(fields(unknownOwner)).toEqual(['ownerId']);
    const afterCount = await h.ctx.db.selectFrom('deals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(afterCount.n)).toBe(Number(before.n));
  });

  it('rolls back the history row when the deal update fails after it was written', async () => {
    const d = (await post(manager, { companyId: company, title: 'Atomic move' })).json();
    // The history row is inserted before the deal row is updated; the unknown owner fails that update.
    const res = await patch(head, d.id, { stageId: stage.Proposal, ownerId: 999999 });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['ownerId']);
    expect(await historyRows(d.id)).toHaveLength(1);
    const after = await h.ctx.db.selectFrom('deals').select(['stage_id', 'owner_id']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ stage_id: stage.New, owner_id: managerId });
  });

  it.each([
    ['a missing title', { title: undefined }, 'title'],
    ['an oversized title', { title: 'x'.repeat(301) }, 'title'],
    ['a float amount', { amount: 10.5 }, 'amount'],
    ['a negative amount', { amount: '-1.00' }, 'amount'],
    ['a bad expected close date', { expectedClose: '2026-02-30' }, 'expectedClose'],
    ['a non-numeric stage', { stageId: 'won' }, 'stageId'],
  ])('rejects %s with a 400 naming the field', async (_label, over, field) => {
    const res = await post(manager, { companyId: company, title: 'Valid', ...over });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
  });

  it('follows company visibility: hidden deals are 404 and a hidden company in a body is a 400', async () => {
    const theirs = (await post(head, { companyId: hidden, title: 'Not yours', ownerId: otherId })).json();
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/deals/${theirs.id}` },
      { method: 'GET' as const, url: `/api/v1/deals/${theirs.id}/history` },
      { method: 'PATCH' as const, url: `/api/v1/deals/${theirs.id}`, payload: { title: 'Mine now' } },
      { method: 'POST' as const, url: `/api/v1/deals/${theirs.id}/archive` },
      { method: 'GET' as const, url: '/api/v1/deals/999999' },
    ]) {
      expect((await h.app.inject({ ...req, headers: manager })).statusCode).toBe(404);
    }
    const list = (await h.app.inject({ method: 'GET', url: '/api/v1/deals?limit=200', headers: manager })).json();
    expect(list.items.map((d: { id: number }) => d.id)).not.toContain(theirs.id);
    const create = await post(manager, { companyId: hidden, title: 'Sneaky' });
    expect(create.statusCode).toBe(400);
    expect(fields(create)).toEqual(['companyId']);
  });

  it("lets a manager give a deal only to themselves or the client's owner; management moves owners", async () => {
    expect((await post(manager, { companyId: company, title: 'For other', ownerId: otherId })).statusCode).toBe(403);
    const sharedCompany = (await makeCompany(h.ctx.db, { ownerId: otherId })).id;
    await h.ctx.db.insertInto('account_team').values({ company_id: sharedCompany, employee_id: managerId, role: 'backup' }).execute();
    const forOwner = await post(manager, { companyId: sharedCompany, title: 'For the owner', ownerId: otherId });
    expect(forOwner.statusCode).toBe(201);
    const d = (await post(manager, { companyId: company, title: 'Owner move' })).json();
    expect((await patch(manager, d.id, { ownerId: otherId })).statusCode).toBe(403);
    expect((await patch(manager, d.id, { ownerId: managerId })).statusCode).toBe(200);
    const moved = await patch(head, d.id, { ownerId: otherId });
    expect(moved.json()).toMatchObject({ ownerId: otherId });
  });

  it('archives a deal out of the default list and restores it', async () => {
    const d = (await post(manager, { companyId: company, title: 'Archive me' })).json();
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/deals/${d.id}/archive`, headers: manager })).json().archivedAt).not.toBeNull();
    const ids = async (q: string) => (await h.app.inject({ method: 'GET', url: `/api/v1/deals?companyId=${company}&limit=200${q}`, headers: manager })).json().items.map((x: { id: number }) => x.id);
    expect(await ids('')).not.toContain(d.id);
    expect(await ids('&includeArchived=true')).toContain(d.id);
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/deals/${d.id}/restore`, headers: manager })).json().archivedAt).toBeNull();
    expect(await ids('')).toContain(d.id);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type Headers = { cookie: string };
type DealBody = { id: number; title: string; amount: string; stageName: string; companyName: string; ownerName: string | null };
type BoardBody = { stages: { id: number; name: string; count: number; sum: string; deals: DealBody[] }[] };

describe('deals API: list, sort, page, board', () => {
  const h = useApp();
  let head: Headers;
  let manager: Headers;
  let managerId: number;
  let otherId: number;
  let company: number;
  let hidden: number;
  const stage: Record<string, number> = {};

  const create = async (headers: Headers, payload: Record<string, unknown>) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/deals', headers, payload: { companyId: company, ...payload } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json() as DealBody;
  };
  const list = async (headers: Headers, query: string) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/deals?${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: DealBody[]; nextCursor: string | null };
  };
  const titles = async (query: string, headers = head) => (await list(headers, `${query}&limit=200`)).items.map((d) => d.title);
  const pageAll = async (query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await list(head, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map((d) => d.title));
      cursor = body.nextCursor;
    } while (cursor && seen.length < 50);
    return seen;
  };
  const board = async (headers: Headers, query = '') => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/deals/board?${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json() as BoardBody;
  };

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'director' });
    const am = await makeEmployee(h.ctx.db, { name: 'Борис' });
    const other = await makeEmployee(h.ctx.db);
    managerId = am.id;
    otherId = other.id;
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    company = (await makeCompany(h.ctx.db, { name: 'Альфа', ownerId: managerId })).id;
    hidden = (await makeCompany(h.ctx.db, { name: 'Скрытая', ownerId: otherId })).id;
    for (const s of await h.ctx.db.selectFrom('pipeline_stages').select(['id', 'name']).execute()) stage[s.name] = s.id;
  });

  it('filters by stage, owner, company and open/closed, with company, stage and owner names', async () => {
    const c = (await makeCompany(h.ctx.db, { name: 'Бета', ownerId: managerId })).id;
    await create(manager, { companyId: c, title: 'F-open', stageId: stage.Qualified });
    await create(manager, { companyId: c, title: 'F-won', stageId: stage.Won });
    await create(head, { companyId: c, title: 'F-other', stageId: stage.Qualified, ownerId: otherId });
    expect((await list(head, `companyId=${c}&sort=id`)).items[0]).toMatchObject({ title: 'F-open', companyName: 'Бета', stageName: 'Qualified', ownerName: 'Борис' });
    expect(await titles(`companyId=${c}&sort=id`)).toEqual(['F-open', 'F-won', 'F-other']);
    expect(await titles(`companyId=${c}&open=true&sort=id`)).toEqual(['F-open', 'F-other']);
    expect(await titles(`companyId=${c}&open=false`)).toEqual(['F-won']);
    expect(await titles(`companyId=${c}&stageId=${stage.Qualified}&ownerId=${otherId}`)).toEqual(['F-other']);
    const bad = await h.app.inject({ method: 'GET', url: '/api/v1/deals?open=maybe', headers: head });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('open');
  });

  it('pages by amount, expected close (undated last), creation time and id without repeats or gaps', async () => {
    const c = (await makeCompany(h.ctx.db, { ownerId: managerId })).id;
    const rows: [string, string, string | null][] = [
      ['S-0', '500.00', '2026-05-01'],
      ['S-1', '100.00', null],
      ['S-2', '500.00', '2026-04-01'],
      ['S-3', '2000.00', null],
      ['S-4', '100.00', '2026-05-01'],
    ];
    for (const [title, amount, expectedClose] of rows) await create(head, { companyId: c, title, amount, expectedClose });
    expect(await pageAll(`companyId=${c}&sort=amount`)).toEqual(['S-1', 'S-4', 'S-0', 'S-2', 'S-3']);
    expect(await pageAll(`companyId=${c}&sort=amount&dir=desc`)).toEqual(['S-3', 'S-2', 'S-0', 'S-4', 'S-1']);
    expect(await pageAll(`companyId=${c}&sort=expectedClose`)).toEqual(['S-2', 'S-0', 'S-4', 'S-1', 'S-3']);
    expect(await pageAll(`companyId=${c}&sort=expectedClose&dir=desc`)).toEqual(['S-3', 'S-1', 'S-4', 'S-0', 'S-2']);
    expect(await pageAll(`companyId=${c}&sort=createdAt`)).toEqual(['S-0', 'S-1', 'S-2', 'S-3', 'S-4']);
    expect(await pageAll(`companyId=${c}&sort=createdAt&dir=desc`)).toEqual(['S-4', 'S-3', 'S-2', 'S-1', 'S-0']);
    expect(await pageAll(`companyId=${c}&sort=id`)).toEqual(['S-0', 'S-1', 'S-2', 'S-3', 'S-4']);
  });

  it("lists only deals of the employee's visible companies", async () => {
    await create(head, { companyId: hidden, title: 'V-hidden', ownerId: otherId });
    await create(manager, { title: 'V-mine' });
    const mine = await titles('sort=id', manager);
    expect(mine).toContain('V-mine');
    expect(mine).not.toContain('V-hidden');
    expect(await titles(`companyId=${hidden}`, manager)).toEqual([]);
    expect(await titles('sort=id')).toContain('V-hidden');
  });

  it('builds a board of open stages with per-stage count and sum, filtered and limited to 100 cards each', async () => {
    const c = (await makeCompany(h.ctx.db, { ownerId: managerId })).id;
    // 103 deals in Proposal: the board shows the 100 largest and counts all 103.
    await h.ctx.db.insertInto('deals').values(
      Array.from({ length: 103 }, (_, i) => ({ company_id: c, title: `B-${i + 1}`, stage_id: stage.Proposal as number, amount: `${i + 1}.25`, owner_id: managerId })),
    ).execute();
    await create(manager, { companyId: c, title: 'B-new', amount: '0.10' });
    await create(manager, { companyId: c, title: 'B-won', amount: '9999.00', stageId: stage.Won });
    const archived = await create(manager, { companyId: c, title: 'B-archived', amount: '7.00', stageId: stage.Qualified });
    await h.app.inject({ method: 'POST', url: `/api/v1/deals/${archived.id}/archive`, headers: manager });
    await create(head, { companyId: c, title: 'B-others', amount: '1.00', stageId: stage.Qualified, ownerId: otherId });

    const b = await board(manager, `companyId=${c}`);
    expect(b.stages.map((s) => s.name)).toEqual(['New', 'Qualified', 'Proposal', 'Negotiation']);
    const [fresh, qualified, proposal, negotiation] = b.stages;
    expect(fresh).toMatchObject({ count: 1, sum: '0.10' });
    expect(fresh?.deals.map((d) => d.title)).toEqual(['B-new']);
    expect(qualified).toMatchObject({ count: 1, sum: '1.00' });
    // sum of (i + 0.25) for i = 1..103 = 5356 + 25.75
    expect(proposal).toMatchObject({ count: 103, sum: '5381.75' });
    expect(proposal?.deals).toHaveLength(100);
    expect(proposal?.deals[0]).toMatchObject({ title: 'B-103', amount: '103.25', stageName: 'Proposal' });
    expect(proposal?.deals.at(-1)?.title).toBe('B-4');
    expect(negotiation).toMatchObject({ count: 0, sum: '0.00', deals: [] });

    const byOwner = await board(head, `companyId=${c}&ownerId=${otherId}`);
    expect(byOwner.stages.map((s) => s.count)).toEqual([0, 1, 0, 0]);
    expect(byOwner.stages[1]?.deals.map((d) => d.title)).toEqual(['B-others']);
  });

  it('keeps hidden companies off the board', async () => {
    const c = (await makeCompany(h.ctx.db, { ownerId: otherId })).id;
    await create(head, { companyId: c, title: 'Hidden card', amount: '50.00', ownerId: otherId });
    const mine = await board(manager, `ownerId=${otherId}`);
    expect(mine.stages.every((s) => s.deals.every((d) => d.title !== 'Hidden card'))).toBe(true);
    expect(mine.stages.find((s) => s.name === 'New')?.count).toBe(0);
    const all = await board(head, `companyId=${c}`);
    expect(all.stages.find((s) => s.name === 'New')).toMatchObject({ count: 1, sum: '50.00' });
    const bad = await h.app.inject({ method: 'GET', url: '/api/v1/deals/board?ownerId=abc', headers: head });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('ownerId');
  });
});

import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { classifyAbc } from '../../domain/analytics/abc.js';
import { type Params, type ReasonCode, renderReason, renderWarning } from '../../domain/handover/reasons.js';
import { type Scenario, seedScenario } from './handover.fixtures.js';
import { insertDependentItems } from './handover-items.repository.js';

const monthsAgo = (m: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - m);
  return d.toISOString().slice(0, 10);
};
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Item = {
  id: number;
  kind: string;
  entityId: number;
  abc: string | null;
  successorId: number | null;
  reason: string;
  reasonCode: ReasonCode | null;
  reasonParams: Params | null;
  followsClient: boolean;
  companyId: number | null;
};

describe('handover drafting API', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };
  let s: Scenario;
  let veterans: number[];
  let newcomer: number;
  let handoverId: number;
  let items: Item[];

  const allItems = async (id: number) => {
    const out: Item[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; json: () => { items: Item[]; nextCursor: string | null } } = await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${id}/items?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: head });
      expect(res.statusCode).toBe(200);
      out.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    head = await loginAs(h.app, hs.email);
    const leaver = await makeEmployee(h.ctx.db, { name: 'Leaving Manager', hiredOn: '2019-01-10' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    manager = await loginAs(h.app, am.email);
    veterans = [];
    for (const name of ['Anna Veteran', 'Boris Veteran', 'Clara Veteran']) veterans.push((await makeEmployee(h.ctx.db, { name, hiredOn: '2021-02-01' })).id);
    newcomer = (await makeEmployee(h.ctx.db, { name: 'Nick Newcomer', hiredOn: monthsAgo(2) })).id;
    s = await seedScenario(h.ctx.db, { leaverId: leaver.id, foreignOwnerId: veterans[2] as number, backupId: veterans[1] as number });
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/employees/${leaver.id}/departure`,
      headers: head,
      payload: { lastDay: inDays(14), reason: 'Moves to another city', toCompetitor: false, successorIds: [...veterans, newcomer] },
    });
    expect(res.statusCode, res.body).toBe(201);
    handoverId = res.json().id;
    items = await allItems(handoverId);
  });

  it('drafts a successor with a reason for every client, open deal, open task, open order and seat', async () => {
    const byKind = (k: string) => items.filter((i) => i.kind === k);
    expect(byKind('client')).toHaveLength(30);
    expect(byKind('deal')).toHaveLength(30 * 2 + 1); // won deals stay; the deal at a colleague's client is included
    expect(byKind('task')).toHaveLength(30 * 3 + 3);
    expect(byKind('order')).toHaveLength(30);
    expect(byKind('seat')).toHaveLength(31);
    for (const i of items) {
      expect(i.successorId, `${i.kind} ${i.entityId}`).not.toBeNull();
      expect(i.reason.length).toBeGreaterThan(10);
    }
    const body = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${handoverId}`, headers: head })).json();
    expect(body).toMatchObject({ kind: 'departure', status: 'draft', employeeId: s.leaverId, unassigned: 0, reason: 'Moves to another city' });
    expect(body.counts.client.planned).toBe(30);
  });

  it('classifies clients exactly as the analytics ABC does over the same 12 months', async () => {
    const since = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const revenue = await h.ctx.db
      .selectFrom('orders')
      .select(['company_id as id', sql<string>`sum(total)::text`.as('value')])
      .where('status', 'in', ['confirmed', 'shipped', 'completed'])
      .where('ordered_on', '>', since)
      .groupBy('company_id')
      .execute();
    const expected = new Map(classifyAbc(revenue).map((r) => [r.id, r.abc]));
    for (const i of items.filter((i) => i.kind === 'client')) expect(i.abc, `client ${i.entityId}`).toBe(expected.get(i.entityId) ?? 'C');
    expect(new Set(items.filter((i) => i.kind === 'client').map((i) => i.abc))).toEqual(new Set(['A', 'B', 'C']));
  });

  it('gives no A client to the newcomer and only experienced managers take them', async () => {
    const a = items.filter((i) => i.kind === 'client' && i.abc === 'A');
    expect(a.map((i) => i.entityId).sort((x, y) => x - y)).toEqual(s.clientIds.slice(0, 4));
    for (const i of a) {
      expect(i.successorId).not.toBe(newcomer);
      expect(i.reason).toMatch(/experienced manager/);
    }
    expect(items.filter((i) => i.kind === 'client' && i.successorId === newcomer).length).toBeGreaterThan(0);
  });

  it('balances the client count across successors within the tolerance', async () => {
    const body = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${handoverId}`, headers: head })).json();
    expect(body.loads).toHaveLength(4);
    const counts = body.loads.map((l: { clients: number }) => l.clients);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(body.balance.count.withinTolerance).toBe(true);
    expect(body.loads.find((l: { successorId: number }) => l.successorId === newcomer).aClients).toBe(0);
  });

  it('sends a client to the backup who knows it, and deals, tasks, orders and the owner seat follow their client', async () => {
    const second = items.find((i) => i.kind === 'client' && i.entityId === s.clientIds[1]);
    expect(second?.successorId).toBe(veterans[1]);
    expect(second?.reason).toContain('already backs this client up');
    const successorOf = new Map(items.filter((i) => i.kind === 'client').map((i) => [i.entityId, i.successorId]));
    for (const i of items.filter((i) => i.followsClient)) expect(i.successorId).toBe(successorOf.get(i.companyId as number));
    const shared = items.find((i) => i.kind === 'deal' && i.companyId === s.foreignCompanyId);
    expect(shared).toMatchObject({ successorId: s.foreignOwnerId, followsClient: false });
    expect(shared?.reason).toContain('owner of its client');
    const loose = items.filter((i) => i.kind === 'task' && i.companyId === null);
    expect(loose).toHaveLength(2);
    expect(loose[0]?.reason).toContain('fewest clients');
  });

  it('gives every item a reason code and parameters whose English rendering is its reason', async () => {
    for (const i of items) {
      expect(i.reasonCode, `${i.kind} ${i.entityId}`).not.toBeNull();
      expect(renderReason({ code: i.reasonCode as ReasonCode, params: i.reasonParams ?? {} }), `${i.kind} ${i.entityId}`).toBe(i.reason);
    }
    const codes = new Set(items.map((i) => `${i.kind}:${i.reasonCode}`));
    // Codes from the domain planner and from each SQL branch: followers, a colleague's client, no client.
    for (const c of ['client:client_knows', 'seat:seat_follows_client', 'deal:follows_client', 'task:follows_client', 'order:follows_client', 'deal:client_owner', 'task:no_client']) expect(codes).toContain(c);
    const backed = items.find((i) => i.kind === 'client' && i.entityId === s.clientIds[1]);
    expect(backed).toMatchObject({ reasonCode: 'client_knows', reasonParams: { successor: 'Boris Veteran', knownAs: 'backup' } });
    const seat = items.find((i) => i.kind === 'seat' && i.reasonCode === 'seat_follows_client');
    expect(seat?.reasonParams).toMatchObject({ role: expect.any(String), company: expect.any(String) });
    const loose = items.find((i) => i.reasonCode === 'no_client');
    expect(loose?.reasonParams).toEqual({});
    const body = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${handoverId}`, headers: head })).json();
    expect(body.warnings).toEqual(body.warningItems.map(renderWarning));

    // A client the person receives after drafting is added at execution with its own code.
    const late = await makeCompany(h.ctx.db, { name: 'Late Client LLC', ownerId: s.leaverId });
    await insertDependentItems(h.ctx.db, { handoverId, employeeId: s.leaverId, scope: null, fallbackId: veterans[0] as number, clientFallbackId: veterans[0] as number });
    const added = (await allItems(handoverId)).find((i) => i.kind === 'client' && i.entityId === late.id);
    expect(added).toMatchObject({ reasonCode: 'client_added', reasonParams: {} });
    expect(added?.reason).toBe(renderReason({ code: 'client_added', params: {} }));
    await h.ctx.db.deleteFrom('handover_items').where('handover_id', '=', handoverId).where('entity_id', '=', late.id).where('kind', '=', 'client').execute();
    await h.ctx.db.updateTable('companies').set({ owner_id: veterans[0] as number }).where('id', '=', late.id).execute();
  });

  it('lets the head of sales reassign a client; its deals follow; an A client to a newcomer is a 400 naming the field', async () => {
    const c = items.find((i) => i.kind === 'client' && i.abc !== 'A' && i.successorId !== veterans[0]) as Item;
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/handovers/${handoverId}`, headers: head, payload: { assignments: [{ itemId: c.id, successorId: veterans[0], note: 'knows their CEO' }] } });
    expect(res.statusCode, res.body).toBe(200);
    const after = await allItems(handoverId);
    expect(after.find((i) => i.id === c.id)).toMatchObject({ successorId: veterans[0], followsClient: false });
    expect(after.find((i) => i.id === c.id)?.reason).toMatch(/^Assigned to Anna Veteran by /);
    expect(after.find((i) => i.id === c.id)).toMatchObject({ reasonCode: 'reassigned', reasonParams: { successor: 'Anna Veteran', actor: expect.any(String) } });
    const moved = after.find((i) => i.id === c.id) as Item;
    expect(renderReason({ code: 'reassigned', params: moved.reasonParams ?? {} })).toBe(moved.reason);
    for (const d of after.filter((i) => i.companyId === c.entityId && i.followsClient)) expect(d.successorId).toBe(veterans[0]);

    const a = items.find((i) => i.kind === 'client' && i.abc === 'A') as Item;
    const bad = await h.app.inject({ method: 'PATCH', url: `/api/v1/handovers/${handoverId}`, headers: head, payload: { assignments: [{ itemId: a.id, successorId: newcomer }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('assignments.0.successorId');
    expect(bad.json().error.message).toMatch(/A clients go only to managers with at least 6/);
    const unknown = await h.app.inject({ method: 'PATCH', url: `/api/v1/handovers/${handoverId}`, headers: head, payload: { assignments: [{ itemId: 99999999, successorId: newcomer }] } });
    expect(unknown.json().error.details[0].field).toBe('assignments.0.itemId');
  });

  it('rejects bad input with 400s naming the field', async () => {
    const leaver = await makeEmployee(h.ctx.db);
    const cases: [string, unknown, string][] = [
      [`/api/v1/employees/${leaver.id}/departure`, { lastDay: '2026-13-45' }, 'lastDay'],
      [`/api/v1/employees/${leaver.id}/departure`, { lastDay: inDays(3), successorIds: [leaver.id] }, 'successorIds.0'],
      [`/api/v1/employees/${leaver.id}/departure`, { lastDay: inDays(3), successorIds: [99999999] }, 'successorIds.0'],
      [`/api/v1/employees/${leaver.id}/departure`, { lastDay: inDays(3), reason: 'x'.repeat(2001) }, 'reason'],
      [`/api/v1/employees/${leaver.id}/absence`, { from: inDays(5), to: inDays(2) }, 'to'],
      [`/api/v1/employees/${leaver.id}/hunter-handover`, { companyIds: [s.clientIds[0]], creditSharePct: 10 }, 'companyIds.0'],
      [`/api/v1/employees/${leaver.id}/hunter-handover`, { companyIds: [1], creditSharePct: 0 }, 'creditSharePct'],
    ];
    for (const [url, payload, field] of cases) {
      const res = await h.app.inject({ method: 'POST', url, headers: head, payload: payload as object });
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('answers 404 for an unknown employee or handover and 409 for a second open plan', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/employees/99999999/departure', headers: head, payload: { lastDay: inDays(3) } })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/handovers/99999999', headers: head })).statusCode).toBe(404);
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/employees/${s.leaverId}/departure`, headers: head, payload: { lastDay: inDays(3) } });
    expect(again.statusCode).toBe(409);
  });

  it('forbids everyone but management (403), on every handover endpoint', async () => {
    const calls: [string, string, object?][] = [
      ['POST', `/api/v1/employees/${s.leaverId}/departure`, { lastDay: inDays(3) }],
      ['POST', `/api/v1/employees/${s.leaverId}/absence`, { from: inDays(1), to: inDays(3) }],
      ['GET', '/api/v1/handovers'],
      ['GET', `/api/v1/handovers/${handoverId}`],
      ['GET', `/api/v1/handovers/${handoverId}/items`],
      ['PATCH', `/api/v1/handovers/${handoverId}`, { assignments: [] }],
      ['POST', `/api/v1/handovers/${handoverId}/approve`],
      ['POST', `/api/v1/handovers/${handoverId}/execute`],
      ['GET', '/api/v1/handover-settings'],
    ];
    for (const [method, url, payload] of calls) {
      const res = await h.app.inject({ method: method as 'GET', url, headers: manager, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('marks the person departing, lists the plan, and refuses to approve a plan with a gap', async () => {
    const emp = await h.ctx.db.selectFrom('employees').select('status').where('id', '=', s.leaverId).executeTakeFirstOrThrow();
    expect(emp.status).toBe('departing');
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers?employeeId=${s.leaverId}`, headers: head })).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([handoverId]);
    // Only newcomers chosen: the A clients have no successor, so approval is refused.
    const lone = await makeEmployee(h.ctx.db, { hiredOn: '2018-01-01' });
    await seedScenario(h.ctx.db, { leaverId: lone.id, foreignOwnerId: veterans[0] as number, backupId: newcomer, clients: 6, prefix: 'Lone' });
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/employees/${lone.id}/departure`, headers: head, payload: { lastDay: inDays(7), successorIds: [newcomer] } });
    expect(res.statusCode).toBe(201);
    expect(res.json().unassigned).toBeGreaterThan(0);
    expect(res.json().warnings[0]).toMatch(/no successor/);
    expect(res.json().warningItems[0]).toEqual({ code: 'unassigned_items', params: { count: res.json().unassigned } });
    expect(res.json().warnings).toEqual(res.json().warningItems.map(renderWarning));
    // A plan drafted before warning codes kept only English texts: they come back as code 'text'.
    await h.ctx.db.updateTable('handovers').set({ summary: JSON.stringify({ warnings: ['Old English warning.', '3 client(s) have no successor: choose successors first.'] }) }).where('id', '=', res.json().id).execute();
    const old = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${res.json().id}`, headers: head })).json();
    expect(old.warningItems).toContainEqual({ code: 'text', params: { text: 'Old English warning.' } });
    expect(old.warnings).toContain('Old English warning.');
    expect(old.warnings.filter((w: string) => w.includes('choose successors first'))).toEqual([]);
    const approve = await h.app.inject({ method: 'POST', url: `/api/v1/handovers/${res.json().id}/approve`, headers: head });
    expect(approve.statusCode).toBe(400);
    const cancel = await h.app.inject({ method: 'POST', url: `/api/v1/handovers/${res.json().id}/cancel`, headers: head });
    expect(cancel.json().status).toBe('cancelled');
    expect((await h.ctx.db.selectFrom('employees').select('status').where('id', '=', lone.id).executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('reads and changes the drafting rules, refusing an unknown placeholder and a forward under a year', async () => {
    const got = (await h.app.inject({ method: 'GET', url: '/api/v1/handover-settings', headers: head })).json();
    expect(got).toMatchObject({ minTenureMonths: 6, loadTolerancePct: 15, forwardMonths: 12 });
    const bad = await h.app.inject({ method: 'PATCH', url: '/api/v1/handover-settings', headers: head, payload: { welcomeBody: 'Hi {clinet}' } });
    expect(bad.json().error.details[0].field).toBe('welcomeBody');
    const short = await h.app.inject({ method: 'PATCH', url: '/api/v1/handover-settings', headers: head, payload: { forwardMonths: 6 } });
    expect(short.json().error.details[0].field).toBe('forwardMonths');
    const ok = await h.app.inject({ method: 'PATCH', url: '/api/v1/handover-settings', headers: head, payload: { forwardMonths: 18, retentionOffer: '3% off the next order' } });
    expect(ok.json()).toMatchObject({ forwardMonths: 18, retentionOffer: '3% off the next order' });
  });
});

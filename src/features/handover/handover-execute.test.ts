import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { type Params, type ReasonCode, renderReason } from '../../domain/handover/reasons.js';
import { verifyChain } from '../audit/audit.service.js';
import { openHoldings, type Scenario, seedScenario, tableCounts } from './handover.fixtures.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('handover execution', () => {
  const h = useApp();
  let head: { cookie: string };
  let headId: number;
  let successors: number[];

  const draftAndApprove = async (leaverId: number, payload: object = {}) => {
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/employees/${leaverId}/departure`, headers: head, payload: { lastDay: inDays(10), successorIds: successors, ...payload } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    const ok = await h.app.inject({ method: 'POST', url: `/api/v1/handovers/${id}/approve`, headers: head });
    expect(ok.statusCode, ok.body).toBe(200);
    return id;
  };
  const execute = (id: number) => h.app.inject({ method: 'POST', url: `/api/v1/handovers/${id}/execute`, headers: head });
  const auditFor = async (id: number) =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'handover.reassign' and details->>'handoverId' = ${String(id)}`.execute(h.ctx.db)).rows[0]?.n,
    );

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    headId = hs.id;
    head = await loginAs(h.app, hs.email);
    successors = [];
    for (const hiredOn of ['2020-01-01', '2021-05-01', '2022-03-01']) successors.push((await makeEmployee(h.ctx.db, { hiredOn })).id);
  });

  describe('a departing manager with A/B/C clients, deals, tasks and orders', () => {
    let s: Scenario;
    let id: number;
    let before: Awaited<ReturnType<typeof tableCounts>>;
    let result: Record<string, unknown> & { moved: Record<string, number>; skipped: Record<string, number>; remaining: Record<string, number> };
    let editedDealId: number;
    let closedTaskId: number;

    beforeAll(async () => {
      const leaver = await makeEmployee(h.ctx.db, { name: 'Vera Leaving', email: `vera.${Date.now()}@test.local` });
      s = await seedScenario(h.ctx.db, { leaverId: leaver.id, foreignOwnerId: successors[2] as number, backupId: successors[1] as number });
      id = await draftAndApprove(leaver.id);
      // Meanwhile someone moves one deal to a colleague and closes one task: those edits must survive.
      const deal = await h.ctx.db.selectFrom('deals').select('id').where('owner_id', '=', leaver.id).where('closed_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
      editedDealId = deal.id;
      await h.ctx.db.updateTable('deals').set({ owner_id: headId }).where('id', '=', deal.id).execute();
      const task = await h.ctx.db.selectFrom('tasks').select('id').where('assignee_id', '=', leaver.id).where('status', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
      closedTaskId = task.id;
      await h.ctx.db.updateTable('tasks').set({ status: 'done', result: 'Called', completed_at: new Date() }).where('id', '=', task.id).execute();
      // And a new task lands on the leaver after the plan was drafted.
      await h.ctx.db.insertInto('tasks').values({ title: 'Late arrival', assignee_id: leaver.id, company_id: s.clientIds[5] as number }).execute();
      before = await tableCounts(h.ctx.db);
      const res = await execute(id);
      expect(res.statusCode, res.body).toBe(200);
      result = res.json();
    });

    it('leaves the departed person owning nothing open, and says so', async () => {
      expect(result.ownsNothingOpen).toBe(true);
      expect(result.remaining).toEqual({ clients: 0, deals: 0, tasks: 0, orders: 0, seats: 0 });
      expect(await openHoldings(h.ctx.db, s.leaverId)).toEqual({ clients: 0, deals: 0, tasks: 0, orders: 0, seats: 0 });
      expect(result.moved).toEqual({ client: 30, seat: 31, deal: 60, task: 93, order: 30 });
      expect(result.added).toMatchObject({ task: 1 });
    });

    it('gives the items added at execution a reason code consistent with their reason', async () => {
      const rows = await h.ctx.db.selectFrom('handover_items').select(['kind', 'reason', 'reason_code', 'reason_params']).where('handover_id', '=', id).execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(renderReason({ code: r.reason_code as ReasonCode, params: r.reason_params as Params })).toBe(r.reason);
    });

    it('keeps the counts of clients, deals, tasks and orders (plus one call task per A client)', async () => {
      const after = await tableCounts(h.ctx.db);
      expect(after).toEqual({ ...before, tasks: before.tasks + 4 });
      expect(result.callTasks).toBe(4);
    });

    it('does not lose an edit someone made meanwhile, and reports it as skipped', async () => {
      expect(result.skipped).toMatchObject({ deal: 1, task: 1 });
      expect((await h.ctx.db.selectFrom('deals').select('owner_id').where('id', '=', editedDealId).executeTakeFirstOrThrow()).owner_id).toBe(headId);
      const t = await h.ctx.db.selectFrom('tasks').select(['assignee_id', 'status']).where('id', '=', closedTaskId).executeTakeFirstOrThrow();
      expect(t).toEqual({ assignee_id: s.leaverId, status: 'done' });
      const skipped = result.skippedItems as { kind: string; entityId: number }[];
      expect(skipped.map((x) => `${x.kind}:${x.entityId}`).sort()).toEqual([`deal:${editedDealId}`, `task:${closedTaskId}`].sort());
    });

    it('writes one audit entry per change, and the hash chain still verifies', async () => {
      const moved = Object.values(result.moved).reduce((a, b) => a + b, 0);
      expect(await auditFor(id)).toBe(moved);
      expect(result.auditEntries).toBe(moved + 1);
      const chain = await verifyChain(h.ctx.db);
      expect(chain.ok).toBe(true);
    });

    it('keeps the departed in the team history as a former member and gives successors the seats', async () => {
      const seats = await h.ctx.db.selectFrom('account_team').selectAll().where('company_id', '=', s.clientIds[0] as number).orderBy('id').execute();
      const old = seats.find((x) => x.employee_id === s.leaverId);
      expect(old?.until).not.toBeNull();
      const owner = await h.ctx.db.selectFrom('companies').select('owner_id').where('id', '=', s.clientIds[0] as number).executeTakeFirstOrThrow();
      expect(seats.find((x) => x.role === 'owner' && x.until === null)?.employee_id).toBe(owner.owner_id);
      const service = await h.ctx.db.selectFrom('account_team').select(['employee_id', 'until']).where('company_id', '=', s.foreignCompanyId).where('role', '=', 'service').execute();
      expect(service.filter((x) => x.until === null)).toHaveLength(1);
      expect(service.find((x) => x.until === null)?.employee_id).not.toBe(s.leaverId);
    });

    it('has the company speak first: call tasks for A clients on day one, two-step drafts for B and C, forwards for a year', async () => {
      const items = await h.ctx.db.selectFrom('handover_items').select(['entity_id', 'abc', 'successor_id']).where('handover_id', '=', id).where('kind', '=', 'client').execute();
      const first = (await h.ctx.db.selectFrom('handovers').select('first_day').where('id', '=', id).executeTakeFirstOrThrow()).first_day;
      const calls = await h.ctx.db.selectFrom('handover_messages').selectAll().where('handover_id', '=', id).where('channel', '=', 'call').execute();
      expect(calls).toHaveLength(4);
      for (const c of calls) {
        const task = await h.ctx.db.selectFrom('tasks').selectAll().where('id', '=', c.task_id as number).executeTakeFirstOrThrow();
        expect(task.assignee_id).toBe(items.find((i) => i.entity_id === c.company_id)?.successor_id);
        expect(task.due_at?.toISOString().slice(0, 10)).toBe(first);
        expect(c.body).toContain('льготные условия');
        expect(c.body).not.toContain('{');
      }
      const emails = await h.ctx.db.selectFrom('handover_messages').selectAll().where('handover_id', '=', id).where('channel', '=', 'email').orderBy('company_id').orderBy('step').execute();
      expect(emails).toHaveLength(26 * 2);
      const [goodbye, welcome] = emails;
      expect(goodbye).toMatchObject({ step: 1, from_address: expect.stringMatching(/^vera\./), due_on: first });
      expect(welcome?.step).toBe(2);
      expect((welcome?.due_on ?? "") > first).toBe(true);
      expect(emails.filter((e) => e.status === 'no_address').length).toBeGreaterThan(0);
      expect(emails.filter((e) => e.status === 'draft').every((e) => e.to_address?.endsWith('@client.test'))).toBe(true);
      const forwards = await h.ctx.db.selectFrom('mail_forwards').selectAll().where('handover_id', '=', id).execute();
      expect(forwards).toHaveLength(31);
      expect(forwards.every((f) => f.until >= inDays(365))).toBe(true);
      expect(forwards.find((f) => f.company_id === null)?.successor_id).toBe(headId);
    });

    it('is idempotent: a second execute changes nothing and returns the first result', async () => {
      const auditBefore = await auditFor(id);
      const countsBefore = await tableCounts(h.ctx.db);
      const again = await execute(id);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ alreadyExecuted: true, moved: result.moved });
      expect(await auditFor(id)).toBe(auditBefore);
      expect(await tableCounts(h.ctx.db)).toEqual(countsBefore);
    });

    it('tracks who was reached and reports the follow-up', async () => {
      const list = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${id}/messages?channel=email&status=draft&limit=2`, headers: head })).json();
      const m = list.items[0];
      const reached = await h.app.inject({ method: 'PATCH', url: `/api/v1/handovers/${id}/messages/${m.id}`, headers: head, payload: { status: 'reached', note: 'Replied, happy' } });
      expect(reached.json()).toMatchObject({ status: 'reached', note: 'Replied, happy' });
      expect(reached.json().reachedAt).not.toBeNull();
      const report = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${id}/follow-up`, headers: head })).json();
      expect(report.clients).toBe(30);
      expect(report.windows.map((w: { days: number }) => w.days)).toEqual([30, 60, 90]);
      expect(report.windows[0]).toMatchObject({ revenueAfter: '0.00', complete: false });
      expect(Number(report.windows[1].revenueBefore)).toBeGreaterThan(4_000_000); // the seeded orders are 40 days old
      expect(report.outreach).toMatchObject({ calls: 4, reached: 1 });
      expect(report.bySuccessor.length).toBe(3);
    });

    it("shows clients' phones and addresses in messages only as the reader's policy allows", async () => {
      const clear = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${id}/messages?limit=200`, headers: head })).json();
      const call = clear.items.find((m: { channel: string }) => m.channel === 'call');
      const letter = clear.items.find((m: { channel: string; toAddress: string | null }) => m.channel === 'email' && m.toAddress);
      expect(call.toAddress).toMatch(/^\+7\d{10}$/);
      expect(letter.toAddress).toMatch(/^[^*]+@[^*]+$/);
      await h.ctx.db.updateTable('role_policies').set({ mask_phones: true, mask_emails: true }).where('role', '=', 'head_of_sales').execute();
      try {
        const masked = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${id}/messages?limit=200`, headers: head })).json();
        const byId = new Map(masked.items.map((m: { id: number; toAddress: string | null }) => [m.id, m.toAddress]));
        expect(byId.get(call.id)).toBe(`+7 *** ***-**-${call.toAddress.slice(-2)}`);
        expect(byId.get(letter.id)).toMatch(/^.\*\*\*@.\*\*\*\.[a-z]+$/);
        expect(JSON.stringify(masked.items)).not.toContain(call.toAddress);
      } finally {
        await h.ctx.db.updateTable('role_policies').set({ mask_phones: false, mask_emails: false }).where('role', '=', 'head_of_sales').execute();
      }
    });
  });

  it('rolls everything back when execution fails in the middle', async () => {
    const leaver = await makeEmployee(h.ctx.db);
    const s = await seedScenario(h.ctx.db, { leaverId: leaver.id, foreignOwnerId: successors[0] as number, backupId: successors[1] as number, clients: 8, prefix: 'Fragile' });
    const id = await draftAndApprove(leaver.id);
    const holdings = await openHoldings(h.ctx.db, leaver.id);
    const counts = await tableCounts(h.ctx.db);
    const auditRows = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(h.ctx.db)).rows[0]?.n);
    // Clients, seats and deals move before tasks: a failing task update is a failure in the middle.
    await sql`create function fail_task_move() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$`.execute(h.ctx.db);
    await sql`create trigger fail_task_move before update of assignee_id on tasks for each row execute function fail_task_move()`.execute(h.ctx.db);
    try {
      const res = await execute(id);
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger fail_task_move on tasks`.execute(h.ctx.db);
      await sql`drop function fail_task_move()`.execute(h.ctx.db);
    }
    expect(await openHoldings(h.ctx.db, leaver.id)).toEqual(holdings);
    expect(await tableCounts(h.ctx.db)).toEqual(counts);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(h.ctx.db)).rows[0]?.n)).toBe(auditRows);
    const after = await h.ctx.db.selectFrom('handovers').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.status).toBe('approved');
    const statuses = await h.ctx.db.selectFrom('handover_items').select('status').distinct().where('handover_id', '=', id).execute();
    expect(statuses.map((r) => r.status)).toEqual(['planned']);
    expect(await h.ctx.db.selectFrom('handover_messages').select('id').where('handover_id', '=', id).execute()).toHaveLength(0);
    // Once the fault is gone the same plan runs through.
    const retry = await execute(id);
    expect(retry.json()).toMatchObject({ ownsNothingOpen: true });
    expect((await h.ctx.db.selectFrom('companies').select('owner_id').where('id', '=', s.clientIds[0] as number).executeTakeFirstOrThrow()).owner_id).not.toBe(leaver.id);
  });

  it('refuses to execute a draft (409) and ends access at once when the person goes to a competitor', async () => {
    const leaver = await makeEmployee(h.ctx.db);
    const session = await loginAs(h.app, leaver.email);
    await seedScenario(h.ctx.db, { leaverId: leaver.id, foreignOwnerId: successors[0] as number, backupId: successors[1] as number, clients: 3, prefix: 'Rival' });
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/employees/${leaver.id}/departure`, headers: head, payload: { lastDay: inDays(14), toCompetitor: true, successorIds: successors } });
    expect(res.statusCode).toBe(201);
    expect(res.json().credentialsRevokedAt).not.toBeNull();
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/companies', headers: session })).statusCode).toBe(401);
    await expect(loginAs(h.app, leaver.email)).rejects.toThrow(/login failed/);
    expect((await execute(res.json().id)).statusCode).toBe(409);
  });
});

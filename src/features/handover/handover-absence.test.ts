import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { verifyChain } from '../audit/audit.service.js';
import { runDueHandoverActions } from './handover-due.service.js';
import { openHoldings, seedScenario } from './handover.fixtures.js';
import { today } from './handover.service.js';

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('absence cover, due actions and hunter handover', () => {
  const h = useApp();
  let head: { cookie: string };
  let covers: number[];
  let now: string;

  const plan = async (url: string, payload: object) => {
    const res = await h.app.inject({ method: 'POST', url, headers: head, payload });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/handovers/${id}/approve`, headers: head })).statusCode).toBe(200);
    const exec = await h.app.inject({ method: 'POST', url: `/api/v1/handovers/${id}/execute`, headers: head });
    expect(exec.statusCode, exec.body).toBe(200);
    return { id, result: exec.json() };
  };
  const statusOf = async (id: number) => (await h.ctx.db.selectFrom('employees').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    head = await loginAs(h.app, hs.email);
    covers = [(await makeEmployee(h.ctx.db, { hiredOn: '2020-01-01' })).id, (await makeEmployee(h.ctx.db, { hiredOn: '2020-06-01' })).id];
    now = today(h.ctx);
  });

  it('covers an absence and returns everything on the return date, except what was deliberately reassigned meanwhile', async () => {
    const away = await makeEmployee(h.ctx.db, { name: 'Away Manager' });
    const s = await seedScenario(h.ctx.db, { leaverId: away.id, foreignOwnerId: covers[0] as number, backupId: covers[1] as number, clients: 10, prefix: 'Away' });
    const before = await openHoldings(h.ctx.db, away.id);
    const back = addDays(now, 14);
    const { id, result } = await plan(`/api/v1/employees/${away.id}/absence`, { from: now, to: back, reason: 'Holiday', successorIds: covers });
    expect(result).toMatchObject({ ownsNothingOpen: true, callTasks: 0, emailDrafts: 0, mailForwards: 0, employeeStatus: 'on_leave' });
    expect(await statusOf(away.id)).toBe('on_leave');

    // During the absence the head of sales gives one client to someone else for good (through the
    // companies API, which moves the owner seat too), moves one deal, and the cover closes a task.
    const other = await makeEmployee(h.ctx.db, { hiredOn: '2019-01-01' });
    const reassigned = s.clientIds[3] as number;
    const moveClient = await h.app.inject({ method: 'PATCH', url: `/api/v1/companies/${reassigned}`, headers: head, payload: { ownerId: other.id } });
    expect(moveClient.statusCode).toBe(200);
    const deal = await h.ctx.db.selectFrom('deals').select('id').where('company_id', '=', s.clientIds[0] as number).where('closed_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    await h.ctx.db.updateTable('deals').set({ owner_id: other.id }).where('id', '=', deal.id).execute();
    const task = await h.ctx.db.selectFrom('tasks').select('id').where('company_id', '=', s.clientIds[1] as number).where('status', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
    await h.ctx.db.updateTable('tasks').set({ status: 'done', result: 'Done by the cover', completed_at: new Date() }).where('id', '=', task.id).execute();

    // The day before the return nothing comes back; on the return date everything else does.
    expect((await runDueHandoverActions(h.ctx, addDays(back, -1))).absencesReturned).toEqual([]);
    const due = await runDueHandoverActions(h.ctx, back);
    const ret = due.absencesReturned.find((r) => r.handoverId === id);
    expect(ret).toBeDefined();
    // Kept: the reassigned client and its owner seat, the moved deal and the closed task.
    expect(ret?.kept).toBe(4);

    const after = await openHoldings(h.ctx.db, away.id);
    expect(after.clients).toBe(before.clients - 1);
    expect(after.seats).toBe(before.seats - 1);
    expect(after.deals).toBe(before.deals - 1);
    expect(after.tasks).toBe(before.tasks - 1);
    // The cover is back to what it had before: the colleague's client it owns, and that seat.
    expect(await openHoldings(h.ctx.db, covers[0] as number)).toMatchObject({ clients: 1, seats: 1 });
    expect((await h.ctx.db.selectFrom('companies').select('owner_id').where('id', '=', reassigned).executeTakeFirstOrThrow()).owner_id).toBe(other.id);
    expect((await h.ctx.db.selectFrom('deals').select('owner_id').where('id', '=', deal.id).executeTakeFirstOrThrow()).owner_id).toBe(other.id);
    const ownerSeat = await h.ctx.db.selectFrom('account_team').select('employee_id').where('company_id', '=', s.clientIds[0] as number).where('role', '=', 'owner').where('until', 'is', null).execute();
    expect(ownerSeat).toEqual([{ employee_id: away.id }]);

    expect(await statusOf(away.id)).toBe('active');
    const hv = (await h.app.inject({ method: 'GET', url: `/api/v1/handovers/${id}`, headers: head })).json();
    expect(hv.status).toBe('returned');
    expect(hv.counts.client).toMatchObject({ returned: 9, kept: 1 });
    const audits = (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'handover.return' and details->>'handoverId' = ${String(id)}`.execute(h.ctx.db)).rows[0]?.n;
    expect(audits).toBe(ret?.returned);
    expect((await verifyChain(h.ctx.db)).ok).toBe(true);
    // Running the day again changes nothing.
    expect((await runDueHandoverActions(h.ctx, back)).absencesReturned).toEqual([]);
  });

  it('puts a future absence on leave only when it starts', async () => {
    const away = await makeEmployee(h.ctx.db);
    await seedScenario(h.ctx.db, { leaverId: away.id, foreignOwnerId: covers[0] as number, backupId: covers[1] as number, clients: 2, prefix: 'Later' });
    const start = addDays(now, 3);
    const { id, result } = await plan(`/api/v1/employees/${away.id}/absence`, { from: start, to: addDays(now, 10), successorIds: covers });
    expect(result.employeeStatus).toBe('active');
    expect((await runDueHandoverActions(h.ctx, addDays(start, -1))).absencesStarted).not.toContain(id);
    expect((await runDueHandoverActions(h.ctx, start)).absencesStarted).toContain(id);
    expect(await statusOf(away.id)).toBe('on_leave');
  });

  it('ends sessions and tokens after the last day, once', async () => {
    const leaver = await makeEmployee(h.ctx.db);
    const session = await loginAs(h.app, leaver.email);
    await seedScenario(h.ctx.db, { leaverId: leaver.id, foreignOwnerId: covers[0] as number, backupId: covers[1] as number, clients: 2, prefix: 'Leaving' });
    const lastDay = addDays(now, 3);
    const { id, result } = await plan(`/api/v1/employees/${leaver.id}/departure`, { lastDay, successorIds: covers });
    expect(result).toMatchObject({ credentialsRevoked: false, employeeStatus: 'departing' });
    // Still works until the last day is over.
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(200);
    expect((await runDueHandoverActions(h.ctx, lastDay)).credentialsRevoked).not.toContain(id);
    const due = await runDueHandoverActions(h.ctx, addDays(lastDay, 1));
    expect(due.credentialsRevoked).toContain(id);
    expect(due.departed).toContain(leaver.id);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
    const sessions = await h.ctx.db.selectFrom('sessions').select('revoked_at').where('employee_id', '=', leaver.id).execute();
    expect(sessions.every((x) => x.revoked_at !== null)).toBe(true);
    const again = await runDueHandoverActions(h.ctx, addDays(lastDay, 2));
    expect(again.credentialsRevoked).not.toContain(id);
    expect(again.departed).not.toContain(leaver.id);
  });

  it('moves a won client from the hunter to an account manager, recording the hunter share', async () => {
    const hunter = await makeEmployee(h.ctx.db, { role: 'hunter' });
    const s = await seedScenario(h.ctx.db, { leaverId: hunter.id, foreignOwnerId: covers[0] as number, backupId: covers[1] as number, clients: 3, prefix: 'Won' });
    const won = [s.clientIds[0] as number, s.clientIds[1] as number];
    const { id, result } = await plan(`/api/v1/employees/${hunter.id}/hunter-handover`, { companyIds: won, accountManagerId: covers[1], creditSharePct: 20, creditMonths: 6 });
    expect(result).toMatchObject({ ownsNothingOpen: true, creditShares: 2, mailForwards: 0, employeeStatus: 'active' });
    for (const c of won) expect((await h.ctx.db.selectFrom('companies').select('owner_id').where('id', '=', c).executeTakeFirstOrThrow()).owner_id).toBe(covers[1]);
    // The third client and the seat at a colleague's client are outside the handover.
    expect((await h.ctx.db.selectFrom('companies').select('owner_id').where('id', '=', s.clientIds[2] as number).executeTakeFirstOrThrow()).owner_id).toBe(hunter.id);
    const shares = await h.ctx.db.selectFrom('hunter_credit_shares').selectAll().where('handover_id', '=', id).orderBy('company_id').execute();
    expect(shares.map((x) => [x.company_id, x.hunter_id, x.account_manager_id, x.share_pct])).toEqual(won.map((c) => [c, hunter.id, covers[1], '20.00']));
    expect(shares[0]?.valid_from).toBe(now);
    expect((shares[0]?.valid_until ?? '') > addDays(now, 180)).toBe(true);
    expect((await openHoldings(h.ctx.db, hunter.id)).clients).toBe(1);
  });

  it('runs what falls due through the API for management only', async () => {
    const am = await makeEmployee(h.ctx.db);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/handovers/run-due', headers: await loginAs(h.app, am.email) })).statusCode).toBe(403);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/handovers/run-due', headers: head });
    expect(res.statusCode).toBe(200);
    expect(res.json().today).toBe(now);
  });
});

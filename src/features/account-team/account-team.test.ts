import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type SeatBody = { id: number; employeeId: number; employeeName: string; employeeStatus: string; role: string; since: string; until: string | null };

describe('account team API', () => {
  const h = useApp();
  let head: { cookie: string };
  let owner: { cookie: string };
  let outsider: { cookie: string };
  let ownerId: number;
  let colleagueId: number;
  let outsiderId: number;

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const o = await makeEmployee(h.ctx.db, { role: 'account_manager', name: 'Olga Owner' });
    const c = await makeEmployee(h.ctx.db, { role: 'account_manager', name: 'Colin Colleague', status: 'on_leave' });
    const x = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    ownerId = o.id;
    colleagueId = c.id;
    outsiderId = x.id;
    head = await loginAs(h.app, hs.email);
    owner = await loginAs(h.app, o.email);
    outsider = await loginAs(h.app, x.email);
  });

  const team = (companyId: number, headers: { cookie: string }, history = false) =>
    h.app.inject({ method: 'GET', url: `/api/v1/companies/${companyId}/team${history ? '?includeHistory=true' : ''}`, headers });
  const add = (companyId: number, headers: { cookie: string }, payload: object) =>
    h.app.inject({ method: 'POST', url: `/api/v1/companies/${companyId}/team`, headers, payload });
  const end = (companyId: number, seatId: number, headers: { cookie: string }) =>
    h.app.inject({ method: 'POST', url: `/api/v1/companies/${companyId}/team/${seatId}/end`, headers });
  const ownerOf = async (companyId: number) =>
    (await h.ctx.db.selectFrom('companies').select('owner_id').where('id', '=', companyId).executeTakeFirstOrThrow()).owner_id;

  it('lists current seats with employee name and status, and ended seats only on request', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const added = await add(c.id, head, { employeeId: colleagueId, role: 'backup' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ companyId: c.id, employeeId: colleagueId, employeeName: 'Colin Colleague', employeeStatus: 'on_leave', role: 'backup', until: null });
    expect((await end(c.id, added.json().id, head)).statusCode).toBe(200);

    const current = await team(c.id, head);
    expect(current.statusCode).toBe(200);
    expect(current.json().items.map((s: SeatBody) => [s.employeeId, s.role])).toEqual([[ownerId, 'owner']]);
    expect(current.json().items[0]).toMatchObject({ employeeName: 'Olga Owner', employeeStatus: 'active', until: null });

    const history = (await team(c.id, head, true)).json().items as SeatBody[];
    expect(history.map((s) => [s.employeeId, s.role, s.until === null])).toEqual([
      [ownerId, 'owner', true],
      [colleagueId, 'backup', false],
    ]);
    const ended = history[1]!;
    expect(Date.parse(ended.until!)).toBeGreaterThanOrEqual(Date.parse(ended.since));
  });

  it('hides the team of a client outside one\u2019s portfolio as 404, for reads and writes alike', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const seatId = (await team(c.id, head)).json().items[0].id;
    expect((await team(c.id, outsider)).statusCode).toBe(404);
    expect((await add(c.id, outsider, { employeeId: outsiderId, role: 'backup' })).statusCode).toBe(404);
    expect((await end(c.id, seatId, outsider)).statusCode).toBe(404);
    expect((await team(999999, head)).statusCode).toBe(404);
    expect(await ownerOf(c.id)).toBe(ownerId);
  });

  it('a backup seat gives its holder access to the client; ending it takes the access away', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}`, headers: outsider })).statusCode).toBe(404);
    const seat = (await add(c.id, head, { employeeId: outsiderId, role: 'backup' })).json();
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}`, headers: outsider })).statusCode).toBe(200);
    expect((await team(c.id, outsider)).statusCode).toBe(200);
    await end(c.id, seat.id, head);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}`, headers: outsider })).statusCode).toBe(404);
  });

  it('answers 409 naming employeeId for a second current seat with the same role, and allows it again once ended', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const first = await add(c.id, head, { employeeId: colleagueId, role: 'service' });
    expect(first.statusCode).toBe(201);
    const dup = await add(c.id, head, { employeeId: colleagueId, role: 'service' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('employeeId');
    // The same person in a different role is a different seat.
    expect((await add(c.id, head, { employeeId: colleagueId, role: 'key_account' })).statusCode).toBe(201);
    await end(c.id, first.json().id, head);
    expect((await add(c.id, head, { employeeId: colleagueId, role: 'service' })).statusCode).toBe(201);
    const current = (await team(c.id, head)).json().items as SeatBody[];
    expect(current.filter((s) => s.role === 'service')).toHaveLength(1);
  });

  it('adding an owner ends the previous owner seat and moves companies.owner_id, keeping history', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const res = await add(c.id, head, { employeeId: colleagueId, role: 'owner' });
    expect(res.statusCode).toBe(201);
    expect(await ownerOf(c.id)).toBe(colleagueId);
    const company = (await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}`, headers: head })).json();
    expect(company).toMatchObject({ ownerId: colleagueId, ownerName: 'Colin Colleague' });
    const history = (await team(c.id, head, true)).json().items as SeatBody[];
    expect(history.map((s) => [s.employeeId, s.role, s.until === null])).toEqual([
      [ownerId, 'owner', false],
      [colleagueId, 'owner', true],
    ]);
    // The previous owner lost the seat that made the client visible to them.
    expect((await team(c.id, owner)).statusCode).toBe(404);
  });

  it('re-adding the current owner as owner is a 409 that changes nothing', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const res = await add(c.id, head, { employeeId: ownerId, role: 'owner' });
    expect(res.statusCode).toBe(409);
    const history = (await team(c.id, head, true)).json().items as SeatBody[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ employeeId: ownerId, role: 'owner', until: null });
    expect(await ownerOf(c.id)).toBe(ownerId);
  });

  it('ending the owner seat clears companies.owner_id', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const seatId = (await team(c.id, head)).json().items[0].id;
    const res = await end(c.id, seatId, head);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: seatId, role: 'owner' });
    expect(res.json().until).not.toBeNull();
    expect(await ownerOf(c.id)).toBeNull();
    expect((await team(c.id, head)).json().items).toEqual([]);
  });

  it('lets the owner add and end backup and service seats, but nothing else', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const backup = await add(c.id, owner, { employeeId: colleagueId, role: 'backup' });
    expect(backup.statusCode).toBe(201);
    expect((await add(c.id, owner, { employeeId: colleagueId, role: 'service' })).statusCode).toBe(201);
    for (const role of ['owner', 'hunter', 'key_account']) {
      const denied = await add(c.id, owner, { employeeId: colleagueId, role });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('forbidden');
    }
    const ownSeat = (await team(c.id, owner)).json().items.find((s: SeatBody) => s.role === 'owner');
    expect((await end(c.id, ownSeat.id, owner)).statusCode).toBe(403);
    expect(await ownerOf(c.id)).toBe(ownerId);
    expect((await end(c.id, backup.json().id, owner)).statusCode).toBe(200);
    const roles = ((await team(c.id, head)).json().items as SeatBody[]).map((s) => s.role).sort();
    expect(roles).toEqual(['owner', 'service']);
  });

  it('forbids a team member who is not the owner from changing the team', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    await add(c.id, head, { employeeId: outsiderId, role: 'backup' });
    const res = await add(c.id, outsider, { employeeId: colleagueId, role: 'backup' });
    expect(res.statusCode).toBe(403);
    const ownerSeat = (await team(c.id, outsider)).json().items.find((s: SeatBody) => s.role === 'owner');
    expect((await end(c.id, ownerSeat.id, outsider)).statusCode).toBe(403);
  });

  it('answers 409 for ending a seat twice and 404 for a seat of another client or none', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const other = await makeCompany(h.ctx.db, { ownerId });
    const seat = (await add(c.id, head, { employeeId: colleagueId, role: 'hunter' })).json();
    expect((await end(c.id, seat.id, head)).statusCode).toBe(200);
    const again = await end(c.id, seat.id, head);
    expect(again.statusCode).toBe(409);
    expect((await end(other.id, seat.id, head)).statusCode).toBe(404);
    expect((await end(c.id, 999999, head)).statusCode).toBe(404);
  });

  it.each([
    ['an unknown role', { employeeId: 1, role: 'captain' }, 'role'],
    ['a missing employee id', { role: 'backup' }, 'employeeId'],
    ['a non-numeric employee id', { employeeId: 'abc', role: 'backup' }, 'employeeId'],
  ])('rejects %s with a 400 naming the field', async (_label, payload, field) => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const res = await add(c.id, head, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('rejects an unknown or departed employee with a 400 naming employeeId', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const gone = await makeEmployee(h.ctx.db, { status: 'departed' });
    for (const employeeId of [999999, gone.id]) {
      const res = await add(c.id, head, { employeeId, role: 'backup' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('employeeId');
    }
    expect((await team(c.id, head)).json().items).toHaveLength(1);
  });

  it('rejects a malformed includeHistory flag with a 400', async () => {
    const c = await makeCompany(h.ctx.db, { ownerId });
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}/team?includeHistory=maybe`, headers: head });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('includeHistory');
  });
});

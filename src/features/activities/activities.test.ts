import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type Res = { statusCode: number; json: () => { error: { details: Array<{ field: string }> } } };
const fields = (res: Res) => res.json().error.details.map((d) => d.field);

describe('activities API', () => {
  const h = useApp();
  let head: { cookie: string };
  let am: { cookie: string };
  let backup: { cookie: string };
  let amId: number;
  let otherId: number;
  let backupId: number;
  let mineId: number;
  let mine2Id: number;
  let theirsId: number;
  let contactA: number;
  let contactA2: number;
  let contactB: number;

  const makeContact = async (companyId: number, name: string) =>
    (await h.ctx.db.insertInto('contacts').values({ company_id: companyId, name }).returning('id').executeTakeFirstOrThrow()).id;
  const post = (headers: { cookie: string }, payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/activities', headers, payload });
  const patch = (headers: { cookie: string }, id: number, payload: object) =>
    h.app.inject({ method: 'PATCH', url: `/api/v1/activities/${id}`, headers, payload });

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const manager = await makeEmployee(h.ctx.db, { name: 'Ivan Manager' });
    const other = await makeEmployee(h.ctx.db);
    const b = await makeEmployee(h.ctx.db);
    amId = manager.id;
    otherId = other.id;
    backupId = b.id;
    mineId = (await makeCompany(h.ctx.db, { name: 'Mine LLC', ownerId: amId })).id;
    mine2Id = (await makeCompany(h.ctx.db, { name: 'Mine Two LLC', ownerId: amId })).id;
    theirsId = (await makeCompany(h.ctx.db, { ownerId: otherId })).id;
    await h.ctx.db.insertInto('account_team').values({ company_id: mineId, employee_id: backupId, role: 'backup' }).execute();
    contactA = await makeContact(mineId, 'Olga Buyer');
    contactA2 = await makeContact(mine2Id, 'Petr Second');
    contactB = await makeContact(theirsId, 'Hidden Person');
    head = await loginAs(h.app, hs.email);
    am = await loginAs(h.app, manager.email);
    backup = await loginAs(h.app, b.email);
  });

  it('logs a call for the actor by default, with names resolved and the time defaulting to now', async () => {
    const before = Date.now();
    const res = await post(am, { type: 'call', companyId: mineId, contactId: contactA, direction: 'outbound', summary: '  Agreed on a quote  ' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      type: 'call',
      employeeId: amId,
      employeeName: 'Ivan Manager',
      companyId: mineId,
      companyName: 'Mine LLC',
      contactId: contactA,
      contactName: 'Olga Buyer',
      direction: 'outbound',
      summary: 'Agreed on a quote',
      archivedAt: null,
    });
    expect(new Date(body.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const read = await h.app.inject({ method: 'GET', url: `/api/v1/activities/${body.id}`, headers: backup });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  it('lets only management log on behalf of someone else', async () => {
    const denied = await post(am, { type: 'note', companyId: mineId, employeeId: backupId });
    expect(denied.statusCode).toBe(403);
    const ok = await post(head, { type: 'visit', companyId: mineId, employeeId: amId });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().employeeId).toBe(amId);
    const unknown = await post(head, { type: 'visit', companyId: mineId, employeeId: 999999 });
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown)).toEqual(['employeeId']);
  });

  it('rejects a contact from another company, or an unknown one, with a 400 naming contactId', async () => {
    for (const contactId of [contactA2, contactB, 999999]) {
      const res = await post(am, { type: 'call', companyId: mineId, contactId });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['contactId']);
    }
  });

  it('hides a company outside the portfolio: 400 on reference, 404 by id, absent from lists', async () => {
    const ref = await post(am, { type: 'call', companyId: theirsId });
    expect(ref.statusCode).toBe(400);
    expect(fields(ref)).toEqual(['companyId']);
    const hidden = (await post(head, { type: 'meeting', companyId: theirsId, contactId: contactB, summary: 'secret' })).json();
    for (const call of [
      { method: 'GET' as const, url: `/api/v1/activities/${hidden.id}` },
      { method: 'PATCH' as const, url: `/api/v1/activities/${hidden.id}`, payload: { summary: 'x' } },
      { method: 'POST' as const, url: `/api/v1/activities/${hidden.id}/archive` },
    ]) {
      expect((await h.app.inject({ ...call, headers: am })).statusCode).toBe(404);
    }
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/activities?limit=200`, headers: am })).json();
    expect(list.items.map((a: { id: number }) => a.id)).not.toContain(hidden.id);
    const filtered = (await h.app.inject({ method: 'GET', url: `/api/v1/activities?companyId=${theirsId}`, headers: am })).json();
    expect(filtered.items).toEqual([]);
    // Moving one's own activity onto a hidden client is a bad reference too.
    const mineAct = (await post(am, { type: 'note', companyId: mineId })).json();
    const move = await patch(am, mineAct.id, { companyId: theirsId });
    expect(move.statusCode).toBe(400);
    expect(fields(move)).toEqual(['companyId']);
  });

  it.each([
    ['an unknown type', { type: 'fax', companyId: 1 }, 'type'],
    ['a missing company', { type: 'call' }, 'companyId'],
    ['a date-time without offset', { type: 'call', companyId: 1, occurredAt: '2026-01-01 10:00' }, 'occurredAt'],
    ['an unknown direction', { type: 'call', companyId: 1, direction: 'sideways' }, 'direction'],
    ['an oversized summary', { type: 'note', companyId: 1, summary: 'x'.repeat(10001) }, 'summary'],
  ])('rejects %s with a 400 naming the field', async (_label, payload, field) => {
    const res = await post(head, payload);
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
  });

  it('answers 404 for an unknown activity', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/activities/999999', headers: head })).statusCode).toBe(404);
    expect((await patch(head, 999999, { summary: 'x' })).statusCode).toBe(404);
  });

  it('lets the author and management edit, but not a teammate who can read it', async () => {
    const act = (await post(am, { type: 'call', companyId: mineId, summary: 'first' })).json();
    const teammate = await patch(backup, act.id, { summary: 'overwritten' });
    expect(teammate.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/activities/${act.id}/archive`, headers: backup })).statusCode).toBe(403);
    const own = await patch(am, act.id, { summary: 'second', type: 'meeting', occurredAt: '2026-02-03T10:00:00+03:00' });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ summary: 'second', type: 'meeting', occurredAt: '2026-02-03T07:00:00.000Z' });
    expect((await patch(am, act.id, { employeeId: backupId })).statusCode).toBe(403);
    const reassigned = await patch(head, act.id, { employeeId: backupId, summary: 'by head' });
    expect(reassigned.statusCode).toBe(200);
    expect(reassigned.json()).toMatchObject({ employeeId: backupId, summary: 'by head' });
  });

  it('keeps the contact consistent when the activity moves to another company', async () => {
    const act = (await post(am, { type: 'call', companyId: mineId, contactId: contactA })).json();
    const orphaned = await patch(am, act.id, { companyId: mine2Id });
    expect(orphaned.statusCode).toBe(400);
    expect(fields(orphaned)).toEqual(['contactId']);
    const moved = await patch(am, act.id, { companyId: mine2Id, contactId: contactA2 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ companyId: mine2Id, contactId: contactA2, contactName: 'Petr Second' });
    const cleared = await patch(am, act.id, { contactId: null });
    expect(cleared.json().contactId).toBeNull();
  });

  it('archives an activity out of the default list and restores it', async () => {
    const act = (await post(am, { type: 'note', companyId: mine2Id, summary: 'archivable' })).json();
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/activities/${act.id}/archive`, headers: am });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    const ids = async (qs: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/v1/activities?companyId=${mine2Id}&limit=200${qs}`, headers: am })).json().items.map((a: { id: number }) => a.id);
    expect(await ids('')).not.toContain(act.id);
    expect(await ids('&includeArchived=true')).toContain(act.id);
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/activities/${act.id}/restore`, headers: am });
    expect(restored.json().archivedAt).toBeNull();
    expect(await ids('')).toContain(act.id);
  });
});

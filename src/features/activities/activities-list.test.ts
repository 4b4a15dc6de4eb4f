import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('activities list', () => {
  const h = useApp();
  let head: { cookie: string };
  let companyId: number;
  let contactId: number;
  let annaId: number;
  let borisId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'director' });
    annaId = (await makeEmployee(h.ctx.db)).id;
    borisId = (await makeEmployee(h.ctx.db)).id;
    companyId = (await makeCompany(h.ctx.db, { ownerId: annaId })).id;
    const otherCompany = (await makeCompany(h.ctx.db)).id;
    contactId = (await h.ctx.db.insertInto('contacts').values({ company_id: companyId, name: 'C' }).returning('id').executeTakeFirstOrThrow()).id;
    head = await loginAs(h.app, hs.email);
    // Two pairs share a timestamp so paging must break ties by id.
    const rows: Array<[string, string, number, number, number | null, string]> = [
      ['a1', 'call', annaId, companyId, contactId, '2026-03-01T09:00:00Z'],
      ['a2', 'email', annaId, companyId, null, '2026-03-02T09:00:00Z'],
      ['a3', 'call', borisId, companyId, contactId, '2026-03-02T09:00:00Z'],
      ['a4', 'visit', borisId, companyId, null, '2026-03-05T12:00:00Z'],
      ['a5', 'note', annaId, companyId, null, '2026-03-05T12:00:00Z'],
      ['a6', 'call', annaId, otherCompany, null, '2026-03-03T00:00:00Z'],
    ];
    for (const [key, type, employee_id, company_id, contact_id, occurred_at] of rows) {
      const row = await h.ctx.db.insertInto('activities').values({ type, employee_id, company_id, contact_id, occurred_at }).returning('id').executeTakeFirstOrThrow();
      ids[key] = row.id;
    }
  });

  const keys = async (qs: string) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/activities?${qs}`, headers: head });
    expect(res.statusCode).toBe(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return res.json().items.map((a: { id: number }) => byId[a.id]);
  };

  it('lists newest first by default', async () => {
    expect(await keys(`companyId=${companyId}`)).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    expect(await keys(`companyId=${companyId}&dir=asc`)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('filters by employee, contact, type and a half-open time window', async () => {
    expect(await keys(`employeeId=${borisId}`)).toEqual(['a4', 'a3']);
    expect(await keys(`contactId=${contactId}`)).toEqual(['a3', 'a1']);
    expect(await keys(`type=call&employeeId=${annaId}`)).toEqual(['a6', 'a1']);
    expect(await keys(`companyId=${companyId}&from=2026-03-02T09:00:00Z&to=2026-03-05T12:00:00Z`)).toEqual(['a3', 'a2']);
    expect(await keys(`from=2026-03-02T12:00:00%2B03:00&to=2026-03-03T00:00:01Z`)).toEqual(['a6', 'a3', 'a2']);
  });

  it('pages with a cursor through ties on the timestamp, without repeats or gaps', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/activities?companyId=${companyId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await h.app.inject({ method: 'GET', url, headers: head })).json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((a: { id: number }) => a.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a5', 'a4', 'a3', 'a2', 'a1'].map((k) => ids[k]));
  });

  it.each([
    ['from', 'from=yesterday'],
    ['type', 'type=fax'],
    ['companyId', 'companyId=abc'],
    ['sort', 'sort=summary'],
    ['cursor', 'cursor=garbage'],
  ])('rejects a bad %s with a 400 naming it', async (field, qs) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/activities?${qs}`, headers: head });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

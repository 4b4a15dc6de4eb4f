import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

describe('role policies', () => {
  const h = useApp();
  const as: Record<string, { cookie: string }> = {};
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const db = h.ctx.db;
    const admin = await makeEmployee(db, { role: 'admin' });
    const director = await makeEmployee(db, { role: 'director' });
    const head = await makeEmployee(db, { role: 'head_of_sales' });
    const lead = await makeEmployee(db, { role: 'key_account_manager' });
    const report = await makeEmployee(db, { role: 'account_manager', managerId: lead.id });
    const reportOfReport = await makeEmployee(db, { role: 'hunter', managerId: report.id });
    const outsider = await makeEmployee(db, { role: 'account_manager' });
    const operator = await makeEmployee(db, { role: 'call_centre' });
    for (const [k, e] of Object.entries({ admin, director, head, lead, report, outsider, operator })) {
      as[k] = await loginAs(h.app, e.email);
      ids[k] = e.id;
    }
    ids.leadCompany = (await makeCompany(db, { ownerId: lead.id })).id;
    ids.reportCompany = (await makeCompany(db, { ownerId: report.id })).id;
    ids.deepCompany = (await makeCompany(db, { ownerId: reportOfReport.id })).id;
    ids.outsiderCompany = (await makeCompany(db, { ownerId: outsider.id })).id;
  });

  const get = (url: string, who: string) => h.app.inject({ method: 'GET', url, headers: as[who] });
  const put = (role: string, payload: object, who = 'admin') => h.app.inject({ method: 'PUT', url: `/api/v1/policies/${role}`, headers: as[who], payload });
  const visibleIds = async (who: string) => ((await get('/api/v1/companies?limit=200', who)).json().items as { id: number }[]).map((c) => c.id).sort();

  it('seeds the domain defaults for all eight roles', async () => {
    const res = await get('/api/v1/policies', 'director');
    expect(res.statusCode).toBe(200);
    const byRole = Object.fromEntries((res.json().items as { role: string }[]).map((p) => [p.role, p]));
    expect(Object.keys(byRole).sort()).toEqual(['account_manager', 'admin', 'call_centre', 'customer_service', 'director', 'head_of_sales', 'hunter', 'key_account_manager']);
    expect(byRole.account_manager).toMatchObject({ clientScope: 'own', maskPhones: true, maskEmails: true });
    expect(byRole.hunter).toMatchObject({ clientScope: 'own', maskPhones: true });
    expect(byRole.call_centre).toMatchObject({ clientScope: 'all', maskPhones: true, maskEmails: true, exportAllowed: false });
    expect(byRole.head_of_sales).toMatchObject({ clientScope: 'all', maskPhones: false, maskEmails: false });
    expect(byRole.director).toMatchObject({ clientScope: 'all', maskPhones: false, maskEmails: false });
  });

  it('lets management read policies and only an admin change them', async () => {
    expect((await get('/api/v1/policies', 'report')).statusCode).toBe(403);
    expect((await put('hunter', { revealDailyLimit: 3 }, 'director')).statusCode).toBe(403);
    expect((await put('hunter', { revealDailyLimit: 3 }, 'head')).statusCode).toBe(403);
  });

  it.each([
    ['an unknown scope', { clientScope: 'galaxy' }, 'clientScope'],
    ['a negative limit', { revealDailyLimit: -1 }, 'revealDailyLimit'],
    ['an unknown key', { seeEverything: true }, ''],
  ])('rejects %s with a 400', async (_l, payload, field) => {
    const res = await put('hunter', payload);
    expect(res.statusCode).toBe(400);
    if (field) expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 for an unknown role', async () => {
    expect((await put('boss', { maskPhones: false })).statusCode).toBe(400);
  });

  it("'own' sees clients with a seat; 'team' adds those of everyone the employee manages, transitively", async () => {
    expect(await visibleIds('lead')).toEqual([ids.leadCompany]);
    const res = await put('key_account_manager', { clientScope: 'team' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'key_account_manager', clientScope: 'team', maskPhones: true, updatedBy: ids.admin });
    // The next request of an existing session already runs under the new policy.
    expect(await visibleIds('lead')).toEqual([ids.leadCompany, ids.reportCompany, ids.deepCompany].sort());
    expect((await get(`/api/v1/companies/${ids.outsiderCompany}`, 'lead')).statusCode).toBe(404);
    // A report does not see the lead's clients: the scope only goes down the line.
    expect(await visibleIds('report')).toEqual([ids.reportCompany]);
  });

  it('audits a policy change with the values before and after', async () => {
    const rows = await h.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'policy.update').where('entity_id', '=', 'key_account_manager').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: ids.admin, details: { before: { clientScope: 'own' }, after: { clientScope: 'team' } } });
  });

  it('audits reading a client card outside one’s own portfolio, but not one’s own', async () => {
    const before = await h.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'company.read_outside_portfolio').execute();
    expect((await get(`/api/v1/companies/${ids.reportCompany}`, 'lead')).statusCode).toBe(200);
    expect((await get(`/api/v1/companies/${ids.leadCompany}`, 'lead')).statusCode).toBe(200);
    expect((await get(`/api/v1/companies/${ids.outsiderCompany}/dossier`, 'operator')).statusCode).toBe(200);
    expect((await get(`/api/v1/companies/${ids.reportCompany}`, 'report')).statusCode).toBe(200);
    const after = await h.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'company_id', 'details'])
      .where('action', '=', 'company.read_outside_portfolio')
      .orderBy('id')
      .execute();
    expect(after.slice(before.length)).toEqual([
      { actor_id: ids.lead, company_id: ids.reportCompany, details: { via: 'company' } },
      { actor_id: ids.operator, company_id: ids.outsiderCompany, details: { via: 'dossier' } },
    ]);
  });

  it('lets the call centre read any client but not change one outside its portfolio', async () => {
    expect((await get(`/api/v1/companies/${ids.outsiderCompany}`, 'operator')).statusCode).toBe(200);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/companies/${ids.outsiderCompany}`, headers: as.operator, payload: { name: 'Угнанный' } });
    expect(patch.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/companies/${ids.outsiderCompany}/archive`, headers: as.operator })).statusCode).toBe(403);
  });

  it('shows the actor its own policy on /auth/me', async () => {
    expect((await get('/api/v1/auth/me', 'operator')).json().policy).toMatchObject({ clientScope: 'all', maskPhones: true });
  });
});

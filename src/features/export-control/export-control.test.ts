import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { authoriseExport, recordExport } from './export-control.service.js';

type Emp = { id: number; name: string; email: string; role: string };
const actor = (e: Emp) => ({ id: e.id, name: e.name, email: e.email, role: e.role as 'account_manager' });

describe('export control', () => {
  const h = useApp();
  let manager: Emp;
  let managerSession: Record<string, string>;
  let head: Emp;
  let headSession: Record<string, string>;
  let directorSession: Record<string, string>;

  beforeAll(async () => {
    manager = await makeEmployee(h.ctx.db, { name: 'Anna Manager' });
    head = await makeEmployee(h.ctx.db, { role: 'head_of_sales', name: 'Boris Head' });
    managerSession = await loginAs(h.app, manager.email);
    headSession = await loginAs(h.app, head.email);
    directorSession = await loginAs(h.app, (await makeEmployee(h.ctx.db, { role: 'director' })).email);
  });

  const audit = (action: string, actorId: number) =>
    h.ctx.db.selectFrom('audit_log').select(['details', 'entity']).where('action', '=', action).where('actor_id', '=', actorId).orderBy('id').execute();

  describe('authoriseExport', () => {
    it('lets a small export through with a marker naming who and when', async () => {
      const ok = await authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 80, format: 'csv' });
      expect(ok).toMatchObject({ approved: true, requestId: null });
      expect(ok.marker.text).toMatch(new RegExp(`^Exported by Anna Manager <${manager.email}> at \\d{4}-\\d{2}-\\d{2}T.+Z \\(ref [0-9a-f]{8}\\)$`));
    });

    it('refuses a role without export rights and logs the refusal', async () => {
      const operator = await makeEmployee(h.ctx.db, { role: 'call_centre' });
      await expect(authoriseExport(h.ctx, actor(operator), { entity: 'contacts', rowCount: 1, format: 'xlsx' })).rejects.toMatchObject({ code: 'forbidden' });
      expect((await audit('export.denied', operator.id))[0]?.details).toMatchObject({ entity: 'contacts', rowCount: 1, reason: 'not_allowed' });
    });

    it('refuses above the hard limit even with approval in sight', async () => {
      await expect(authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 501, format: 'csv' })).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('at most 500 rows'),
      });
    });

    it('above the approval line: says approval is needed and how to ask for it', async () => {
      const err = await authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 300, format: 'csv' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'forbidden', details: [{ field: 'approval', message: 'required above 100 rows' }] });
      expect((err as Error).message).toContain('This export has 300 rows; your role may export up to 100 rows without approval');
      expect((err as Error).message).toContain('POST /api/v1/export-requests {"entity":"companies","rowCount":300');
    });

    it('records the export with its row count for the audit trail and the departure signals', async () => {
      const ok = await authoriseExport(h.ctx, actor(manager), { entity: 'orders', rowCount: 42, format: 'xlsx' });
      await recordExport(h.ctx.db, actor(manager), { entity: 'orders', format: 'xlsx', rowCount: 42, marker: ok.marker });
      const [entry] = await audit('export.run', manager.id);
      expect(entry).toMatchObject({ entity: 'orders', details: { entity: 'orders', format: 'xlsx', rowCount: 42, ref: ok.marker.ref, requestId: null, via: 'api' } });
    });
  });

  describe('export requests', () => {
    let requestId: number;

    it('a manager asks; the refusal message then points at the pending request', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/export-requests',
        headers: managerSession,
        payload: { entity: 'companies', rowCount: 300, format: 'csv', reason: 'Mailing about the new price list' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ employeeId: manager.id, employeeName: 'Anna Manager', entity: 'companies', rowCount: 300, status: 'pending', decidedBy: null });
      requestId = res.json().id;
      await expect(authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 300, format: 'csv' })).rejects.toThrow(
        `Your request #${requestId} for 300 rows is waiting for the head of sales`,
      );
    });

    it('rejects requests that need no approval, exceed the hard limit, or are malformed, naming the field', async () => {
      const post = (payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/export-requests', headers: managerSession, payload });
      const small = await post({ entity: 'companies', rowCount: 50, reason: 'x' });
      expect(small.statusCode).toBe(400);
      expect(small.json().error.details[0]).toMatchObject({ field: 'rowCount', message: expect.stringContaining('needs no approval') });
      const huge = await post({ entity: 'companies', rowCount: 5000, reason: 'x' });
      expect(huge.json().error.details[0]).toMatchObject({ field: 'rowCount', message: expect.stringContaining('at most 500 rows') });
      expect((await post({ entity: 'secrets', rowCount: 300, reason: 'x' })).json().error.details[0].field).toBe('entity');
      expect((await post({ entity: 'companies', rowCount: 300 })).json().error.details[0].field).toBe('reason');
    });

    it('shows the head of sales everyone\'s pending requests and a manager only their own', async () => {
      const other = await makeEmployee(h.ctx.db);
      const otherSession = await loginAs(h.app, other.email);
      const list = await h.app.inject({ method: 'GET', url: '/api/v1/export-requests?status=pending', headers: headSession });
      expect(list.json().items.map((r: { id: number }) => r.id)).toContain(requestId);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/export-requests', headers: otherSession })).json().items).toEqual([]);
      expect((await h.app.inject({ method: 'GET', url: `/api/v1/export-requests/${requestId}`, headers: otherSession })).statusCode).toBe(404);
      expect((await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${requestId}/approve`, headers: otherSession, payload: {} })).statusCode).toBe(404);
    });

    it('only an approver may decide, never the requester', async () => {
      const own = await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${requestId}/approve`, headers: managerSession, payload: {} });
      expect(own.statusCode).toBe(403);
      const headOwn = await h.app.inject({
        method: 'POST',
        url: '/api/v1/export-requests',
        headers: headSession,
        payload: { entity: 'contacts', rowCount: 2000, reason: 'Year-end review' },
      });
      expect(headOwn.statusCode).toBe(201);
      const selfApprove = await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${headOwn.json().id}/approve`, headers: headSession, payload: {} });
      expect(selfApprove.statusCode).toBe(403);
      const byDirector = await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${headOwn.json().id}/reject`, headers: directorSession, payload: { reason: 'Not now' } });
      expect(byDirector.json()).toMatchObject({ status: 'rejected', decisionNote: 'Not now' });
    });

    it('once approved, the export goes through exactly once and the approval is used up', async () => {
      const approved = await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${requestId}/approve`, headers: headSession, payload: { note: 'OK for the mailing' } });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: head.id, decidedByName: 'Boris Head', decisionNote: 'OK for the mailing' });
      expect((await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${requestId}/reject`, headers: headSession, payload: { reason: 'late' } })).statusCode).toBe(409);

      // An approval for 300 companies rows does not cover contacts, nor more rows.
      await expect(authoriseExport(h.ctx, actor(manager), { entity: 'contacts', rowCount: 300, format: 'csv' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 301, format: 'csv' })).rejects.toMatchObject({ code: 'forbidden' });

      const [a, b] = await Promise.allSettled([
        authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 290, format: 'csv' }),
        authoriseExport(h.ctx, actor(manager), { entity: 'companies', rowCount: 290, format: 'csv' }),
      ]);
      const granted = [a, b].filter((r) => r.status === 'fulfilled');
      expect(granted).toHaveLength(1);
      expect((granted[0] as PromiseFulfilledResult<{ requestId: number }>).value.requestId).toBe(requestId);
      const used = await h.app.inject({ method: 'GET', url: `/api/v1/export-requests/${requestId}`, headers: managerSession });
      expect(used.json()).toMatchObject({ status: 'used', usedAt: expect.any(String) });
    });

    it('audits requests and decisions', async () => {
      const rows = await h.ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'export_request').where('entity_id', '=', String(requestId)).orderBy('id').execute();
      expect(rows.map((r) => r.action)).toEqual(['export_request.create', 'export_request.approve']);
    });
  });
});

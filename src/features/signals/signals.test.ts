import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import type { TestContext } from '../../../test/db.js';
import { addDays } from '../../domain/signals.js';
import { raiseAlert } from './alerts.repository.js';
import { defaultSignalsDay, DEPARTURE_ALERT, runSignals } from './signals.service.js';

// History is planted straight into audit_log at chosen times (appendAudit always stamps "now");
// the chain's hashes do not matter to the signals, which only count actions.
async function plant(ctx: TestContext, rows: Array<{ actorId: number; action: string; day: string; details?: object; n?: number }>) {
  const values = rows.flatMap((r) =>
    Array.from({ length: r.n ?? 1 }, (_, i) => ({
      at: `${r.day}T${String(9 + (i % 9)).padStart(2, '0')}:00:00Z`,
      actor_id: r.actorId,
      action: r.action,
      details: JSON.stringify(r.details ?? {}),
      prev_hash: 'x',
      hash: randomBytes(16).toString('hex'),
    })),
  );
  for (let i = 0; i < values.length; i += 500) await ctx.db.insertInto('audit_log').values(values.slice(i, i + 500)).execute();
}

// 30 ordinary days: 80-125 rows exported a day, 0-2 numbers revealed.
async function plantUsualMonth(ctx: TestContext, employeeId: number, day: string) {
  const rows = [];
  for (let i = 1; i <= 30; i++) {
    const d = addDays(day, -i);
    rows.push({ actorId: employeeId, action: 'export.run', day: d, details: { entity: 'companies', rowCount: 80 + (i % 4) * 15 } });
    if (i % 3) rows.push({ actorId: employeeId, action: 'contact.reveal', day: d, n: i % 3 });
  }
  await plant(ctx, rows);
}

describe('departure signals', () => {
  const h = useApp();
  const day = defaultSignalsDay('UTC');
  let planted: { id: number; name: string };
  let normal: { id: number };
  let head: Record<string, string>;
  let headId: number;
  let directorId: number;
  let admin: Record<string, string>;

  beforeAll(async () => {
    planted = await makeEmployee(h.ctx.db, { name: 'Ivan Leaver' });
    normal = await makeEmployee(h.ctx.db, { name: 'Olga Steady' });
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    headId = hs.id;
    directorId = (await makeEmployee(h.ctx.db, { role: 'director' })).id;
    head = await loginAs(h.app, hs.email);
    admin = await loginAs(h.app, (await makeEmployee(h.ctx.db, { role: 'admin' })).email);
    await plantUsualMonth(h.ctx, planted.id, day);
    await plantUsualMonth(h.ctx, normal.id, day);
    // The planted day: 10x the usual rows in two exports, and 30 numbers revealed.
    await plant(h.ctx, [
      { actorId: planted.id, action: 'export.run', day, details: { entity: 'companies', rowCount: 600 } },
      { actorId: planted.id, action: 'export.run', day, details: { entity: 'contacts', rowCount: 425 } },
      { actorId: planted.id, action: 'contact.reveal', day, n: 30 },
      // A normal day for the colleague.
      { actorId: normal.id, action: 'export.run', day, details: { entity: 'companies', rowCount: 110 } },
      { actorId: normal.id, action: 'contact.reveal', day, n: 1 },
    ]);
  });

  it('raises one alert for the planted scenario, with what, when and how much versus normal, and none for a normal day', async () => {
    const result = await runSignals(h.ctx, { day });
    expect(result.day).toBe(day);
    expect(result.alerts.map((a) => a.employeeId)).toEqual([planted.id]);
    expect(result.alerts[0]?.summary).toBe(
      'Ivan Leaver: exported 1,025 rows vs usual 103/day (10x); revealed 30 hidden contact details vs usual 1/day (30x)',
    );
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/alerts?status=open', headers: head });
    expect(res.statusCode).toBe(200);
    const [alert] = res.json().items;
    expect(alert).toMatchObject({ kind: DEPARTURE_ALERT, employeeId: planted.id, employeeName: 'Ivan Leaver', day, status: 'open' });
    expect(alert.evidence.signals).toEqual([
      expect.objectContaining({ metric: 'export_rows', value: 1025, usual: 102.5, ratio: 10 }),
      expect.objectContaining({ metric: 'reveals', value: 30, usual: 1, ratio: 30 }),
    ]);
  });

  it('hands the alert to the head of sales and the director as review tasks, and audits it', async () => {
    const tasks = await h.ctx.db.selectFrom('tasks').select(['assignee_id', 'title', 'origin']).where('title', 'like', 'Проверить оповещение безопасности%').orderBy('assignee_id').execute();
    expect(tasks.map((t) => t.assignee_id)).toEqual([headId, directorId]);
    expect(tasks[0]).toMatchObject({ origin: 'rule', title: expect.stringContaining(`признаки ухода сотрудника Ivan Leaver за ${day}`) });
    const audit = await h.ctx.db.selectFrom('audit_log').select(['details']).where('action', '=', 'security.alert').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ employeeId: planted.id, day, metrics: ['export_rows', 'reveals'] });
  });

  it('creates nothing when the same day runs again', async () => {
    const again = await runSignals(h.ctx, { day });
    expect(again.alerts).toEqual([]);
    const count = await h.ctx.db.selectFrom('security_alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const tasks = await h.ctx.db.selectFrom('tasks').select('id').where('title', 'like', 'Проверить оповещение безопасности%').execute();
    expect(tasks).toHaveLength(2);
  });

  it('flags a manager who stopped logging interactions while their clients kept ordering', async () => {
    const quiet = await makeEmployee(h.ctx.db, { name: 'Petr Quiet' });
    const company = await makeCompany(h.ctx.db, { ownerId: quiet.id });
    const windowFrom = addDays(day, -6);
    const acts = [];
    for (let i = 7; i < 37; i++) acts.push({ type: 'call', employee_id: quiet.id, company_id: company.id, occurred_at: `${addDays(day, -i)}T10:00:00Z` });
    for (let i = 7; i < 37; i++) acts.push({ type: 'email', employee_id: quiet.id, company_id: company.id, occurred_at: `${addDays(day, -i)}T15:00:00Z` });
    acts.push({ type: 'note', employee_id: quiet.id, company_id: company.id, occurred_at: `${windowFrom}T10:00:00Z` });
    await h.ctx.db.insertInto('activities').values(acts).execute();
    const orders = [];
    for (let i = 0; i < 37; i += 4) orders.push({ company_id: company.id, number: `Q-${i}`, ordered_on: addDays(day, -i) });
    for (let i = 1; i < 7; i += 2) orders.push({ company_id: company.id, number: `Q-extra-${i}`, ordered_on: addDays(day, -i) });
    await h.ctx.db.insertInto('orders').values(orders).execute();

    const result = await runSignals(h.ctx, { day });
    expect(result.alerts.map((a) => a.employeeName)).toEqual(['Petr Quiet']);
    expect(result.alerts[0]?.summary).toBe(
      'Petr Quiet: logged 1 client interaction in 7 days vs usual 14/week (-93%) while their clients placed 5 orders (usual 1.9/week)',
    );
    // The same drop seen the next day is not reported again within the week.
    const next = addDays(day, 1);
    if (next <= defaultSignalsDay('UTC', new Date(Date.now() + 86_400_000))) {
      expect((await runSignals(h.ctx, { day: next })).alerts.map((a) => a.employeeName)).not.toContain('Petr Quiet');
    }
  });

  it('refuses a day in the future', async () => {
    await expect(runSignals(h.ctx, { day: addDays(day, 5) })).rejects.toMatchObject({ code: 'validation' });
  });

  describe('alerts API', () => {
    it('is for the director, heads of sales and admins only', async () => {
      const manager = await loginAs(h.app, (await makeEmployee(h.ctx.db)).email);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: manager })).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: admin })).statusCode).toBe(200);
    });

    it('hides alerts about the viewer from the viewer', async () => {
      await raiseAlert(h.ctx.db, { kind: 'test', employeeId: headId, evidence: { summary: 'about the head' } });
      const items = (await h.app.inject({ method: 'GET', url: '/api/v1/alerts?kind=test', headers: head })).json().items;
      expect(items).toEqual([]);
      const all = (await h.app.inject({ method: 'GET', url: '/api/v1/alerts?kind=test', headers: admin })).json().items;
      expect(all).toHaveLength(1);
      expect((await h.app.inject({ method: 'GET', url: `/api/v1/alerts/${all[0].id}`, headers: head })).statusCode).toBe(404);
    });

    it('moves open -> reviewed -> dismissed with a reason, closes the review tasks, and audits each step', async () => {
      const { items } = (await h.app.inject({ method: 'GET', url: `/api/v1/alerts?employeeId=${planted.id}`, headers: head })).json();
      const id = items[0].id;
      expect((await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/review`, headers: admin, payload: {} })).statusCode).toBe(403);

      const reviewed = await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/review`, headers: head, payload: { note: 'Talked to Ivan' } });
      expect(reviewed.statusCode).toBe(200);
      expect(reviewed.json()).toMatchObject({ status: 'reviewed', reason: 'Talked to Ivan', reviewedBy: headId, reviewedByName: expect.any(String) });
      const openTasks = await h.ctx.db.selectFrom('tasks').select(['status', 'result']).where('title', 'like', `Проверить оповещение безопасности №${id}:%`).execute();
      expect(openTasks.every((t) => t.status === 'done' && t.result?.startsWith('Alert reviewed by'))).toBe(true);
      expect((await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/review`, headers: head, payload: {} })).statusCode).toBe(409);

      const noReason = await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/dismiss`, headers: head, payload: {} });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details[0].field).toBe('reason');
      const dismissed = await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/dismiss`, headers: head, payload: { reason: 'Annual price-list mailing, agreed with me' } });
      expect(dismissed.statusCode).toBe(200);
      expect(dismissed.json()).toMatchObject({ status: 'dismissed', reason: 'Annual price-list mailing, agreed with me' });
      expect((await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/dismiss`, headers: head, payload: { reason: 'again' } })).statusCode).toBe(409);

      const actions = await h.ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'security_alert').where('entity_id', '=', String(id)).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['security.alert', 'security_alert.review', 'security_alert.dismiss']);
    });

    it('answers 404 for an unknown alert and filters by status', async () => {
      expect((await h.app.inject({ method: 'POST', url: '/api/v1/alerts/999999/review', headers: head, payload: {} })).statusCode).toBe(404);
      const dismissed = (await h.app.inject({ method: 'GET', url: '/api/v1/alerts?status=dismissed', headers: head })).json().items;
      expect(dismissed.map((a: { employeeId: number }) => a.employeeId)).toEqual([planted.id]);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/alerts?status=closed', headers: head })).json().error.details[0].field).toBe('status');
    });
  });
});

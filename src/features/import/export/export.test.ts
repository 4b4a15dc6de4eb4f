import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../../test/factories.js';
import { useApp } from '../../../../test/harness.js';
import { multipart } from '../import.test-helpers.js';
import { startImport } from '../import.service.js';

const FIXTURES = path.resolve('test/fixtures/import');
// Exports carry "Exported by ..." marker lines (export control); the data lines are the rest.
const dataLines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l && !/^#?\s*"?Exported by /.test(l));

describe('exports API: CSV and XLSX that import back, under the role export rules', () => {
  const h = useApp();
  let director: { cookie: string };
  let manager: { cookie: string };
  let operator: { cookie: string };
  let managerId: number;

  const reimport = async (fileName: string, content: Buffer, type: string) => {
    const body = multipart(fileName, content);
    const up = await h.app.inject({ method: 'POST', url: `/api/v1/imports/files?type=${type}`, headers: { ...director, ...body.headers }, payload: body.payload });
    expect(up.json().problems).toEqual([]);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: director, payload: { fileId: up.json().fileId, type, dryRun: false, wait: true } });
    return res.json();
  };

  beforeAll(async () => {
    const d = await makeEmployee(h.ctx.db, { role: 'director' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    const cc = await makeEmployee(h.ctx.db, { role: 'call_centre' });
    managerId = am.id;
    director = await loginAs(h.app, d.email);
    manager = await loginAs(h.app, am.email);
    operator = await loginAs(h.app, cc.email);
    for (const [file, type] of [['import.xml', 'products'], ['offers.xml', 'products'], ['orders.xml', 'orders']] as const) {
      const { done } = await startImport(h.ctx, null, { type, dryRun: false, filePath: path.join(FIXTURES, file) });
      await done;
    }
    await h.ctx.db.updateTable('companies').set({ annual_potential: '1500000.50', tags: ['опт', 'VIP'] }).where('inn', '=', '7708123450').execute();
  });

  it('exports companies for Russian Excel: BOM, semicolons, decimal commas, headers the importer reads', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv', headers: director });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="companies.csv"');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = dataLines(res.body);
    expect(lines[0]).toBe('Внешний код;Наименование;Полное наименование;ИНН;КПП;Статус;Ответственный;Теги;Годовой потенциал;Адрес;Сайт');
    expect(lines).toContain('7c0d9e10-0a1b-11ef-9a01-00155d000401;Ромашка ООО;;7708123450;770801001;active;;опт, VIP;1500000,50;;');
    const audit = await h.ctx.db.selectFrom('audit_log').select(['action', 'entity', 'details']).where('action', '=', 'export.run').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity: 'companies', details: { entity: 'companies', format: 'csv', rowCount: 2 } });
  });

  it('round-trips orders through XLSX: the exported file re-imports as updates, with no duplicates', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/exports/orders.xlsx', headers: director });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const count = async () => Number((await h.ctx.db.selectFrom('order_lines').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const job = await reimport('orders.xlsx', res.rawPayload, 'orders');
    expect(job).toMatchObject({ status: 'succeeded', rowsFailed: 0, rowsImported: 3, counts: { orders: { created: 0, updated: 2 }, companies: { created: 0 }, products: { created: 0 } } });
    expect(await count()).toBe(before);
  });

  it('round-trips companies and products through an English CSV', async () => {
    for (const [entity, expected] of [['companies', { created: 0, updated: 2 }], ['products', { created: 0, updated: 4 }]] as const) {
      const res = await h.app.inject({ method: 'GET', url: `/api/v1/exports/${entity}.csv?lang=en`, headers: director });
      expect(dataLines(res.body)[0]).toMatch(/^External ID,/);
      const job = await reimport(`${entity}.csv`, res.rawPayload, entity);
      expect(job.counts[entity]).toEqual(expect.objectContaining(expected));
    }
  });

  it('gives an account manager only their own clients, with phones and emails masked as their role sees them', async () => {
    const mine = await makeCompany(h.ctx.db, { name: 'Мой клиент', ownerId: managerId });
    const theirs = await makeCompany(h.ctx.db, { name: 'Чужой клиент' });
    await h.ctx.db
      .insertInto('contacts')
      .values([
        { company_id: mine.id, name: 'Видимый', phones: ['+79123456789'], emails: ['ivan@client.ru'] },
        { company_id: theirs.id, name: 'Скрытый', phones: ['+79990000000'] },
      ])
      .execute();
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/exports/contacts.csv?lang=en', headers: manager });
    expect(res.statusCode).toBe(200);
    const lines = dataLines(res.body);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(',,,Мой клиент,Видимый,,no,+7 *** ***-**-89,i***@c***.ru,');
  });

  it('enforces the role export rules: not allowed, and above the approval line', async () => {
    const denied = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv', headers: operator });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/may not export/);
    await h.ctx.db.updateTable('role_policies').set({ export_approval_above: 0 }).where('role', '=', 'account_manager').execute();
    try {
      const big = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.xlsx', headers: manager });
      expect(big.statusCode).toBe(403);
      expect(big.json().error.message).toMatch(/^This export has 1 rows; .*approv/);
    } finally {
      await h.ctx.db.updateTable('role_policies').set({ export_approval_above: 100 }).where('role', '=', 'account_manager').execute();
    }
  });

  it('answers 400 for an unknown entity or format', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/exports/deals.csv', headers: director })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.pdf', headers: director })).statusCode).toBe(400);
  });
});
